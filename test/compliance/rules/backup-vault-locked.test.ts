import * as backup from 'aws-cdk-lib/aws-backup';
import { blueprintRuleIds, fixtureStack } from '../../support/rule-fixture';

const RULE = 'Blueprint-BackupVaultLocked';

function vault(lockConfiguration?: backup.CfnBackupVault.LockConfigurationTypeProperty) {
  const stack = fixtureStack();
  new backup.CfnBackupVault(stack, 'Vault', { backupVaultName: 'fixture', lockConfiguration });
  return stack;
}

describe(RULE, () => {
  it('passes a vault locked in compliance mode', () => {
    expect(
      blueprintRuleIds(vault({ minRetentionDays: 35, maxRetentionDays: 2192, changeableForDays: 3 })),
    ).not.toContain(RULE);
  });

  it('passes a vault locked in governance mode', () => {
    expect(blueprintRuleIds(vault({ minRetentionDays: 7 }))).not.toContain(RULE);
  });

  it('flags a vault without a lock', () => {
    expect(blueprintRuleIds(vault())).toContain(RULE);
  });
});
