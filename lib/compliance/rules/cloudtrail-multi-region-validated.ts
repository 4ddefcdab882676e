import { CfnResource } from 'aws-cdk-lib';
import { CfnTrail } from 'aws-cdk-lib/aws-cloudtrail';
import { NagRuleCompliance, NagRuleResult, NagRules } from 'cdk-nag';
import { BlueprintRule } from './rule';

/**
 * A trail records every region and the global services, and signs its log files with digest files, so activity in
 * an unused region is not missed and an edited or deleted log file is detected (164.312(b), 164.312(c)(2)).
 */
export const CloudTrailMultiRegionValidated: BlueprintRule = {
  id: 'CloudTrailMultiRegionValidated',
  info: 'The trail is not multi-region, leaves out global service events, or has no log file validation (164.312(b) audit controls, 164.312(c)(2) integrity).',
  explanation:
    'An attacker works where nobody looks: a single-region trail misses other regions and global services such as IAM, and without digest files nobody can prove the log files were not edited or removed.',
  check(node: CfnResource): NagRuleResult {
    if (!(node instanceof CfnTrail)) return NagRuleCompliance.NOT_APPLICABLE;
    const multiRegion = NagRules.resolveIfPrimitive(node, node.isMultiRegionTrail) === true;
    const validated = NagRules.resolveIfPrimitive(node, node.enableLogFileValidation) === true;
    // CloudFormation's default when the property is absent is true.
    const globalEvents = NagRules.resolveIfPrimitive(node, node.includeGlobalServiceEvents) !== false;
    return multiRegion && validated && globalEvents
      ? NagRuleCompliance.COMPLIANT
      : NagRuleCompliance.NON_COMPLIANT;
  },
};
