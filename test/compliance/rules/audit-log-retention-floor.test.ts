import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AuditRecordStore, markAuditRecordStore } from '../../../lib/compliance';
import { blueprintRuleIds, fixtureStack } from '../../support/rule-fixture';

const RULE = 'Blueprint-AuditLogRetentionFloor';

function logGroup(retention: logs.RetentionDays, marked = true) {
  const stack = fixtureStack();
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  const group = new logs.LogGroup(stack, 'Logs', { encryptionKey: key, retention });
  if (marked)
    markAuditRecordStore(group.node.defaultChild as logs.CfnLogGroup, { store: AuditRecordStore.LOG });
  return stack;
}

describe(RULE, () => {
  it.each([logs.RetentionDays.SIX_YEARS, logs.RetentionDays.TEN_YEARS, logs.RetentionDays.INFINITE])(
    'passes an audit log group kept %s days',
    (days) => {
      expect(blueprintRuleIds(logGroup(days))).not.toContain(RULE);
    },
  );

  it('flags an audit log group kept one year', () => {
    expect(blueprintRuleIds(logGroup(logs.RetentionDays.ONE_YEAR))).toContain(RULE);
  });

  it('leaves log groups that hold no audit records to their own retention', () => {
    expect(blueprintRuleIds(logGroup(logs.RetentionDays.ONE_MONTH, false))).not.toContain(RULE);
  });
});
