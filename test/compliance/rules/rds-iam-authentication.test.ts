import * as rds from 'aws-cdk-lib/aws-rds';
import { blueprintRuleIds, fixtureStack } from '../../support/rule-fixture';

const RULE = 'Blueprint-RdsIamAuthentication';

function instance(enableIamDatabaseAuthentication: boolean | undefined, engine = 'postgres') {
  const stack = fixtureStack();
  new rds.CfnDBInstance(stack, 'Instance', {
    engine,
    dbInstanceClass: 'db.t4g.medium',
    allocatedStorage: '20',
    enableIamDatabaseAuthentication,
  });
  return stack;
}

describe(RULE, () => {
  it('passes an instance with IAM database authentication', () => {
    expect(blueprintRuleIds(instance(true))).not.toContain(RULE);
  });

  it.each([false, undefined])('flags an instance with enableIamDatabaseAuthentication %s', (value) => {
    expect(blueprintRuleIds(instance(value))).toContain(RULE);
  });

  it('ignores engines without IAM database authentication', () => {
    expect(blueprintRuleIds(instance(undefined, 'sqlserver-ex'))).not.toContain(RULE);
  });
});
