import { createHash } from 'node:crypto';

/**
 * The audit hash chain, shared by the API (which appends), the export function (which ships) and
 * `npm run audit:verify` (which checks). Pure: no database, no AWS.
 */

export interface AuditEntry {
  id: string;
  occurredAt: Date;
  requestId: string;
  actorSub: string | null;
  actorRole: string | null;
  action: string;
  patientIds: string[];
  fields: string[];
  outcome: string;
  httpStatus: number;
  sourceIp: string | null;
  breakGlassReason: string | null;
}

export interface ChainedAuditRecord extends AuditEntry {
  seq: number;
  prevHash: Buffer;
  hash: Buffer;
}

export interface ChainHead {
  seq: number;
  hash: Buffer;
}

export const GENESIS: ChainHead = { seq: 0, hash: Buffer.alloc(32) };

// A versioned JSON array rather than JSON.stringify(object): key order and the set of covered fields are
// fixed here, so adding a column later cannot silently change what older hashes meant.
function canonical(seq: number, e: AuditEntry): string {
  return JSON.stringify([
    'audit-v1',
    seq,
    e.id,
    e.occurredAt.toISOString(),
    e.requestId,
    e.actorSub,
    e.actorRole,
    e.action,
    e.patientIds,
    e.fields,
    e.outcome,
    e.httpStatus,
    e.sourceIp,
    e.breakGlassReason,
  ]);
}

/** The sequence number is inside the hash, so moving a record to another position breaks it. */
export function chainHash(prevHash: Buffer, seq: number, entry: AuditEntry): Buffer {
  return createHash('sha256').update(prevHash).update(canonical(seq, entry), 'utf8').digest();
}

export function nextRecord(head: ChainHead, entry: AuditEntry): ChainedAuditRecord {
  const seq = head.seq + 1;
  return { ...entry, seq, prevHash: head.hash, hash: chainHash(head.hash, seq, entry) };
}

export type ChainProblem = 'sequence_gap' | 'prev_hash_mismatch' | 'hash_mismatch';

export interface ChainBreak {
  seq: number;
  id: string;
  problem: ChainProblem;
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  head: ChainHead;
  firstBroken: ChainBreak | null;
}

/**
 * Walks records in ascending seq order from `start` and returns the first record that does not follow
 * from its predecessor:
 * - edited: its stored hash no longer matches its content (hash_mismatch);
 * - removed: the next record's seq skips a number (sequence_gap);
 * - reordered: the content at a position was hashed for another position or predecessor.
 * A removed tail cannot be seen from the table alone: compare the head with the archived chain head.
 */
export class ChainVerifier {
  private head: ChainHead;
  private checked = 0;
  private broken: ChainBreak | null = null;

  constructor(start: ChainHead = GENESIS) {
    this.head = start;
  }

  /** Feeds the next record; returns false once the chain is broken (further records are not checked). */
  accept(r: ChainedAuditRecord): boolean {
    if (this.broken) return false;
    const problem = this.problemWith(r);
    if (problem) {
      this.broken = { seq: r.seq, id: r.id, problem };
      return false;
    }
    this.head = { seq: r.seq, hash: r.hash };
    this.checked += 1;
    return true;
  }

  private problemWith(r: ChainedAuditRecord): ChainProblem | null {
    if (r.seq !== this.head.seq + 1) return 'sequence_gap';
    if (!r.prevHash.equals(this.head.hash)) return 'prev_hash_mismatch';
    if (!chainHash(r.prevHash, r.seq, r).equals(r.hash)) return 'hash_mismatch';
    return null;
  }

  result(): ChainVerification {
    return { ok: this.broken === null, checked: this.checked, head: this.head, firstBroken: this.broken };
  }
}
