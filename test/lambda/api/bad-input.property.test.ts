import fc from 'fast-check';
import { PATIENT_FIELDS } from '../../../lambda/api/domain/patient';
import { ALPHA } from '../support/fixtures';
import { CallOptions, CallResult, createHarness, Harness, seedPatient } from '../support/harness';

// Property-based bad input: at least 1,000 generated bodies, paths, query strings and header sets per run.
// None may be answered with a 5xx, and no error response may repeat a generated value.

const RUNS = 1000;
jest.setTimeout(60_000);
let h: Harness;
let alphaId: string;
let requests = 0;

beforeAll(async () => {
  h = await createHarness();
  alphaId = await seedPatient(h, ALPHA, ['demo-clinician', 'demo-front-desk']);
});
afterAll(() => h.close());

// The API's own vocabulary may appear in its messages ("familyName must be ...") even when a client sent it.
const VOCABULARY = new Set<string>([
  ...PATIENT_FIELDS,
  'reason',
  'patients',
  'disclosures',
  'break-glass',
  'verify',
]);

/** Strings long enough that finding one in a response cannot be a coincidence with our fixed messages. */
function echoCandidates(values: unknown[]): string[] {
  const out: string[] = [];
  const visit = (v: unknown) => {
    if (typeof v === 'string') {
      if (v.trim().length >= 6 && !VOCABULARY.has(v.trim())) out.push(v);
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        visit(k);
        visit(x);
      }
    }
  };
  values.forEach(visit);
  return out;
}

async function expectSafe(
  method: string,
  path: string,
  o: CallOptions,
  inputs: unknown[],
): Promise<CallResult> {
  requests += 1;
  const r = await h.call(method, path, o);
  expect(r.status).toBeLessThan(500);
  if (r.status >= 400) {
    for (const s of echoCandidates(inputs)) expect(r.text.includes(s)).toBe(false);
    expect(Object.keys(r.body)).toEqual(['error']);
  }
  return r;
}

const nastyString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '../../etc/passwd',
    '%00',
    "' OR 1=1 --",
    '<script>x</script>',
    '__proto__',
    '\u0000\uffff',
    '900-00-0001',
  ),
);

it(`never answers ${RUNS} generated bodies with a 5xx or an echo`, async () => {
  const body = fc.oneof(
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc
      .dictionary(
        fc.oneof(
          fc.constantFrom(
            'givenName',
            'familyName',
            'birthDate',
            'ssn',
            'careTeam',
            'clinicalNotes',
            'reason',
          ),
          fc.string(),
        ),
        fc.oneof(
          nastyString,
          fc.integer(),
          fc.array(nastyString, { maxLength: 4 }),
          fc.constant(null),
          fc.double(),
        ),
      )
      .map((v) => JSON.stringify(v)),
    nastyString,
    fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
  );
  const target = fc.constantFrom(
    ['POST', '/patients'],
    ['PATCH', 'ITEM'],
    ['POST', 'ITEM/break-glass'],
    ['POST', '/patients/search'],
  );
  await fc.assert(
    fc.asyncProperty(body, target, async (raw, [method, p]) => {
      const path = p.replace('ITEM', `/patients/${alphaId}`);
      const role = p === '/patients' ? 'front-desk' : p === '/patients/search' ? 'billing' : 'clinician';
      const text = Buffer.isBuffer(raw) ? raw.toString('latin1') : raw;
      let parsed: unknown = undefined;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: the raw text is the input to look for
      }
      await expectSafe(method, path, { role, rawBody: raw }, [text, parsed]);
    }),
    { numRuns: RUNS },
  );
});

