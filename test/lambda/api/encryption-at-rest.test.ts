import { ALPHA, BRAVO } from '../support/fixtures';
import { createHarness, Harness, seedPatient } from '../support/harness';

let h: Harness;
let alphaId: string;
let bravoId: string;

beforeAll(async () => {
  h = await createHarness();
  alphaId = await seedPatient(h, ALPHA, ['demo-clinician']);
  bravoId = await seedPatient(h, BRAVO, ['demo-clinician']);
});
afterAll(() => h.close());

const row = async (id: string) =>
  (await h.db.admin.query('SELECT * FROM patients WHERE id = $1', [id])).rows[0];

describe('what the database holds', () => {
  it('stores SSN, diagnosis codes and notes only as ciphertext', async () => {
    const r = await row(alphaId);
    // Every column as text, and every bytea column's raw bytes, as an attacker with a dump would see them.
    const dump = Object.values(r)
      .map((v) => (Buffer.isBuffer(v) ? v.toString('latin1') : String(v)))
      .join('|');
    for (const secret of [
      ALPHA.ssn,
      ALPHA.ssn.replace(/-/g, ''),
      ...ALPHA.diagnosisCodes,
      ALPHA.clinicalNotes,
    ]) {
      expect({ secret, found: dump.includes(secret) }).toEqual({ secret, found: false });
    }
    expect(r.wrapped_data_key.length).toBeGreaterThan(32);
  });

  it('gives each record its own data key', async () => {
    expect((await row(alphaId)).wrapped_data_key.equals((await row(bravoId)).wrapped_data_key)).toBe(false);
  });
});

describe('ciphertext moved by someone with database access', () => {
  async function withSwap(sql: string, params: unknown[], check: () => Promise<void>) {
    const saved = await h.db.admin.query(
      'SELECT id, ssn_ct, ssn_last_four_ct, clinical_notes_ct, diagnosis_codes_ct, wrapped_data_key FROM patients',
    );
    await h.db.admin.query(sql, params);
    try {
      await check();
    } finally {
      for (const s of saved.rows) {
        await h.db.admin.query(
          `UPDATE patients SET ssn_ct=$2, ssn_last_four_ct=$3, clinical_notes_ct=$4, diagnosis_codes_ct=$5,
             wrapped_data_key=$6 WHERE id=$1`,
          [s.id, s.ssn_ct, s.ssn_last_four_ct, s.clinical_notes_ct, s.diagnosis_codes_ct, s.wrapped_data_key],
        );
      }
    }
  }

  it('fails to decrypt a field copied to another row, and answers 503 without the value', async () => {
    await withSwap(
      'UPDATE patients SET clinical_notes_ct = (SELECT clinical_notes_ct FROM patients WHERE id = $1) WHERE id = $2',
      [alphaId, bravoId],
      async () => {
        const r = await h.call('GET', `/patients/${bravoId}`, { role: 'clinician' });
        expect(r.status).toBe(503);
        expect(r.text).not.toContain(ALPHA.clinicalNotes);
      },
    );
  });

  it('fails to decrypt a field copied to another column of the same row', async () => {
    await withSwap(
      'UPDATE patients SET clinical_notes_ct = ssn_last_four_ct WHERE id = $1',
      [alphaId],
      async () => {
        expect((await h.call('GET', `/patients/${alphaId}`, { role: 'clinician' })).status).toBe(503);
      },
    );
  });

  it('fails when a row and its wrapped key are copied to another record id (wrong encryption context)', async () => {
    await withSwap(
      `UPDATE patients SET clinical_notes_ct = src.clinical_notes_ct, wrapped_data_key = src.wrapped_data_key,
         ssn_last_four_ct = src.ssn_last_four_ct, diagnosis_codes_ct = src.diagnosis_codes_ct
       FROM (SELECT * FROM patients WHERE id = $1) src WHERE patients.id = $2`,
      [alphaId, bravoId],
      async () => {
        const r = await h.call('GET', `/patients/${bravoId}`, { role: 'clinician' });
        expect(r.status).toBe(503);
        expect(r.text).not.toContain(ALPHA.clinicalNotes);
      },
    );
  });

  it('reads normally once the rows are restored', async () => {
    const r = await h.call('GET', `/patients/${bravoId}`, { role: 'clinician' });
    expect(r.status).toBe(200);
    expect(r.body.patient.clinicalNotes).toBe(BRAVO.clinicalNotes);
  });
});
