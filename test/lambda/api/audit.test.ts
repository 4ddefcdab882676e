import { capturedLogText } from '../support/no-phi-in-logs';
import { ALPHA, BRAVO } from '../support/fixtures';
import { CallOptions, createHarness, Harness, MovableClock, seedPatient } from '../support/harness';

let h: Harness;
let alphaId: string;
let bravoId: string;
const clock = new MovableClock();

beforeAll(async () => {
  h = await createHarness({ clock });
  alphaId = await seedPatient(h, ALPHA, ['demo-clinician', 'demo-nurse']);
  bravoId = await seedPatient(h, BRAVO, ['someone-else']);
});
afterAll(() => h.close());

const auditRows = async () =>
  (await h.db.admin.query('SELECT * FROM audit_log ORDER BY seq')).rows as Array<Record<string, unknown>>;

describe('audit completeness', () => {
  it('writes exactly one record per PHI request, whatever the outcome', async () => {
    const requests: Array<[string, string, CallOptions, number]> = [
      ['GET', `/patients/${alphaId}`, { role: 'clinician' }, 200],
      ['GET', `/patients/${alphaId}`, {}, 401],
      ['GET', `/patients/${alphaId}`, { authorization: 'Bearer not.a.token' }, 401],
      ['GET', `/patients/${alphaId}`, { role: 'admin' }, 403],
      ['GET', `/patients/${bravoId}`, { role: 'clinician' }, 404],
      ['GET', '/patients/00000000-0000-4000-8000-000000000000', { role: 'billing' }, 404],
      ['GET', '/patients/whatever/else/here', { role: 'billing' }, 404],
      ['PUT', `/patients/${alphaId}`, { role: 'billing' }, 405],
      ['POST', '/patients', { role: 'front-desk', rawBody: '{', contentType: 'application/json' }, 400],
      ['POST', '/patients', { role: 'front-desk', rawBody: 'x'.repeat(70_000) }, 413],
      ['POST', '/patients', { role: 'front-desk', rawBody: 'a=b', contentType: 'text/plain' }, 415],
      ['GET', '/patients', { role: 'billing', rawQuery: 'ssn=%E0%A4%A' }, 400],
      ['GET', '/patients', { role: 'billing', rawQuery: `ssn=${ALPHA.ssn}` }, 400],
      ['GET', '/patients', { rawQuery: `familyName=${ALPHA.familyName}` }, 400],
      ['POST', '/patients/search', { role: 'nurse', body: { ssn: ALPHA.ssn } }, 403],
      ['POST', '/patients/search', { role: 'billing', body: { ssn: ALPHA.ssn, birthDate: '1' } }, 400],
      ['PATCH', `/patients/${bravoId}`, { role: 'billing', body: { ssn: ALPHA.ssn } }, 409],
      ['GET', '/audit/verify', { role: 'privacy-officer' }, 200],
    ];
    const before = (await auditRows()).length;
    for (const [method, path, o, status] of requests) {
      expect({ method, path, status: (await h.call(method, path, o)).status }).toEqual({
        method,
        path,
        status,
      });
    }
    const rows = (await auditRows()).slice(before);
    expect(rows).toHaveLength(requests.length);
    expect(rows.map((r) => r.http_status)).toEqual(requests.map((r) => r[3]));
    expect(rows.map((r) => r.outcome)).toEqual([
      'allowed',
      'unauthenticated',
      'unauthenticated',
      'denied',
      'not_found',
      'not_found',
      'not_found',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'denied',
      'rejected',
      'conflict',
      'allowed',
    ]);
  });

  it('records actor, role, action, patient, fields returned, outcome, request id, source IP and time', async () => {
    const t = clock.now();
    const r = await h.call('GET', `/patients/${alphaId}`, { role: 'nurse' });
    const row = (await auditRows()).at(-1)!;
    expect(row).toMatchObject({
      actor_sub: 'demo-nurse',
      actor_role: 'nurse',
      action: 'patient.read',
      patient_ids: [alphaId],
      fields: ['id', 'givenName', 'familyName', 'birthDate', 'diagnosisCodes', 'clinicalNotes', 'careTeam'],
      outcome: 'allowed',
      http_status: 200,
      request_id: r.headers['x-request-id'],
      source_ip: '203.0.113.7',
      break_glass_reason: null,
    });
    expect((row.occurred_at as Date).getTime()).toBe(t.getTime());
  });

  it('records the patients a search disclosed', async () => {
    await h.call('POST', '/patients/search', { role: 'billing', body: { ssn: ALPHA.ssn } });
    const row = (await auditRows()).at(-1)!;
    expect(row).toMatchObject({ action: 'patient.searchBySsn', patient_ids: [alphaId] });
    await h.call('POST', '/patients/search', {
      role: 'front-desk',
      body: { familyName: ALPHA.familyName, birthDate: ALPHA.birthDate },
    });
    expect((await auditRows()).at(-1)).toMatchObject({ action: 'patient.search', patient_ids: [alphaId] });
  });

  it('audits a GET carrying PHI in its query string as a refused request, without the values', async () => {
    const r = await h.call('GET', '/patients', {
      role: 'billing',
      rawQuery: `ssn=${ALPHA.ssn}&familyName=${ALPHA.familyName}&birthDate=${ALPHA.birthDate}`,
    });
    expect(r.status).toBe(400);
    const row = (await auditRows()).at(-1)!;
    expect(row).toMatchObject({
      action: 'GET /patients',
      actor_sub: 'demo-billing',
      actor_role: 'billing',
      outcome: 'rejected',
      http_status: 400,
      patient_ids: [],
      fields: [],
      request_id: r.headers['x-request-id'],
    });
    const stored = JSON.stringify(row);
    for (const v of [ALPHA.ssn, ALPHA.familyName, ALPHA.birthDate]) expect(stored).not.toContain(v);
  });
});

