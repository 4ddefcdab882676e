import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { PowertoolsAppLogger } from '../../../lambda/api/adapters/logger';
import { PostgresAuditReader } from '../../../lambda/api/adapters/postgres/audit-repository';
import { S3AuditArchive } from '../../../lambda/audit-export/archive';
import { AUDIT_EXPORT_ENV, loadAuditExportConfig } from '../../../lambda/audit-export/config';
import { exportAuditBatch } from '../../../lambda/audit-export/exporter';
import { chainHash } from '../../../lambda/shared/audit-chain';
import { ALPHA } from '../support/fixtures';
import { createHarness, Harness, seedPatient } from '../support/harness';
import { capturedLogText } from '../support/no-phi-in-logs';

const s3 = mockClient(S3Client);
const RETAIN_UNTIL = new Date('2033-01-01T00:00:00.000Z');
const NOW = new Date('2027-01-01T00:00:00.000Z');
let h: Harness;

beforeAll(async () => {
  h = await createHarness();
  const id = await seedPatient(h, ALPHA, ['demo-clinician']);
  for (let i = 0; i < 3; i++) await h.call('GET', `/patients/${id}`, { role: 'clinician' });
});
afterAll(() => h.close());
beforeEach(() => s3.reset());

const notFound = Object.assign(new Error('NotFound'), {
  name: 'NotFound',
  $metadata: { httpStatusCode: 404 },
});

async function runExport(batchSize = 1000) {
  const client = await h.db.reader.connect(); // the read-only audit_reader role
  try {
    return await exportAuditBatch({
      reader: new PostgresAuditReader(client),
      archive: new S3AuditArchive(
        new S3Client({}),
        'audit-archive-bucket',
        'audit/phi-api',
        'COMPLIANCE',
        () => RETAIN_UNTIL,
      ),
      prefix: 'audit/phi-api',
      batchSize,
      now: NOW,
      logger: new PowertoolsAppLogger(),
    });
  } finally {
    client.release();
  }
}

const auditTotal = async () =>
  Number((await h.db.admin.query('SELECT max(seq) AS n FROM audit_log')).rows[0].n);

