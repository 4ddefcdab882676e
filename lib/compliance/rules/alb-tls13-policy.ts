import { CfnResource } from 'aws-cdk-lib';
import { CfnListener } from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { NagRuleCompliance, NagRuleResult, NagRules } from 'cdk-nag';
import { TLS13_ONLY_POLICIES } from '../../config/schema';
import { BlueprintRule } from './rule';

/**
 * Every HTTPS or TLS listener pins a TLS 1.3-only security policy (164.312(e)(1) transmission security). Without
 * one, CloudFormation applies ELBSecurityPolicy-2016-08, which still accepts TLS 1.0; no cdk-nag pack checks this.
 */
export const AlbTls13Policy: BlueprintRule = {
  id: 'AlbTls13Policy',
  info: 'The HTTPS listener has no SslPolicy or one that accepts TLS below 1.3 (164.312(e)(1) transmission security).',
  explanation: `Pin one of ${TLS13_ONLY_POLICIES.join(', ')}; a listener without a policy falls back to ELBSecurityPolicy-2016-08 (TLS 1.0).`,
  check(node: CfnResource): NagRuleResult {
    if (!(node instanceof CfnListener)) return NagRuleCompliance.NOT_APPLICABLE;
    const protocol = NagRules.resolveIfPrimitive(node, node.protocol);
    if (protocol !== 'HTTPS' && protocol !== 'TLS') return NagRuleCompliance.NOT_APPLICABLE;
    const policy = NagRules.resolveIfPrimitive(node, node.sslPolicy);
    return (TLS13_ONLY_POLICIES as readonly string[]).includes(policy)
      ? NagRuleCompliance.COMPLIANT
      : NagRuleCompliance.NON_COMPLIANT;
  },
};
