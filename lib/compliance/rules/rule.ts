import { CfnResource } from 'aws-cdk-lib';
import { NagRuleResult } from 'cdk-nag';

/** A rule of the project's own pack: a pure function of one resource, with its HIPAA reference in `info`. */
export interface BlueprintRule {
  /** Becomes `Blueprint-<id>` in reports and acknowledgements. */
  readonly id: string;
  readonly info: string;
  readonly explanation: string;
  check(node: CfnResource): NagRuleResult;
}