describe('audit export to the Object Lock archive', () => {
  it('ships everything as NDJSON with the chain head, under Object Lock, then moves the head pointer', async () => {
    s3.on(HeadObjectCommand).rejects(notFound);
    s3.on(PutObjectCommand).resolves({});
    const total = await auditTotal();
    const result = await runExport();
    expect(result).toMatchObject({ exported: total, fromSeq: 1, toSeq: total, chainBroken: false });

    const puts = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
    expect(puts).toHaveLength(2);
    const [batch, head] = puts;
    const last = (
      await h.db.admin.query('SELECT hash FROM audit_log WHERE seq = $1', [total])
    ).rows[0].hash.toString('hex');
    expect(batch).toEqual({
      Bucket: 'audit-archive-bucket',
      Key: `audit/phi-api/records/${'1'.padStart(20, '0')}-${String(total).padStart(20, '0')}.ndjson`,
      Body: expect.any(String),
      ContentType: 'application/x-ndjson',
      Metadata: { seq: String(total), hash: last },
      ObjectLockMode: 'COMPLIANCE',
      ObjectLockRetainUntilDate: RETAIN_UNTIL,
      ChecksumAlgorithm: 'SHA256',
    });
    const lines = (batch.Body as string)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(total + 1);
    expect(lines.slice(0, -1).map((l) => l.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(lines.at(-1)).toMatchObject({ type: 'chainHead', seq: total, hash: last, records: total });
    // An archived line can be re-verified on its own: sha256(prevHash || canonical content).
    const l = lines[1];
    const recomputed = chainHash(Buffer.from(l.prevHash, 'hex'), l.seq, {
      ...l,
      occurredAt: new Date(l.occurredAt),
    });
    expect(recomputed.toString('hex')).toBe(l.hash);

    expect(head).toMatchObject({
      Bucket: 'audit-archive-bucket',
      Key: 'audit/phi-api/head.json',
      Metadata: { seq: String(total), hash: last },
      ObjectLockMode: 'COMPLIANCE',
      ObjectLockRetainUntilDate: RETAIN_UNTIL,
    });
  });

  it('continues after the archived head and ships nothing when caught up', async () => {
    const total = await auditTotal();
    const headHash = (await h.db.admin.query('SELECT hash FROM audit_log WHERE seq = $1', [total - 2]))
      .rows[0].hash;
    s3.on(HeadObjectCommand).resolves({
      Metadata: { seq: String(total - 2), hash: headHash.toString('hex') },
    });
    s3.on(PutObjectCommand).resolves({});
    expect(await runExport()).toMatchObject({ exported: 2, fromSeq: total - 1, toSeq: total });

    s3.reset();
    const tip = (await h.db.admin.query('SELECT hash FROM audit_log WHERE seq = $1', [total])).rows[0].hash;
    s3.on(HeadObjectCommand).resolves({ Metadata: { seq: String(total), hash: tip.toString('hex') } });
    expect(await runExport()).toMatchObject({ exported: 0 });
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('refuses to extend the archive from a head the database no longer agrees with, and alerts', async () => {
    s3.on(HeadObjectCommand).resolves({ Metadata: { seq: '2', hash: 'ab'.repeat(32) } });
    s3.on(PutObjectCommand).resolves({});
    const r = await runExport();
    expect(r).toMatchObject({ exported: 0, chainBroken: true });
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(capturedLogText()).toMatch(
      /"event":"AUDIT_CHAIN_BROKEN".*"brokenSeq":3.*"problem":"prev_hash_mismatch"/,
    );
  });

  it('fails loudly on 403 from HeadObject instead of restarting the chain, naming s3:ListBucket', async () => {
    // What S3 answers for a missing key when the caller lacks s3:ListBucket, and for a real denial.
    const denied = Object.assign(new Error('Forbidden'), {
      name: 'AccessDenied',
      $fault: 'client',
      $metadata: { httpStatusCode: 403 },
    });
    s3.on(HeadObjectCommand).rejects(denied);
    s3.on(PutObjectCommand).resolves({});
    const run = runExport();
    await expect(run).rejects.toThrow(/s3:ListBucket/);
    await expect(run).rejects.toThrow('s3://audit-archive-bucket/audit/phi-api/head.json');
    expect(s3.commandCalls(HeadObjectCommand).map((c) => c.args[0].input)).toEqual([
      { Bucket: 'audit-archive-bucket', Key: 'audit/phi-api/head.json' },
    ]);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('treats only 404 as "no head yet"', async () => {
    const forbiddenByStatus = Object.assign(new Error('UnknownError'), {
      $metadata: { httpStatusCode: 403 },
    });
    s3.on(HeadObjectCommand).rejects(forbiddenByStatus);
    await expect(runExport()).rejects.toThrow(/not treated as "no head yet"/i);
    s3.reset();
    s3.on(HeadObjectCommand).rejects(
      Object.assign(new Error('SlowDown'), { $metadata: { httpStatusCode: 503 } }),
    );
    await expect(runExport()).rejects.toThrow('SlowDown');
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('propagates S3 failures without moving the head', async () => {
    s3.on(HeadObjectCommand).rejects(notFound);
    s3.on(PutObjectCommand).rejects(new Error('AccessDenied'));
    await expect(runExport()).rejects.toThrow('AccessDenied');
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(1);
  });
});

describe('audit export configuration', () => {
  const VALID = {
    APP_NAME: 'phi-api',
    AWS_REGION: 'eu-west-1',
    DB_HOST: 'db.example.internal',
    DB_PORT: '5432',
    DB_NAME: 'phi',
    DB_USER: 'audit_reader',
    NODE_EXTRA_CA_CERTS: '/var/runtime/ca-cert.pem',
    ARCHIVE_BUCKET_NAME: 'audit-archive-bucket',
    ARCHIVE_OBJECT_LOCK_MODE: 'GOVERNANCE',
    ARCHIVE_RETENTION_DAYS: '2192',
  };

  it('lists exactly the required variables', () => {
    expect([...AUDIT_EXPORT_ENV].sort()).toEqual(Object.keys(VALID).sort());
    expect(loadAuditExportConfig(VALID)).toMatchObject({
      prefix: 'audit/phi-api',
      lockMode: 'GOVERNANCE',
      batchSize: 5000,
    });
  });

  it('refuses retention under six years and unknown lock modes', () => {
    expect(() => loadAuditExportConfig({ ...VALID, ARCHIVE_RETENTION_DAYS: '365' })).toThrow(
      'ARCHIVE_RETENTION_DAYS',
    );
    expect(() => loadAuditExportConfig({ ...VALID, ARCHIVE_OBJECT_LOCK_MODE: 'NONE' })).toThrow(
      'ARCHIVE_OBJECT_LOCK_MODE',
    );
  });
});
