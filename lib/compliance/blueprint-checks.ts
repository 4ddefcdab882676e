import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagPack, NagPackProps } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { BLUEPRINT_RULES } from './rules';

export const BLUEPRINT_PACK_NAME = 'Blueprint';

/** The project's own rules: the HIPAA controls cdk-nag's packs do not check. Every rule is an error. */
export class BlueprintChecks extends NagPack {
  public readonly name = BLUEPRINT_PACK_NAME;

  constructor(scope?: IConstruct, props?: NagPackProps) {
    super(scope, props);
    this.packName = BLUEPRINT_PACK_NAME;
  }

  protected checkResource(node: CfnResource): void {
    for (const rule of BLUEPRINT_RULES) {
      this.applyRule({
        ruleSuffixOverride: rule.id,
        info: rule.info,
        explanation: rule.explanation,
        level: NagMessageLevel.ERROR,
        rule: rule.check,
        node,
      });
    }
  }
}
