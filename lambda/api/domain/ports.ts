import type { ChainedAuditRecord, ChainHead } from '../../shared/audit-chain';
import type { EncryptedField } from './patient';
import type { Role } from './policy';

// The domain's view of the outside world. Implementations live in ../adapters and ../crypto; nothing in
// domain/ imports an AWS SDK, a database driver or an HTTP type.

export interface Actor {
  sub: string;
  role: Role;
}

export interface Clock {
  now(): Date;
}

/** Where a record's data key lives: enough to unwrap it, and the identity it is bound to. */
export interface RecordKeyRef {
  recordId: string;
  wrappedKey: Uint8Array;
  keyVersion: number;
}

/** Field-level encryption. Every call binds the ciphertext to (record id, field name, key version). */
export interface FieldCodec {
  /** A new data key for the record; `keyVersion` is bound into every field's AAD (1 on creation). */
  createRecordKey(recordId: string, keyVersion?: number): Promise<RecordKeyRef>;
  encrypt(key: RecordKeyRef, field: EncryptedField, plaintext: string): Promise<Uint8Array>;
  decrypt(key: RecordKeyRef, field: EncryptedField, ciphertext: Uint8Array): Promise<string>;
}

/** Keyed, deterministic digest of an SSN for equality search. */
export interface BlindIndexer {
  ssnIndex(ssnDigits: string): Promise<Uint8Array>;
}

/** A patient row as stored: demographics in plaintext, sensitive fields as ciphertext. */
export interface StoredPatient {
  id: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  phone: string | null;
  address: string | null;
  insuranceMemberId: string | null;
  careTeam: string[];
  ciphertexts: Partial<Record<EncryptedField, Uint8Array>>;
  ssnBlindIndex: Uint8Array | null;
  key: RecordKeyRef;
  version: number;
  deletedAt: Date | null;
}

export class DuplicateSsnError extends Error {
  constructor() {
    super('A live patient with this SSN exists.');
    this.name = 'DuplicateSsnError';
  }
}

export interface BreakGlassGrant {
  id: string;
  patientId: string;
  actorSub: string;
  reason: string;
  grantedAt: Date;
  expiresAt: Date;
}

/** Patient persistence inside the request's transaction. */
export interface PatientRepository {
  /** @throws DuplicateSsnError */
  insert(p: StoredPatient, now: Date): Promise<void>;
  /** Includes soft-deleted rows; the domain decides what a deleted row means for each operation. */
  findById(id: string, forUpdate: boolean): Promise<StoredPatient | null>;
  /** @throws DuplicateSsnError */
  update(p: StoredPatient, now: Date): Promise<void>;
  softDelete(id: string, actorSub: string, now: Date): Promise<void>;
  search(q: {
    familyName: string;
    birthDate: string;
    careTeamMember: string | null;
    limit: number;
  }): Promise<StoredPatient[]>;
  findBySsnIndex(index: Uint8Array, limit: number): Promise<StoredPatient[]>;
  activeBreakGlass(patientId: string, actorSub: string, now: Date): Promise<BreakGlassGrant | null>;
  insertBreakGlass(g: BreakGlassGrant): Promise<void>;
}

export interface AuditReader {
  disclosuresFor(patientId: string, limit: number): Promise<ChainedAuditRecord[]>;
  /** Records with seq > afterSeq in ascending order. */
  readChain(afterSeq: number, limit: number): Promise<ChainedAuditRecord[]>;
}

/** What the current request disclosed; becomes its one audit record. */
export interface AuditDraft {
  action: string;
  actor: Actor | null;
  patientIds: string[];
  fields: string[];
  breakGlassReason: string | null;
}

export type { ChainHead };

/** One request's transaction: the access and its audit record commit together or not at all. */
export interface RequestTransaction {
  patients: PatientRepository;
  auditLog: AuditReader;
  /**
   * Runs `work` so that its writes can be undone (a savepoint) while the transaction continues: a refused
   * or failed operation still leaves room to write its audit record.
   */
  attempt<T>(work: () => Promise<T>): Promise<T>;
  /** Appends to the hash chain; serialized so concurrent requests cannot fork it. */
  appendAudit(entry: import('../../shared/audit-chain').AuditEntry): Promise<ChainedAuditRecord>;
}

export interface TransactionRunner {
  inTransaction<T>(work: (tx: RequestTransaction) => Promise<T>): Promise<T>;
}
