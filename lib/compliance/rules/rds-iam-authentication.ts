import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnDBInstance } from 'aws-cdk-lib/aws-rds';
import { NagRuleCompliance, NagRuleResult, NagRules } from 'cdk-nag';
import { BlueprintRule } from './rule';

/** Engines whose instances support IAM database authentication. */
const IAM_AUTH_ENGINES = ['postgres', 'mysql', 'mariadb'];

/**
 * Database instances accept IAM database authentication (164.312(d) person or entity authentication,
 * 164.312(a)(2)(i) unique user identification): short-lived tokens tied to an IAM principal instead of shared
 * long-lived passwords.
 */
export const RdsIamAuthentication: BlueprintRule = {
  id: 'RdsIamAuthentication',
  info: 'The database instance does not enable IAM database authentication (164.312(d) person or entity authentication).',
  explanation:
    'With IAM authentication every connection is made with a 15-minute token issued to one IAM principal and logged by CloudTrail; applications then need no stored database password.',
  check(node: CfnResource): NagRuleResult {
    if (!(node instanceof CfnDBInstance)) return NagRuleCompliance.NOT_APPLICABLE;
    const engine = Stack.of(node).resolve(node.engine);
    if (typeof engine !== 'string' || !IAM_AUTH_ENGINES.some((e) => engine.startsWith(e))) {
      return NagRuleCompliance.NOT_APPLICABLE;
    }
    return NagRules.resolveIfPrimitive(node, node.enableIamDatabaseAuthentication) === true
      ? NagRuleCompliance.COMPLIANT
      : NagRuleCompliance.NON_COMPLIANT;
  },
};
