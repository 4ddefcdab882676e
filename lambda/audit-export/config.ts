import { DB_ENV, DbConfig, integer, loadDbConfig, required } from '../api/config';

/**
 * Environment of the audit-export function (scheduled, e.g. every 5 minutes):
 *
 * | variable                  | meaning                                                                 |
 * |---------------------------|-------------------------------------------------------------------------|
 * | APP_NAME                  | app name; the default archive prefix is audit/<APP_NAME>                 |
 * | AWS_REGION                | set by Lambda                                                           |
 * | DB_HOST, DB_PORT, DB_NAME | the RDS endpoint, as for the API                                        |
 * | DB_USER                   | `audit_reader`: SELECT on audit_log only (IAM database authentication)  |
 * | NODE_EXTRA_CA_CERTS       | /var/runtime/ca-cert.pem                                                |
 * | ARCHIVE_BUCKET_NAME       | the Object Lock audit archive bucket                                    |
 * | ARCHIVE_OBJECT_LOCK_MODE  | COMPLIANCE (prod) or GOVERNANCE (dev), from the same setting as the bucket |
 * | ARCHIVE_RETENTION_DAYS    | >= 2192 (six years), the project's single retention setting             |
 * | ARCHIVE_PREFIX            | optional, default audit/<APP_NAME>                                      |
 * | EXPORT_BATCH_SIZE         | optional, default 5000 records per object                               |
 */
export const AUDIT_EXPORT_ENV = [
  'APP_NAME',
  'AWS_REGION',
  ...DB_ENV,
  'NODE_EXTRA_CA_CERTS',
  'ARCHIVE_BUCKET_NAME',
  'ARCHIVE_OBJECT_LOCK_MODE',
  'ARCHIVE_RETENTION_DAYS',
] as const;
export const AUDIT_EXPORT_OPTIONAL_ENV = ['ARCHIVE_PREFIX', 'EXPORT_BATCH_SIZE'] as const;

export type ObjectLockMode = 'COMPLIANCE' | 'GOVERNANCE';

export interface AuditExportConfig {
  appName: string;
  region: string;
  db: DbConfig;
  bucket: string;
  prefix: string;
  lockMode: ObjectLockMode;
  retentionDays: number;
  batchSize: number;
}

/** Six years (HIPAA documentation retention, 45 CFR 164.316(b)(2)) including two leap days. */
export const MIN_RETENTION_DAYS = 2192;

export function loadAuditExportConfig(
  env: Record<string, string | undefined> = process.env,
): AuditExportConfig {
  required(env, 'NODE_EXTRA_CA_CERTS');
  const appName = required(env, 'APP_NAME');
  const lockMode = required(env, 'ARCHIVE_OBJECT_LOCK_MODE');
  if (lockMode !== 'COMPLIANCE' && lockMode !== 'GOVERNANCE') {
    throw new Error('Environment variable ARCHIVE_OBJECT_LOCK_MODE must be COMPLIANCE or GOVERNANCE.');
  }
  const prefix = (env.ARCHIVE_PREFIX ?? `audit/${appName}`).replace(/\/+$/, '');
  return {
    appName,
    region: required(env, 'AWS_REGION'),
    db: loadDbConfig(env),
    bucket: required(env, 'ARCHIVE_BUCKET_NAME'),
    prefix,
    lockMode,
    retentionDays: integer(env, 'ARCHIVE_RETENTION_DAYS', undefined, MIN_RETENTION_DAYS, 36500),
    batchSize: integer(env, 'EXPORT_BATCH_SIZE', 5000, 1, 50_000),
  };
}
