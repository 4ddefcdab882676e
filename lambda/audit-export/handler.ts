import { S3Client } from '@aws-sdk/client-s3';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { PowertoolsAppLogger } from '../api/adapters/logger';
import { PostgresAuditReader } from '../api/adapters/postgres/audit-repository';
import { createIamPool } from '../api/adapters/postgres/pool';
import { S3AuditArchive } from './archive';
import { loadAuditExportConfig } from './config';
import { exportAuditBatch, ExportResult } from './exporter';

const config = loadAuditExportConfig();
const logger = new PowertoolsAppLogger();
const pool = createIamPool({
  ...config.db,
  region: config.region,
  max: 1,
  onIdleError: (e) => logger.warn('DB_CONNECTION_LOST', { errorName: e.name }),
});
const archive = new S3AuditArchive(
  new S3Client({ region: config.region }),
  config.bucket,
  config.prefix,
  config.lockMode,
  () => new Date(Date.now() + config.retentionDays * 86_400_000),
);

/** Ships batches until caught up, the chain breaks, or less than a minute of the timeout is left. */
export const handler = async (_event: ScheduledEvent, context: Context): Promise<{ exported: number }> => {
  const client = await pool.connect();
  let exported = 0;
  try {
    const reader = new PostgresAuditReader(client);
    for (;;) {
      let r: ExportResult;
      try {
        r = await exportAuditBatch({
          reader,
          archive,
          prefix: config.prefix,
          batchSize: config.batchSize,
          now: new Date(),
          logger,
        });
      } catch (e) {
        logger.error('AUDIT_EXPORT_FAILED', { errorName: (e as { name?: string }).name ?? 'error' });
        throw e;
      }
      exported += r.exported;
      if (r.chainBroken || r.exported < config.batchSize || context.getRemainingTimeInMillis() < 60_000)
        break;
    }
  } finally {
    client.release();
  }
  return { exported };
};
