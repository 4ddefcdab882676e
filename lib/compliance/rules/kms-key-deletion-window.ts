import { CfnResource } from 'aws-cdk-lib';
import { CfnKey } from 'aws-cdk-lib/aws-kms';
import { NagRuleCompliance, NagRuleResult, NagRules } from 'cdk-nag';
import { BlueprintRule } from './rule';

/** The longest deletion window KMS allows, so a mistaken deletion can be cancelled for a month. */
export const REQUIRED_PENDING_WINDOW_DAYS = 30;

export const KmsKeyDeletionWindow: BlueprintRule = {
  id: 'KmsKeyDeletionWindow',
  info: `The KMS key's deletion waiting period is under ${REQUIRED_PENDING_WINDOW_DAYS} days (164.308(a)(7)(ii)(A) data backup plan).`,
  explanation:
    'Deleting a key makes everything encrypted under it unreadable, backups included; the longest waiting period gives the most time to notice and cancel.',
  check(node: CfnResource): NagRuleResult {
    if (!(node instanceof CfnKey)) return NagRuleCompliance.NOT_APPLICABLE;
    // CloudFormation's default when the property is absent is 30 days.
    const days = NagRules.resolveIfPrimitive(node, node.pendingWindowInDays) ?? REQUIRED_PENDING_WINDOW_DAYS;
    return days >= REQUIRED_PENDING_WINDOW_DAYS
      ? NagRuleCompliance.COMPLIANT
      : NagRuleCompliance.NON_COMPLIANT;
  },
};