describe('append-only', () => {
  it('the API role may not UPDATE, DELETE or TRUNCATE the audit trail', async () => {
    for (const sql of [
      "UPDATE audit_log SET outcome = 'allowed'",
      'DELETE FROM audit_log',
      'TRUNCATE audit_log',
    ]) {
      await expect(h.db.app.query(sql)).rejects.toMatchObject({ code: '42501' });
    }
  });

  it('the trigger refuses changes even from the table owner', async () => {
    for (const sql of [
      "UPDATE audit_log SET outcome = 'allowed'",
      'DELETE FROM audit_log',
      'TRUNCATE audit_log',
    ]) {
      await expect(h.db.admin.query(sql)).rejects.toThrow(/append-only/);
    }
  });

  it('the export role may only read the audit trail', async () => {
    await expect(h.db.reader.query('SELECT count(*) FROM audit_log')).resolves.toBeDefined();
    await expect(h.db.reader.query('SELECT id FROM patients LIMIT 1')).rejects.toMatchObject({
      code: '42501',
    });
    await expect(h.db.reader.query(`INSERT INTO audit_log (seq) VALUES (999999)`)).rejects.toMatchObject({
      code: '42501',
    });
  });

  it('the API role may not hard-delete a patient', async () => {
    await expect(h.db.app.query('DELETE FROM patients')).rejects.toMatchObject({ code: '42501' });
  });
});

