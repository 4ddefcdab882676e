import { loadWithOverrides as load, problemsOf } from '../support/config';

function warningIds(profile: string, flat: Record<string, unknown> = {}): string[] {
  return load(profile, flat).warnings.map((w) => w.id);
}

const OTHER_REGION_VAULT = 'arn:aws:backup:us-west-2:222222222222:backup-vault:hipaa-prod-phi-copy';
const REPLICA_BUCKET = 'arn:aws:s3:::hipaa-prod-phi-replica';
const REPLICA_KEY = 'arn:aws:kms:us-west-2:222222222222:key/00000000-0000-4000-8000-000000000003';

describe('data tier defaults', () => {
  it('prod keeps 35 days of point-in-time recovery, protects the database and locks the vault in compliance mode', () => {
    expect(load('prod').config).toMatchObject({
      databaseBackupRetentionDays: 35,
      databaseDeletionProtection: true,
      backupVaultLockChangeableForDays: 3,
      backupMonthlyRetentionDays: 365,
    });
  });

  it('dev leaves the vault lock in governance mode and the database deletable', () => {
    expect(load('dev').config).toMatchObject({
      databaseDeletionProtection: false,
      backupVaultLockChangeableForDays: 0,
    });
  });

  it('replication and cross-region copy are off by default', () => {
    expect(load('prod').config).toMatchObject({
      backupCopyVaultArn: '',
      phiBucketReplicationBucketArn: '',
      phiBucketReplicationKmsKeyArn: '',
    });
  });
});

describe('data tier refusals', () => {
  it.each([
    ['databaseAllocatedStorageGiB', '10', '20'],
    ['databaseAllocatedStorageGiB', '20000', '16384'],
    ['databaseBackupRetentionDays', '0', 'point-in-time recovery'],
    ['databaseBackupRetentionDays', '36', '35'],
    ['backupMonthlyRetentionDays', '180', 'at least 365'],
    ['backupMonthlyRetentionDays', '2500', 'backupVaultLockMaxRetentionDays'],
    ['backupVaultLockChangeableForDays', '2', 'minimum cooling-off'],
    ['backupVaultLockChangeableForDays', '0', 'compliance mode'],
    ['backupVaultLockMinRetentionDays', '1', 'within a week'],
    ['backupVaultLockMinRetentionDays', '60', 'refuses the daily backups'],
    ['backupVaultLockMaxRetentionDays', '40000', '36500'],
  ])('prod %s = %s is refused', (key, value, fix) => {
    const problems = problemsOf(() => load('prod', { [key]: value }));
    expect(problems).toEqual([expect.objectContaining({ key, fix: expect.stringContaining(fix) })]);
  });

  it('a compliance-mode vault lock outside prod needs the explicit opt-in', () => {
    const [problem] = problemsOf(() => load('dev', { backupVaultLockChangeableForDays: '3' }));
    expect(problem.key).toBe('backupVaultLockChangeableForDays');
    expect(problem.fix).toContain('allowComplianceLockOutsideProd');
    expect(
      load('dev', { backupVaultLockChangeableForDays: '3', allowComplianceLockOutsideProd: 'true' }).config
        .backupVaultLockChangeableForDays,
    ).toBe(3);
  });

  it.each([
    ['not an ARN', 'my-vault', 'backup vault ARN'],
    ['another account', OTHER_REGION_VAULT.replace('222222222222', '333333333333'), "deployment's account"],
    ['the same region', OTHER_REGION_VAULT.replace('us-west-2', 'us-east-1'), 'another region'],
    [
      'a region outside allowedRegions',
      OTHER_REGION_VAULT.replace('us-west-2', 'eu-west-1'),
      'allowedRegions',
    ],
  ])('a copy vault in %s is refused', (_what, arn, fix) => {
    const [problem] = problemsOf(() => load('prod', { backupCopyVaultArn: arn }));
    expect(problem).toMatchObject({ key: 'backupCopyVaultArn', value: arn });
    expect(problem.fix).toContain(fix);
  });

  it('a copy vault in another allowed region is accepted', () => {
    expect(load('prod', { backupCopyVaultArn: OTHER_REGION_VAULT }).config.backupCopyVaultArn).toBe(
      OTHER_REGION_VAULT,
    );
  });

  it('replication without a replica key is refused', () => {
    const [problem] = problemsOf(() => load('prod', { phiBucketReplicationBucketArn: REPLICA_BUCKET }));
    expect(problem.key).toBe('phiBucketReplicationKmsKeyArn');
    expect(problem.fix).toContain('customer-managed key');
  });

  it('a replica key without a bucket is refused', () => {
    const [problem] = problemsOf(() => load('prod', { phiBucketReplicationKmsKeyArn: REPLICA_KEY }));
    expect(problem.key).toBe('phiBucketReplicationBucketArn');
  });

  it('a replica key in the deployment region is refused', () => {
    const key = REPLICA_KEY.replace('us-west-2', 'us-east-1');
    const [problem] = problemsOf(() =>
      load('prod', { phiBucketReplicationBucketArn: REPLICA_BUCKET, phiBucketReplicationKmsKeyArn: key }),
    );
    expect(problem.key).toBe('phiBucketReplicationKmsKeyArn');
    expect(problem.fix).toContain('another region');
  });

  it('replication to another allowed region is accepted', () => {
    const { config } = load('prod', {
      phiBucketReplicationBucketArn: REPLICA_BUCKET,
      phiBucketReplicationKmsKeyArn: REPLICA_KEY,
    });
    expect(config.phiBucketReplicationBucketArn).toBe(REPLICA_BUCKET);
  });
});

describe('data tier warnings', () => {
  it('prod without database deletion protection is allowed with a named warning', () => {
    expect(warningIds('prod', { databaseDeletionProtection: 'false' })).toContain(
      'BlueprintConfig-ProdDatabaseDeletionUnprotected',
    );
    expect(warningIds('prod')).not.toContain('BlueprintConfig-ProdDatabaseDeletionUnprotected');
  });
});
