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

  constructor(private readonly pack: NagPack) {
    this.name = pack.name;
  }

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const report = this.pack.validate(context);
    return { ...report, success: !report.violations.some((v) => v.severity === 'error') };
  }
}

/**
 * Registers the check packs on the app: `cdk synth` then writes `cdk.out/validation-report.json` and fails on
 * any unacknowledged error. Tests call `validateScope` on the packs instead (see test/compliance).
 */
export function registerCheckPacks(app: IConstruct): void {
  Validations.of(app).addPlugins(...createCheckPacks(app).map((pack) => new FailOnErrorsOnly(pack)));
}
