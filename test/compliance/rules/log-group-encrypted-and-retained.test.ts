import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { blueprintRuleIds, fixtureStack } from '../../support/rule-fixture';

const RULE = 'Blueprint-LogGroupEncryptedAndRetained';

describe(RULE, () => {
  it('passes a log group with a customer-managed key and an explicit retention', () => {
    const stack = fixtureStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    new logs.LogGroup(stack, 'Logs', { encryptionKey: key, retention: logs.RetentionDays.SIX_YEARS });
    expect(blueprintRuleIds(stack)).not.toContain(RULE);
  });

  it('flags a log group without a key', () => {
    const stack = fixtureStack();
    new logs.LogGroup(stack, 'Logs', { retention: logs.RetentionDays.SIX_YEARS });
    expect(blueprintRuleIds(stack)).toContain(RULE);
  });

  it('flags a log group that keeps records forever by omission', () => {
    const stack = fixtureStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    new logs.CfnLogGroup(stack, 'Logs', { kmsKeyId: key.keyArn });
    expect(blueprintRuleIds(stack)).toContain(RULE);
  });
});
