import * as rds from 'aws-cdk-lib/aws-rds';
import { blueprintRuleIds, fixtureStack } from '../../support/rule-fixture';

const RULE = 'Blueprint-RdsTlsEnforced';
const TLS = { 'rds.force_ssl': '1', ssl_min_protocol_version: 'TLSv1.3' };

function instance(parameters: Record<string, string> | undefined, engine = 'postgres') {
  const stack = fixtureStack();
  const group = parameters
    ? new rds.CfnDBParameterGroup(stack, 'Parameters', {
        family: 'postgres18',
        description: 'fixture',
        parameters,
      })
    : undefined;
  new rds.CfnDBInstance(stack, 'Instance', {
    engine,
    dbInstanceClass: 'db.t4g.medium',
    allocatedStorage: '20',
    dbParameterGroupName: group?.ref,
  });
  return stack;
}

describe(RULE, () => {
  it('passes a PostgreSQL instance whose parameter group forces TLS 1.3', () => {
    expect(blueprintRuleIds(instance(TLS))).not.toContain(RULE);
  });

  it.each([
    ['rds.force_ssl=0', { ...TLS, 'rds.force_ssl': '0' }],
    ['TLS 1.2 allowed', { ...TLS, ssl_min_protocol_version: 'TLSv1.2' }],
    ['no rds.force_ssl', { ssl_min_protocol_version: 'TLSv1.3' }],
  ])('flags a parameter group with %s', (_what, parameters) => {
    expect(blueprintRuleIds(instance(parameters))).toContain(RULE);
  });

  it('flags an instance on the default parameter group', () => {
    expect(blueprintRuleIds(instance(undefined))).toContain(RULE);
  });

  it('ignores other engines', () => {
    expect(blueprintRuleIds(instance(undefined, 'mysql'))).not.toContain(RULE);
  });
});
