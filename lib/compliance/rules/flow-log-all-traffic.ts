import { CfnResource } from 'aws-cdk-lib';
import { CfnFlowLog } from 'aws-cdk-lib/aws-ec2';
import { NagRuleCompliance, NagRuleResult, NagRules } from 'cdk-nag';
import { BlueprintRule } from './rule';

/** Flow logs capture accepted and rejected traffic (164.312(b) audit controls). */
export const FlowLogAllTraffic: BlueprintRule = {
  id: 'FlowLogAllTraffic',
  info: 'The VPC flow log does not capture ALL traffic (164.312(b) audit controls).',
  explanation:
    'A flow log of only ACCEPT or only REJECT traffic hides either the connections that reached PHI systems or the probes that did not.',
  check(node: CfnResource): NagRuleResult {
    if (!(node instanceof CfnFlowLog)) return NagRuleCompliance.NOT_APPLICABLE;
    return NagRules.resolveIfPrimitive(node, node.trafficType) === 'ALL'
      ? NagRuleCompliance.COMPLIANT
      : NagRuleCompliance.NON_COMPLIANT;
  },
};