it(`never answers ${RUNS} generated paths with a 5xx or an echo`, async () => {
  const segment = fc.oneof(
    fc.constantFrom(
      'patients',
      'audit',
      'verify',
      'disclosures',
      'break-glass',
      alphaId,
      '..',
      '.',
      '%2e%2e',
      '',
    ),
    fc.uuid(),
    fc.string({ maxLength: 30 }).map((s) => encodeURIComponent(s)),
    fc.string({ maxLength: 12 }),
  );
  await fc.assert(
    fc.asyncProperty(
      fc.array(segment, { minLength: 1, maxLength: 6 }),
      fc.constantFrom('GET', 'POST', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE'),
      async (segments, method) => {
        const path = `/${segments.join('/')}`;
        await expectSafe(
          method,
          path,
          { role: 'billing' },
          segments.filter((s) => s !== alphaId),
        );
      },
    ),
    { numRuns: RUNS },
  );
});

it(`never answers ${RUNS} generated query strings with a 5xx or an echo`, async () => {
  const key = fc.oneof(
    fc.constantFrom('ssn', 'familyName', 'birthDate', '__proto__', 'constructor'),
    fc.string({ maxLength: 12 }),
  );
  const value = fc.oneof(
    nastyString,
    fc.constantFrom('%', '%E0%A4%A', '%zz', '+', '%2B', '900000001', '1980-01-01', 'Alpha'),
  );
  const pair = fc.tuple(key, value, fc.boolean());
  await fc.assert(
    fc.asyncProperty(
      fc.array(pair, { maxLength: 5 }),
      fc.constantFrom('billing', 'clinician', 'front-desk') as fc.Arbitrary<'billing'>,
      fc.constantFrom(['GET', '/patients'], ['POST', '/patients/search'], ['GET', 'ITEM']),
      async (pairs, role, [method, p]) => {
        const rawQuery = pairs
          .map(([k, v, encode]) =>
            encode ? `${encodeURIComponent(k)}=${encodeURIComponent(v)}` : `${k}=${v}`,
          )
          .join('&');
        const body = method === 'POST' ? { familyName: 'Alpha', birthDate: '1980-01-01' } : undefined;
        const r = await expectSafe(
          method,
          p.replace('ITEM', `/patients/${alphaId}`),
          { role, rawQuery, body },
          pairs.flatMap(([k, v]) => [k, v]),
        );
        // No PHI-named parameter is ever accepted, whatever else the query holds.
        if (pairs.some(([k]) => ['ssn', 'familyName', 'birthDate'].includes(k))) expect(r.status).toBe(400);
        // There is no GET /patients: nothing in a query string turns it into a search.
        if (method === 'GET' && p === '/patients') expect(r.status).not.toBe(200);
      },
    ),
    { numRuns: RUNS },
  );
});

it(`never answers ${RUNS} generated header sets with a 5xx or an echo`, async () => {
  const headerValue = fc.oneof(nastyString, fc.string({ unit: 'binary-ascii', maxLength: 60 }));
  const headers = fc.record(
    {
      authorization: fc.oneof(
        headerValue,
        headerValue.map((v) => `Bearer ${v}`),
        fc.constant('Bearer a.b.c'),
      ),
      'content-type': fc.oneof(
        headerValue,
        fc.constantFrom('application/json', 'application/json; charset=latin1', 'text/plain'),
      ),
      'if-match': fc.oneof(headerValue, fc.constantFrom('"1"', '"-1"', '*', 'W/"1"')),
      'x-forwarded-for': fc.oneof(headerValue, fc.ipV4(), fc.ipV6()),
      'content-length': headerValue,
    },
    { requiredKeys: [] },
  );
  await fc.assert(
    fc.asyncProperty(headers, fc.boolean(), async (hs, withValidToken) => {
      const o: CallOptions = {
        headers: hs as Record<string, string>,
        rawBody: JSON.stringify({ clinicalNotes: 'Synthetic note otter-compass-3317' }),
        contentType: null,
      };
      if (withValidToken && hs.authorization === undefined) o.role = 'clinician';
      else o.authorization = null;
      await expectSafe('PATCH', `/patients/${alphaId}`, o, Object.values(hs));
    }),
    { numRuns: RUNS },
  );
});

it('answers 413 for a body over the limit and 415 for a wrong content type', async () => {
  const big = await h.call('POST', '/patients', {
    role: 'front-desk',
    rawBody: `{"givenName":"${'a'.repeat(70_000)}"}`,
  });
  expect(big.status).toBe(413);
  expect(big.body.error.code).toBe('payload_too_large');
  const form = await h.call('POST', '/patients', {
    role: 'front-desk',
    rawBody: 'givenName=x',
    contentType: 'application/x-www-form-urlencoded',
  });
  expect(form.status).toBe(415);
  expect(form.body.error.code).toBe('unsupported_media_type');
});

it('sent at least 4,000 generated requests', () => {
  expect(requests).toBeGreaterThanOrEqual(4 * RUNS);
});
