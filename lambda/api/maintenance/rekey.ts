import { ENCRYPTED_FIELDS, EncryptedField } from '../domain/patient';
import type { FieldCodec, StoredPatient, TransactionRunner } from '../domain/ports';

export const REKEY_ACTOR = 'system:rekey';

/**
 * Replaces one record's data key (docs/api.md, key rotation step 3): decrypts every protected field under
 * the old key, generates a new data key with the next key version, re-encrypts, and writes row and audit
 * record in one transaction. The key version is part of each field's AAD, so a ciphertext from before the
 * re-key that is copied back next to the new key fails to decrypt instead of being accepted.
 * Returns the new key version, or null for a missing or deleted record.
 */
export async function rekeyPatient(
  db: TransactionRunner,
  codec: FieldCodec,
  id: string,
  o: { now: Date; newId: () => string; requestId: string },
): Promise<number | null> {
  return db.inTransaction(async (tx) => {
    const p = await tx.patients.findById(id, true);
    if (!p || p.deletedAt) return null;
    const plain: Partial<Record<EncryptedField, string>> = {};
    for (const f of ENCRYPTED_FIELDS) {
      const ct = p.ciphertexts[f];
      if (ct) plain[f] = await codec.decrypt(p.key, f, ct);
    }
    const key = await codec.createRecordKey(id, p.key.keyVersion + 1);
    const next: StoredPatient = { ...p, key, ciphertexts: {}, version: p.version + 1 };
    for (const f of ENCRYPTED_FIELDS) {
      const v = plain[f];
      if (v !== undefined) next.ciphertexts[f] = await codec.encrypt(key, f, v);
    }
    await tx.patients.update(next, o.now);
    // A maintenance job that decrypts PHI is an access like any other: it leaves its record in the trail.
    await tx.appendAudit({
      id: o.newId(),
      occurredAt: o.now,
      requestId: o.requestId,
      actorSub: REKEY_ACTOR,
      actorRole: null,
      action: 'patient.rekey',
      patientIds: [id],
      fields: [],
      outcome: 'allowed',
      httpStatus: 200,
      sourceIp: null,
      breakGlassReason: null,
    });
    return key.keyVersion;
  });
}
