import { ChainedAuditRecord, ChainVerifier, GENESIS } from '../shared/audit-chain';
import type { AppLogger } from '../api/adapters/logger';
import type { AuditReader } from '../api/domain/ports';
import type { AuditArchive } from './archive';

export interface ExportResult {
  exported: number;
  fromSeq: number | null;
  toSeq: number | null;
  objectKey: string | null;
  chainBroken: boolean;
}

/** One archived line per record; hashes as hex so the file verifies with any SHA-256 tool. */
export function toNdjsonLine(r: ChainedAuditRecord): string {
  return JSON.stringify({
    type: 'auditRecord',
    seq: r.seq,
    id: r.id,
    occurredAt: r.occurredAt.toISOString(),
    requestId: r.requestId,
    actorSub: r.actorSub,
    actorRole: r.actorRole,
    action: r.action,
    patientIds: r.patientIds,
    fields: r.fields,
    outcome: r.outcome,
    httpStatus: r.httpStatus,
    sourceIp: r.sourceIp,
    breakGlassReason: r.breakGlassReason,
    prevHash: r.prevHash.toString('hex'),
    hash: r.hash.toString('hex'),
  });
}

/**
 * Ships the records after the archived head as one NDJSON object whose last line is the new chain head,
 * then moves the head pointer. Each batch is verified against the archived head first: a chain broken
 * in the database is shipped only up to the break, and an alert is logged; the archive keeps the proof
 * of what the trail looked like before.
 */
export async function exportAuditBatch(o: {
  reader: AuditReader;
  archive: AuditArchive;
  prefix: string;
  batchSize: number;
  now: Date;
  logger: AppLogger;
}): Promise<ExportResult> {
  const head = await o.archive.readHead();
  const start = head ? { seq: head.seq, hash: Buffer.from(head.hashHex, 'hex') } : GENESIS;
  const records = await o.reader.readChain(start.seq, o.batchSize);
  const verifier = new ChainVerifier(start);
  const valid: ChainedAuditRecord[] = [];
  for (const r of records) {
    if (!verifier.accept(r)) break;
    valid.push(r);
  }
  const verdict = verifier.result();
  if (verdict.firstBroken) {
    o.logger.error('AUDIT_CHAIN_BROKEN', {
      brokenSeq: verdict.firstBroken.seq,
      problem: verdict.firstBroken.problem,
    });
  }
  if (valid.length === 0) {
    return { exported: 0, fromSeq: null, toSeq: null, objectKey: null, chainBroken: !verdict.ok };
  }

  const from = valid[0].seq;
  const to = valid[valid.length - 1].seq;
  const pad = (n: number) => String(n).padStart(20, '0');
  const objectKey = `${o.prefix}/records/${pad(from)}-${pad(to)}.ndjson`;
  const headLine = {
    type: 'chainHead',
    seq: verdict.head.seq,
    hash: verdict.head.hash.toString('hex'),
    previousHead: { seq: start.seq, hash: start.hash.toString('hex') },
    records: valid.length,
    exportedAt: o.now.toISOString(),
  };
  const body = [...valid.map(toNdjsonLine), JSON.stringify(headLine)].join('\n') + '\n';
  const meta = { seq: String(verdict.head.seq), hash: verdict.head.hash.toString('hex') };
  await o.archive.put(objectKey, body, 'application/x-ndjson', meta);
  // The pointer moves only after the batch is stored: a crash in between re-ships the same range under
  // the same key next time (a new locked version), never skips records.
  await o.archive.put(
    `${o.prefix}/head.json`,
    JSON.stringify({ ...meta, objectKey, exportedAt: headLine.exportedAt }),
    'application/json',
    meta,
  );
  o.logger.info('AUDIT_EXPORTED', { fromSeq: from, toSeq: to, count: valid.length, objectKey });
  return { exported: valid.length, fromSeq: from, toSeq: to, objectKey, chainBroken: !verdict.ok };
}
