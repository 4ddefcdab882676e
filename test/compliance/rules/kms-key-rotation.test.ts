import * as kms from 'aws-cdk-lib/aws-kms';
import { blueprintRuleIds, fixtureStack } from '../../support/rule-fixture';

describe('Blueprint-KmsKeyRotation', () => {
  it('passes a symmetric key with rotation', () => {
    const stack = fixtureStack();
    new kms.Key(stack, 'Key', { enableKeyRotation: true });
    expect(blueprintRuleIds(stack)).not.toContain('Blueprint-KmsKeyRotation');
  });

  it('flags a symmetric key without rotation', () => {
    const stack = fixtureStack();
    new kms.Key(stack, 'Key', { enableKeyRotation: false });
    expect(blueprintRuleIds(stack)).toContain('Blueprint-KmsKeyRotation');
  });

  it('exempts asymmetric keys, which cannot rotate', () => {
    const stack = fixtureStack();
    new kms.Key(stack, 'Key', { keySpec: kms.KeySpec.RSA_2048, keyUsage: kms.KeyUsage.SIGN_VERIFY });
    expect(blueprintRuleIds(stack)).not.toContain('Blueprint-KmsKeyRotation');
  });
});
