import type { Role } from '../../../lambda/api/domain/policy';
import { ALPHA, BRAVO } from '../support/fixtures';
import { createHarness, Harness, seedPatient } from '../support/harness';
import { capturedLogText } from '../support/no-phi-in-logs';

let h: Harness;
let alphaId: string;
let bravoId: string;

beforeAll(async () => {
  h = await createHarness();
  alphaId = await seedPatient(h, ALPHA, ['demo-clinician', 'demo-nurse']);
  bravoId = await seedPatient(h, BRAVO, ['someone-else']);
});
afterAll(() => h.close());

describe('GET /health', () => {
  it('answers without a token and writes no audit record', async () => {
    const before = await auditCount();
    const r = await h.call('GET', '/health');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ok' });
    expect(await auditCount()).toBe(before);
  });
});

describe('POST /patients', () => {
  it('creates a record, returns 201 with Location and the front-desk view only', async () => {
    const r = await h.call('POST', '/patients', {
      role: 'front-desk',
      body: {
        givenName: 'Testpatient',
        familyName: 'Charliezulu',
        birthDate: '1990-02-28',
        careTeam: ['demo-nurse'],
      },
    });
    expect(r.status).toBe(201);
    expect(r.headers.location).toBe(`/patients/${r.body.patient.id}`);
    expect(Object.keys(r.body.patient).sort()).toEqual(
      ['address', 'birthDate', 'careTeam', 'familyName', 'givenName', 'id', 'phone'].sort(),
    );
    expect(r.body.version).toBe(1);
  });

  it('refuses a field the role may not write with 403', async () => {
    const r = await h.call('POST', '/patients', {
      role: 'front-desk',
      body: {
        givenName: 'Testpatient',
        familyName: 'Charliezulu',
        birthDate: '1990-02-28',
        ssn: '900-00-0003',
      },
    });
    expect(r.status).toBe(403);
  });

  it('validates without echoing the rejected value', async () => {
    const r = await h.call('POST', '/patients', {
      role: 'front-desk',
      body: { givenName: 'Testpatient', familyName: 'Charliezulu', birthDate: '1990-02-31' },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid_request');
    expect(r.text).not.toContain('1990-02-31');
  });
});

describe('GET /patients/{id}', () => {
  it('gives a clinician on the care team demographics, clinical fields and the SSN last four', async () => {
    const r = await h.call('GET', `/patients/${alphaId}`, { role: 'clinician' });
    expect(r.status).toBe(200);
    expect(r.body.patient).toEqual({
      id: alphaId,
      givenName: ALPHA.givenName,
      familyName: ALPHA.familyName,
      birthDate: ALPHA.birthDate,
      diagnosisCodes: ALPHA.diagnosisCodes,
      clinicalNotes: ALPHA.clinicalNotes,
      ssnLastFour: ALPHA.ssn.slice(-4),
      careTeam: ['demo-clinician', 'demo-nurse'],
    });
    expect(r.headers.etag).toBe(`"${r.body.version}"`);
    expect(r.headers['cache-control']).toBe('no-store');
  });

  it('answers 404 for a patient outside the care team, the same as for a missing one', async () => {
    const outside = await h.call('GET', `/patients/${bravoId}`, { role: 'clinician' });
    const missing = await h.call('GET', '/patients/00000000-0000-4000-8000-000000000000', {
      role: 'clinician',
    });
    expect(outside.status).toBe(404);
    expect(outside.body).toEqual(missing.body);
  });

  it('answers 404 for a malformed id', async () => {
    expect((await h.call('GET', '/patients/not-a-uuid', { role: 'billing' })).status).toBe(404);
  });
});

describe('PATCH /patients/{id}', () => {
  it('updates, bumps the version and honours If-Match', async () => {
    const current = await h.call('GET', `/patients/${alphaId}`, { role: 'nurse' });
    const ok = await h.call('PATCH', `/patients/${alphaId}`, {
      role: 'nurse',
      headers: { 'if-match': current.headers.etag },
      body: { clinicalNotes: ALPHA.clinicalNotes },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.version).toBe(current.body.version + 1);
    const stale = await h.call('PATCH', `/patients/${alphaId}`, {
      role: 'nurse',
      headers: { 'if-match': current.headers.etag },
      body: { clinicalNotes: ALPHA.clinicalNotes },
    });
    expect(stale.status).toBe(409);
  });

  it('answers 409 when the SSN is already registered to another live patient', async () => {
    const r = await h.call('PATCH', `/patients/${bravoId}`, { role: 'billing', body: { ssn: ALPHA.ssn } });
    expect(r.status).toBe(409);
    expect(r.text).not.toContain(ALPHA.ssn);
  });
});

describe('POST /patients/search', () => {
  const search = (role: Role, body: unknown) => h.call('POST', '/patients/search', { role, body });

  it('finds by family name and birth date, scoped to the care team for clinicians', async () => {
    const clin = await search('clinician', { familyName: ALPHA.familyName, birthDate: ALPHA.birthDate });
    expect(clin.status).toBe(200);
    expect(clin.body.patients.map((p: { id: string }) => p.id)).toEqual([alphaId]);
    const outside = await search('clinician', { familyName: BRAVO.familyName, birthDate: BRAVO.birthDate });
    expect(outside.status).toBe(200);
    expect(outside.body.patients).toEqual([]);
  });

  it('finds by SSN through the blind index, in either format', async () => {
    for (const ssn of [ALPHA.ssn, ALPHA.ssn.replace(/-/g, '')]) {
      const r = await search('billing', { ssn });
      expect(r.status).toBe(200);
      expect(r.body.patients.map((p: { id: string }) => p.id)).toEqual([alphaId]);
    }
  });

  it('applies the SSN-search grant, not the demographic one, when the body names ssn', async () => {
    const r = await search('front-desk', { ssn: ALPHA.ssn });
    expect(r.status).toBe(403);
    expect(r.text).not.toContain(ALPHA.ssn);
  });

  it.each([
    ['mixed criteria', { ssn: '900000001', familyName: 'Alpha' }],
    ['an unknown key', { familyName: 'Alpha', birthDate: '1980-01-01', phone: '+1 555 0100 001' }],
    ['a missing key', { familyName: 'Alpha' }],
    ['no criteria', {}],
    ['an array', [ALPHA.ssn]],
    ['a string', ALPHA.ssn],
    ['a non-string SSN', { ssn: 900000001 }],
    ['a bad date', { familyName: 'Alpha', birthDate: '1980-02-31' }],
  ])('refuses %s with 400 and does not echo it', async (_, body) => {
    const r = await search('billing', body);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid_request');
    for (const v of [ALPHA.ssn, '900000001', 'Alpha', '1980-0', '0100']) expect(r.text).not.toContain(v);
  });

  it('needs a JSON body and a token, like every POST', async () => {
    const form = await h.call('POST', '/patients/search', {
      role: 'billing',
      rawBody: `ssn=${ALPHA.ssn}`,
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(415);
    expect((await h.call('POST', '/patients/search', { body: { ssn: ALPHA.ssn } })).status).toBe(401);
    const get = await h.call('GET', '/patients/search', { role: 'billing' });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
  });
});

describe('PHI in the query string', () => {
  it.each([
    `ssn=${encodeURIComponent(ALPHA.ssn)}`,
    `familyName=${ALPHA.familyName}&birthDate=${ALPHA.birthDate}`,
    `birthDate=${ALPHA.birthDate}`,
    `SSN=${ALPHA.ssn.replace(/-/g, '')}`,
    `family_name=${ALPHA.familyName}`,
  ])(
    'GET /patients?%s is refused with 400, pointing at POST /patients/search, echoing nothing',
    async (q) => {
      for (const role of ['billing', undefined] as const) {
        const r = await h.call('GET', '/patients', { role, rawQuery: q });
        expect(r.status).toBe(400);
        expect(r.body.error).toEqual({
          code: 'invalid_request',
          message: expect.stringContaining('POST /patients/search'),
        });
        for (const v of [ALPHA.ssn, ALPHA.ssn.replace(/-/g, ''), ALPHA.familyName, ALPHA.birthDate]) {
          expect(r.text).not.toContain(v);
        }
      }
    },
  );

  it('is refused on the other PHI routes too, even with a valid body', async () => {
    const search = await h.call('POST', '/patients/search', {
      role: 'billing',
      rawQuery: `ssn=${ALPHA.ssn}`,
      body: { ssn: ALPHA.ssn },
    });
    expect(search.status).toBe(400);
    const read = await h.call('GET', `/patients/${alphaId}`, { role: 'billing', rawQuery: 'birthDate=x' });
    expect(read.status).toBe(400);
  });

  it('leaves the values out of everything the function logs', () => {
    const logs = capturedLogText();
    expect(logs).toContain('"route":"/patients"');
    for (const v of [ALPHA.ssn, ALPHA.ssn.replace(/-/g, ''), ALPHA.familyName]) expect(logs).not.toContain(v);
  });

  it('a GET /patients without PHI parameters is not a search: 405 with Allow: POST', async () => {
    const r = await h.call('GET', '/patients', { role: 'billing' });
    expect(r.status).toBe(405);
    expect(r.headers.allow).toBe('POST');
  });
});

describe('DELETE /patients/{id}', () => {
  it('soft-deletes: the row stays, reads answer 404, disclosures stay available', async () => {
    const id = await seedPatient(
      h,
      { givenName: 'Testpatient', familyName: 'Charliezulu', birthDate: '1991-03-03', ssn: '900-00-0003' },
      [],
    );
    expect((await h.call('DELETE', `/patients/${id}`, { role: 'front-desk' })).status).toBe(204);
    expect((await h.call('GET', `/patients/${id}`, { role: 'front-desk' })).status).toBe(404);
    expect((await h.call('DELETE', `/patients/${id}`, { role: 'front-desk' })).status).toBe(404);
    const row = await h.db.admin.query('SELECT deleted_at, deleted_by FROM patients WHERE id = $1', [id]);
    expect(row.rows[0].deleted_by).toBe('demo-front-desk');
    const disc = await h.call('GET', `/patients/${id}/disclosures`, { role: 'privacy-officer' });
    expect(disc.status).toBe(200);
    // A deleted SSN does not block registering the same person again.
    const again = await seedPatient(
      h,
      { givenName: 'Testpatient', familyName: 'Charliezulu', birthDate: '1991-03-03', ssn: '900-00-0003' },
      [],
    );
    expect(again).not.toBe(id);
  });
});

describe('GET /patients/{id}/disclosures', () => {
  it('lists who accessed the record, when, which fields and the outcome', async () => {
    const r = await h.call('GET', `/patients/${alphaId}/disclosures`, { role: 'privacy-officer' });
    expect(r.status).toBe(200);
    const clinicianRead = r.body.disclosures.find(
      (d: { action: string; actorRole: string }) =>
        d.action === 'patient.read' && d.actorRole === 'clinician',
    );
    expect(clinicianRead).toMatchObject({
      actorSub: 'demo-clinician',
      outcome: 'allowed',
      httpStatus: 200,
      fields: expect.arrayContaining(['clinicalNotes', 'ssnLastFour']),
    });
    expect(new Date(clinicianRead.at).getTime()).not.toBeNaN();
  });

  it('is refused to clinical roles', async () => {
    expect((await h.call('GET', `/patients/${alphaId}/disclosures`, { role: 'clinician' })).status).toBe(403);
  });
});

describe('GET /audit/verify', () => {
  it('reports an intact chain', async () => {
    const r = await h.call('GET', '/audit/verify', { role: 'privacy-officer' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: true, firstBroken: null });
    expect(r.body.checked).toBeGreaterThan(10);
  });
});

describe('ALB multi-value mode', () => {
  it('reads multi-value headers and answers in the same shape', async () => {
    const res = await h.app.handler({
      requestContext: {
        elb: { targetGroupArn: 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/x/1' },
      },
      httpMethod: 'POST',
      path: '/patients/search',
      multiValueHeaders: {
        Authorization: [`Bearer ${h.token('billing')}`],
        'X-Forwarded-For': ['203.0.113.9'],
        'Content-Type': ['application/json'],
      },
      multiValueQueryStringParameters: {},
      body: Buffer.from(JSON.stringify({ ssn: ALPHA.ssn })).toString('base64'),
      isBase64Encoded: true,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers).toBeUndefined();
    expect(res.multiValueHeaders?.['cache-control']).toEqual(['no-store']);
    expect(JSON.parse(res.body!).patients.map((p: { id: string }) => p.id)).toEqual([alphaId]);
  });

  it('refuses PHI in multi-value query parameters', async () => {
    const res = await h.app.handler({
      requestContext: {
        elb: { targetGroupArn: 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/x/1' },
      },
      httpMethod: 'GET',
      path: '/patients',
      multiValueHeaders: { authorization: [`Bearer ${h.token('billing')}`] },
      multiValueQueryStringParameters: { ssn: ['900000001', '900000002'] },
      body: '',
      isBase64Encoded: false,
    });
    expect(res.statusCode).toBe(400);
  });
});

describe('method and route errors', () => {
  it('answers 405 with Allow for a wrong method and 404 for an unknown path', async () => {
    const r = await h.call('PUT', `/patients/${alphaId}`, { role: 'billing', body: {} });
    expect(r.status).toBe(405);
    expect(r.headers.allow).toBe('GET, PATCH, DELETE');
    expect((await h.call('GET', '/nope', { role: 'billing' })).status).toBe(404);
  });
});

async function auditCount(): Promise<number> {
  const r = await h.db.admin.query('SELECT count(*)::int AS n FROM audit_log');
  return r.rows[0].n;
}