describe('concurrency', () => {
  it('parallel requests keep one unbroken chain', async () => {
    const before = (await auditRows()).length;
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        i % 2 === 0
          ? h.call('GET', `/patients/${alphaId}`, { role: 'clinician' })
          : h.call('GET', `/patients/${bravoId}`, { role: 'clinician' }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([...Array(20).fill(200), ...Array(20).fill(404)]);
    const rows = await auditRows();
    expect(rows.length - before).toBe(40);
    expect(rows.map((r) => Number(r.seq))).toEqual(rows.map((_, i) => i + 1));
    const verify = await h.call('GET', '/audit/verify', { role: 'privacy-officer' });
    expect(verify.body).toMatchObject({ ok: true, firstBroken: null });
  });
});

describe('break-glass', () => {
  it('needs a reason, is refused to roles without the grant, audits its reason and alerts', async () => {
    expect((await h.call('GET', `/patients/${bravoId}`, { role: 'clinician' })).status).toBe(404);
    expect(
      (await h.call('POST', `/patients/${bravoId}/break-glass`, { role: 'clinician', body: {} })).status,
    ).toBe(400);
    expect(
      (
        await h.call('POST', `/patients/${bravoId}/break-glass`, {
          role: 'clinician',
          body: { reason: 'short' },
        })
      ).status,
    ).toBe(400);
    const reason = 'Emergency: synthetic unconscious arrival';
    expect(
      (await h.call('POST', `/patients/${bravoId}/break-glass`, { role: 'nurse', body: { reason } })).status,
    ).toBe(403);

    const glass = await h.call('POST', `/patients/${bravoId}/break-glass`, {
      role: 'clinician',
      body: { reason },
    });
    expect(glass.status).toBe(201);
    expect(new Date(glass.body.expiresAt).getTime()).toBe(clock.now().getTime() + 60 * 60_000);
    const grantRecord = (await auditRows()).at(-1)!;
    expect(grantRecord).toMatchObject({
      action: 'patient.breakGlass',
      break_glass_reason: reason,
      patient_ids: [bravoId],
    });

    // The alert: one JSON log line a CloudWatch metric filter { $.event = "BREAK_GLASS_ACCESS" } matches.
    const alerts = capturedLogText()
      .split('\n')
      .filter((l) => l.includes('"event":"BREAK_GLASS_ACCESS"'))
      .map((l) => JSON.parse(l));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      level: 'WARN',
      message: 'BREAK_GLASS_ACCESS',
      event: 'BREAK_GLASS_ACCESS',
      actorSub: 'demo-clinician',
      role: 'clinician',
      auditSeq: Number(grantRecord.seq),
      expiresAt: glass.body.expiresAt,
      requestId: glass.headers['x-request-id'],
    });
    // The reason is free text and may carry PHI: it stays in the audit trail, out of the logs.
    expect(JSON.stringify(alerts[0])).not.toContain('unconscious');

    const read = await h.call('GET', `/patients/${bravoId}`, { role: 'clinician' });
    expect(read.status).toBe(200);
    expect(read.body.patient.clinicalNotes).toBe(BRAVO.clinicalNotes);
    expect((await auditRows()).at(-1)).toMatchObject({ action: 'patient.read', break_glass_reason: reason });

    // The privacy officer sees who broke glass, why, and what they read.
    const disclosures = await h.call('GET', `/patients/${bravoId}/disclosures`, { role: 'privacy-officer' });
    expect(disclosures.body.disclosures).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'patient.breakGlass',
          actorSub: 'demo-clinician',
          breakGlassReason: reason,
        }),
        expect.objectContaining({ action: 'patient.read', outcome: 'allowed', breakGlassReason: reason }),
      ]),
    );

    clock.advance(60 * 60_000 + 1);
    expect((await h.call('GET', `/patients/${bravoId}`, { role: 'clinician' })).status).toBe(404);
  });
});

describe('fail closed', () => {
  it('answers 503 with no PHI and keeps no change when the audit record cannot be written', async () => {
    await h.db.admin.query('REVOKE INSERT ON audit_log FROM phi_api');
    try {
      const read = await h.call('GET', `/patients/${alphaId}`, { role: 'clinician' });
      expect(read.status).toBe(503);
      expect(read.body).toEqual({
        error: {
          code: 'service_unavailable',
          message: 'The service is temporarily unavailable; retry later.',
        },
      });
      const write = await h.call('PATCH', `/patients/${alphaId}`, {
        role: 'nurse',
        body: { clinicalNotes: 'Synthetic note otter-compass-3317' },
      });
      expect(write.status).toBe(503);
    } finally {
      await h.db.admin.query('GRANT INSERT ON audit_log TO phi_api');
    }
    const after = await h.call('GET', `/patients/${alphaId}`, { role: 'nurse' });
    expect(after.body.patient.clinicalNotes).toBe(ALPHA.clinicalNotes);
  });
});
