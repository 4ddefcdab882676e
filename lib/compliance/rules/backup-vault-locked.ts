import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnBackupVault } from 'aws-cdk-lib/aws-backup';
import { NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { BlueprintRule } from './rule';

/**
 * Backup vaults carry a vault lock with a minimum retention (164.308(a)(7)(ii)(A) data backup plan,
 * 164.312(c)(1) integrity): recovery points cannot be deleted early, by mistake or by an attacker.
 */
export const BackupVaultLocked: BlueprintRule = {
  id: 'BackupVaultLocked',
  info: 'The backup vault has no vault lock with a minimum retention (164.308(a)(7)(ii)(A) data backup plan).',
  explanation:
    'Without a vault lock anyone with backup:DeleteRecoveryPoint can delete the backups, for example ransomware with stolen credentials; the lock enforces a minimum retention (and, in compliance mode, cannot be removed).',
  check(node: CfnResource): NagRuleResult {
    if (!(node instanceof CfnBackupVault)) return NagRuleCompliance.NOT_APPLICABLE;
    const lock = Stack.of(node).resolve(node.lockConfiguration) as { minRetentionDays?: unknown } | undefined;
    return typeof lock?.minRetentionDays === 'number' && lock.minRetentionDays > 0
      ? NagRuleCompliance.COMPLIANT
      : NagRuleCompliance.NON_COMPLIANT;
  },
};
