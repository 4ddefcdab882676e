import { AuditArchiveObjectLock } from './audit-archive-object-lock';
import { AuditLogRetentionFloor } from './audit-log-retention-floor';
import { CloudTrailMultiRegionValidated } from './cloudtrail-multi-region-validated';
import { BackupVaultLocked } from './backup-vault-locked';
import { AlbTls13Policy } from './alb-tls13-policy';
import { FlowLogAllTraffic } from './flow-log-all-traffic';
import { KmsKeyDeletionWindow } from './kms-key-deletion-window';
import { KmsKeyRotation } from './kms-key-rotation';
import { LogGroupEncryptedAndRetained } from './log-group-encrypted-and-retained';
import { RdsIamAuthentication } from './rds-iam-authentication';
import { RdsTlsEnforced } from './rds-tls-enforced';
import { BlueprintRule } from './rule';

export type { BlueprintRule } from './rule';

/** Every rule of the project's own pack. */
export const BLUEPRINT_RULES: readonly BlueprintRule[] = [
  KmsKeyRotation,
  KmsKeyDeletionWindow,
  FlowLogAllTraffic,
  AlbTls13Policy,
  LogGroupEncryptedAndRetained,
  RdsTlsEnforced,
  RdsIamAuthentication,
  BackupVaultLocked,
  AuditArchiveObjectLock,
  CloudTrailMultiRegionValidated,
  AuditLogRetentionFloor,
];
