import {
  IPolicyValidationContext,
  IPolicyValidationPlugin,
  PolicyValidationPluginReport,
  Validations,
} from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NagPack, NIST80053R5Checks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { BlueprintChecks } from './blueprint-checks';

/** The packs every stack is checked against. */
export function createCheckPacks(scope?: IConstruct): NagPack[] {
  return [
    new HIPAASecurityChecks(scope),
    new AwsSolutionsChecks(scope),
    new NIST80053R5Checks(scope),
    new BlueprintChecks(scope),
  ];
}

/**
 * cdk-nag marks a pack's report failed when it has any violation, warnings included. The blueprint fails the
 * synthesis on errors only; warnings stay in the report for review.
 */
class FailOnErrorsOnly implements IPolicyValidationPlugin {
  public readonly name: string;
  /** Set once the CDK has run the pack during synthesis. */
  public result?: PackResult;

  constructor(private readonly pack: NagPack) {
    this.name = pack.name;
  }

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const report = this.pack.validate(context);
    const count = (severity: string) =>
      report.violations
        .filter((v) => (v.severity ?? 'error') === severity)
        .reduce((sum, v) => sum + v.violatingResources.length, 0);
    this.result = { pack: this.name, errors: count('error'), warnings: count('warning') };
    return { ...report, success: this.result.errors === 0 };
  }
}

/** What one pack found during a synthesis (unacknowledged findings only). */
export interface PackResult {
  readonly pack: string;
  readonly errors: number;
  readonly warnings: number;
}

/** The registered packs; after `app.synth()` they say what they found, for the line synthesis prints. */
export class RegisteredChecks {
  constructor(private readonly plugins: readonly FailOnErrorsOnly[]) {}

  /** One result per pack, or undefined for a pack that did not run (the CDK skipped validation). */
  public results(): (PackResult | undefined)[] {
    return this.plugins.map((p) => p.result);
  }

  public summary(): string {
    const parts = this.plugins.map((p) =>
      p.result
        ? `${p.name}: ${p.result.errors} errors, ${p.result.warnings} warnings`
        : `${p.name}: did not run`,
    );
    return `Compliance checks: ${parts.join('; ')}`;
  }
}

/**
 * Registers the check packs on the app: `cdk synth` then writes `cdk.out/validation-report.json` and fails on
 * any unacknowledged error. Tests call `validateScope` on the packs instead (see test/compliance).
 */
export function registerCheckPacks(app: IConstruct): RegisteredChecks {
  const plugins = createCheckPacks(app).map((pack) => new FailOnErrorsOnly(pack));
  Validations.of(app).addPlugins(...plugins);
  return new RegisteredChecks(plugins);
}
