import type { PoolClient } from 'pg';
import { auditVerify } from '../../../bin/audit-verify';
import { toAuditRecord } from '../../../lambda/api/adapters/postgres/audit-repository';
import { chainHash } from '../../../lambda/shared/audit-chain';
import { ALPHA } from '../support/fixtures';
import { createHarness, Harness, seedPatient } from '../support/harness';

// Plays an attacker with superuser rights (the only one who can get past the trigger) and checks that
// both the endpoint and `npm run audit:verify` name the first broken record.

let h: Harness;
let alphaId: string;

beforeAll(async () => {
  h = await createHarness();
  alphaId = await seedPatient(h, ALPHA, ['demo-clinician']);
  for (let i = 0; i < 6; i++) await h.call('GET', `/patients/${alphaId}`, { role: 'clinician' });
});
afterAll(() => h.close());

/** Runs `tamper` with triggers disabled, checks, then puts the table back exactly as it was. */
async function whileTampered(tamper: (c: PoolClient) => Promise<void>, check: () => Promise<void>) {
  const c = await h.db.admin.connect();
  await c.query('CREATE TEMP TABLE original AS SELECT * FROM audit_log');
  await c.query("SET session_replication_role = 'replica'");
  try {
    await tamper(c);
    await check();
  } finally {
    await c.query('DELETE FROM audit_log');
    await c.query('INSERT INTO audit_log SELECT * FROM original');
    await c.query("SET session_replication_role = 'origin'");
    await c.query('DROP TABLE original');
    c.release();
  }
}

async function expectBroken(seq: number, problem: string) {
  const endpoint = await h.call('GET', '/audit/verify', { role: 'privacy-officer' });
  expect(endpoint.status).toBe(200);
  expect(endpoint.body.ok).toBe(false);
  expect(endpoint.body.firstBroken).toMatchObject({ seq, problem });
  const c = await h.db.reader.connect();
  try {
    const cli = await auditVerify(c, null);
    expect(cli.ok).toBe(false);
    expect(cli.lines[0]).toMatch(new RegExp(`^BROKEN at seq ${seq} \\(record [0-9a-f-]{36}\\)`));
  } finally {
    c.release();
  }
}

it('starts intact', async () => {
  const c = await h.db.reader.connect();
  try {
    expect((await auditVerify(c, null)).ok).toBe(true);
  } finally {
    c.release();
  }
});

it('names an edited record', async () => {
  await whileTampered(
    (c) => c.query("UPDATE audit_log SET outcome = 'denied' WHERE seq = 5").then(() => undefined),
    () => expectBroken(5, 'hash_mismatch'),
  );
});

it('names the record after a deleted one', async () => {
  await whileTampered(
    (c) => c.query('DELETE FROM audit_log WHERE seq = 5').then(() => undefined),
    () => expectBroken(6, 'sequence_gap'),
  );
});

it('names reordered records', async () => {
  await whileTampered(
    async (c) => {
      // Swap the positions of records 4 and 5.
      await c.query('UPDATE audit_log SET seq = seq + 1000000 WHERE seq IN (4, 5)');
      await c.query(
        'UPDATE audit_log SET seq = CASE seq WHEN 1000004 THEN 5 ELSE 4 END WHERE seq IN (1000004, 1000005)',
      );
    },
    () => expectBroken(4, 'prev_hash_mismatch'),
  );
});

it('exposes an edit whose hash was recomputed at the next record', async () => {
  await whileTampered(
    async (c) => {
      const { rows } = await c.query('SELECT * FROM audit_log WHERE seq = 5');
      const r = rows[0];
      // A forger who knows the hash scheme recomputes this record's own hash; only the next link can tell.
      const forged = chainHash(r.prev_hash, 5, { ...toAuditRecord(r), outcome: 'denied' });
      await c.query("UPDATE audit_log SET outcome = 'denied', hash = $1 WHERE seq = 5", [forged]);
    },
    () => expectBroken(6, 'prev_hash_mismatch'),
  );
});

it('catches records removed from the end only against the archived head', async () => {
  const { rows } = await h.db.admin.query('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  const archived = { seq: Number(rows[0].seq), hashHex: (rows[0].hash as Buffer).toString('hex') };
  await whileTampered(
    (c) => c.query('DELETE FROM audit_log WHERE seq = $1', [archived.seq]).then(() => undefined),
    async () => {
      const c = await h.db.reader.connect();
      try {
        expect((await auditVerify(c, null)).ok).toBe(true);
        const withHead = await auditVerify(c, archived);
        expect(withHead.ok).toBe(false);
        expect(withHead.lines.join('\n')).toMatch(/records removed from the end/);
      } finally {
        c.release();
      }
    },
  );
});
