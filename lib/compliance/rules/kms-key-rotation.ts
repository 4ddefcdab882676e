import { CfnResource } from 'aws-cdk-lib';
import { CfnKey } from 'aws-cdk-lib/aws-kms';
import { NagRuleCompliance, NagRuleResult, NagRules } from 'cdk-nag';
import { BlueprintRule } from './rule';

/** Symmetric customer-managed keys rotate their key material (164.312(a)(2)(iv), NIST SC-12). */
export const KmsKeyRotation: BlueprintRule = {
  id: 'KmsKeyRotation',
  info: 'The KMS key does not rotate its key material automatically (164.312(a)(2)(iv) encryption and decryption).',
  explanation:
    'Yearly automatic rotation limits the data protected by any one key version; asymmetric and HMAC keys cannot rotate and are exempt.',
  check(node: CfnResource): NagRuleResult {
    if (!(node instanceof CfnKey)) return NagRuleCompliance.NOT_APPLICABLE;
    const spec = NagRules.resolveIfPrimitive(node, node.keySpec) ?? 'SYMMETRIC_DEFAULT';
    if (spec !== 'SYMMETRIC_DEFAULT') return NagRuleCompliance.NOT_APPLICABLE;
    return NagRules.resolveIfPrimitive(node, node.enableKeyRotation) === true
      ? NagRuleCompliance.COMPLIANT
      : NagRuleCompliance.NON_COMPLIANT;
  },
};
