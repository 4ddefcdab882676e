import { CfnResource } from 'aws-cdk-lib';
import { CfnLogGroup } from 'aws-cdk-lib/aws-logs';
import { NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { BlueprintRule } from './rule';

/**
 * Every log group states its retention and uses a customer-managed key (164.312(b), 164.312(a)(2)(iv)).
 * Logs can hold PHI by accident; an unset retention keeps them forever and an AWS-owned key cannot be audited.
 */
export const LogGroupEncryptedAndRetained: BlueprintRule = {
  id: 'LogGroupEncryptedAndRetained',
  info: 'The log group has no customer-managed KMS key or no explicit retention (164.312(b), 164.312(a)(2)(iv)).',
  explanation:
    'Every log group must say how long it keeps records and be encrypted with a key whose use is logged and whose policy the blueprint controls.',
  check(node: CfnResource): NagRuleResult {
    if (!(node instanceof CfnLogGroup)) return NagRuleCompliance.NOT_APPLICABLE;
    return node.kmsKeyId !== undefined && node.retentionInDays !== undefined
      ? NagRuleCompliance.COMPLIANT
      : NagRuleCompliance.NON_COMPLIANT;
  },
};
