import { Duration } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { blueprintRuleIds, fixtureStack } from '../../support/rule-fixture';

describe('Blueprint-KmsKeyDeletionWindow', () => {
  it('passes a 30-day deletion window', () => {
    const stack = fixtureStack();
    new kms.Key(stack, 'Key', { enableKeyRotation: true, pendingWindow: Duration.days(30) });
    expect(blueprintRuleIds(stack)).not.toContain('Blueprint-KmsKeyDeletionWindow');
  });

  it('flags a 7-day deletion window', () => {
    const stack = fixtureStack();
    new kms.Key(stack, 'Key', { enableKeyRotation: true, pendingWindow: Duration.days(7) });
    expect(blueprintRuleIds(stack)).toContain('Blueprint-KmsKeyDeletionWindow');
  });
});
