import { randomUUID } from 'node:crypto';
import { PostgresTransactionRunner } from '../../../lambda/api/adapters/postgres/transaction-runner';
import { rekeyPatient } from '../../../lambda/api/maintenance/rekey';
import { ALPHA } from '../support/fixtures';
import { createHarness, Harness, seedPatient } from '../support/harness';

let h: Harness;
let alphaId: string;

beforeAll(async () => {
  h = await createHarness();
  alphaId = await seedPatient(h, ALPHA, ['demo-clinician', 'demo-billing']);
});
afterAll(() => h.close());

const row = async () => (await h.db.admin.query('SELECT * FROM patients WHERE id = $1', [alphaId])).rows[0];
const rekey = (id: string) =>
  rekeyPatient(new PostgresTransactionRunner(h.db.app), h.app.envelope, id, {
    now: new Date(),
    newId: randomUUID,
    requestId: 'rekey-job-1',
  });

describe('re-keying a record (new data key, next key version)', () => {
  it('re-encrypts every protected field under a new data key and keeps the values', async () => {
    const before = await row();
    expect(await rekey(alphaId)).toBe(2);
    const after = await row();
    expect(after.key_version).toBe(2);
    expect(after.wrapped_data_key.equals(before.wrapped_data_key)).toBe(false);
    expect(after.clinical_notes_ct.equals(before.clinical_notes_ct)).toBe(false);
    const clinician = await h.call('GET', `/patients/${alphaId}`, { role: 'clinician' });
    expect(clinician.body.patient).toMatchObject({
      clinicalNotes: ALPHA.clinicalNotes,
      diagnosisCodes: ALPHA.diagnosisCodes,
      ssnLastFour: '0001',
    });
    const billing = await h.call('GET', `/patients/${alphaId}`, { role: 'billing' });
    expect(billing.body.patient.ssn).toBe(ALPHA.ssn);
    // The blind index does not depend on the data key: SSN search still finds the record.
    const found = await h.call('POST', '/patients/search', { role: 'billing', body: { ssn: ALPHA.ssn } });
    expect(found.body.patients.map((p: { id: string }) => p.id)).toEqual([alphaId]);
  });

  it('writes an audit record for the job', async () => {
    const { rows } = await h.db.admin.query("SELECT * FROM audit_log WHERE action = 'patient.rekey'");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actor_sub: 'system:rekey',
      patient_ids: [alphaId],
      request_id: 'rekey-job-1',
    });
  });

  it('rejects a pre-rekey ciphertext copied back next to the new key', async () => {
    const current = await row();
    // Even under the current key bytes, a value bound to key version 1 (as a restored old backup would be)
    // must not authenticate now that the record is at version 2.
    const v1 = { recordId: alphaId, wrappedKey: current.wrapped_data_key, keyVersion: 1 };
    const stale = await h.app.envelope.encrypt(v1, 'clinicalNotes', 'Synthetic note otter-compass-3317');
    await h.db.admin.query('UPDATE patients SET clinical_notes_ct = $2 WHERE id = $1', [
      alphaId,
      Buffer.from(stale),
    ]);
    try {
      expect((await h.call('GET', `/patients/${alphaId}`, { role: 'clinician' })).status).toBe(503);
    } finally {
      await h.db.admin.query('UPDATE patients SET clinical_notes_ct = $2 WHERE id = $1', [
        alphaId,
        current.clinical_notes_ct,
      ]);
    }
  });

  it('ignores a missing record', async () => {
    expect(await rekey('00000000-0000-4000-8000-000000000000')).toBeNull();
  });
});
