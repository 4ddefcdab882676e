import type { ClientBase } from 'pg';
import { AuditEntry, ChainedAuditRecord, GENESIS, nextRecord } from '../../../shared/audit-chain';
import type { AuditReader } from '../../domain/ports';

interface AuditRow {
  seq: number;
  id: string;
  occurred_at: Date;
  request_id: string;
  actor_sub: string | null;
  actor_role: string | null;
  action: string;
  patient_ids: string[];
  fields: string[];
  outcome: string;
  http_status: number;
  source_ip: string | null;
  break_glass_reason: string | null;
  prev_hash: Buffer;
  hash: Buffer;
}

export const AUDIT_COLUMNS = `seq, id, occurred_at, request_id, actor_sub, actor_role, action, patient_ids,
  fields, outcome, http_status, source_ip, break_glass_reason, prev_hash, hash`;

export function toAuditRecord(r: AuditRow): ChainedAuditRecord {
  return {
    seq: r.seq,
    id: r.id,
    occurredAt: r.occurred_at,
    requestId: r.request_id,
    actorSub: r.actor_sub,
    actorRole: r.actor_role,
    action: r.action,
    patientIds: r.patient_ids,
    fields: r.fields,
    outcome: r.outcome,
    httpStatus: r.http_status,
    sourceIp: r.source_ip,
    breakGlassReason: r.break_glass_reason,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

// Serializes appends across all connections. Any constant works if every writer uses the same one.
const AUDIT_CHAIN_LOCK = '6869706161000003';

/** Reads of the chain; works for the API role and for the read-only export role. */
export class PostgresAuditReader implements AuditReader {
  constructor(protected readonly db: ClientBase) {}

  async disclosuresFor(patientId: string, limit: number): Promise<ChainedAuditRecord[]> {
    const { rows } = await this.db.query<AuditRow>(
      `SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE patient_ids @> ARRAY[$1::uuid] ORDER BY seq LIMIT $2`,
      [patientId, limit],
    );
    return rows.map(toAuditRecord);
  }

  async readChain(afterSeq: number, limit: number): Promise<ChainedAuditRecord[]> {
    const { rows } = await this.db.query<AuditRow>(
      `SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [afterSeq, limit],
    );
    return rows.map(toAuditRecord);
  }
}

export class PostgresAuditWriter extends PostgresAuditReader {
  /**
   * Takes a transaction-scoped advisory lock, then reads the head in a separate statement: under READ
   * COMMITTED each statement gets a fresh snapshot, so the head read after the lock is granted includes
   * the previous holder's committed record. (Reading the head in the same statement as the lock would use
   * a snapshot from before the wait and fork the chain.) The lock is released at COMMIT or ROLLBACK, so
   * the append is kept last in the transaction to hold it only for the final statements.
   */
  async append(entry: AuditEntry): Promise<ChainedAuditRecord> {
    await this.db.query('SELECT pg_advisory_xact_lock($1::bigint)', [AUDIT_CHAIN_LOCK]);
    const { rows } = await this.db.query<{ seq: number; hash: Buffer }>(
      'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1',
    );
    const record = nextRecord(rows[0] ?? GENESIS, entry);
    await this.db.query(
      `INSERT INTO audit_log (${AUDIT_COLUMNS}) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)`,
      [
        record.seq,
        record.id,
        record.occurredAt,
        record.requestId,
        record.actorSub,
        record.actorRole,
        record.action,
        record.patientIds,
        record.fields,
        record.outcome,
        record.httpStatus,
        record.sourceIp,
        record.breakGlassReason,
        record.prevHash,
        record.hash,
      ],
    );
    return record;
  }
}
