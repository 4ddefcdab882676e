import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnDBInstance, CfnDBParameterGroup } from 'aws-cdk-lib/aws-rds';
import { NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { BlueprintRule } from './rule';

/** What the instance's parameter group must say, as the strings RDS for PostgreSQL expects. */
export const REQUIRED_TLS_PARAMETERS: Readonly<Record<string, string>> = {
  'rds.force_ssl': '1',
  ssl_min_protocol_version: 'TLSv1.3',
};

/** The parameter group in the instance's stack that `DBParameterGroupName` refers to, if any. */
function parameterGroupOf(instance: CfnDBInstance): CfnDBParameterGroup | undefined {
  const stack = Stack.of(instance);
  const reference = stack.resolve(instance.dbParameterGroupName) as { Ref?: string } | string | undefined;
  if (reference === undefined || typeof reference === 'string' || reference.Ref === undefined)
    return undefined;
  return stack.node
    .findAll()
    .find(
      (c): c is CfnDBParameterGroup =>
        c instanceof CfnDBParameterGroup && stack.getLogicalId(c) === reference.Ref,
    );
}

/**
 * PostgreSQL instances refuse unencrypted connections and anything older than TLS 1.3 (164.312(e)(1) transmission
 * security, 164.312(e)(2)(ii) encryption). cdk-nag checks encryption at rest but not in transit.
 */
export const RdsTlsEnforced: BlueprintRule = {
  id: 'RdsTlsEnforced',
  info: 'The PostgreSQL instance does not enforce TLS 1.3: its parameter group lacks rds.force_ssl=1 and ssl_min_protocol_version=TLSv1.3 (164.312(e)(1) transmission security).',
  explanation:
    "Without rds.force_ssl=1 a client can connect in cleartext; without ssl_min_protocol_version=TLSv1.3 it can negotiate an older protocol. Both must be set in a parameter group of the blueprint's own stack (the default group sets neither).",
  check(node: CfnResource): NagRuleResult {
    if (!(node instanceof CfnDBInstance)) return NagRuleCompliance.NOT_APPLICABLE;
    const engine = Stack.of(node).resolve(node.engine);
    if (typeof engine !== 'string' || !engine.startsWith('postgres')) return NagRuleCompliance.NOT_APPLICABLE;
    const group = parameterGroupOf(node);
    if (!group) return NagRuleCompliance.NON_COMPLIANT;
    const parameters = (Stack.of(group).resolve(group.parameters) ?? {}) as Record<string, unknown>;
    return Object.entries(REQUIRED_TLS_PARAMETERS).every(
      ([name, value]) => String(parameters[name]) === value,
    )
      ? NagRuleCompliance.COMPLIANT
      : NagRuleCompliance.NON_COMPLIANT;
  },
};
