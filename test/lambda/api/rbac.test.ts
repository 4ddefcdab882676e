import { PATIENT_FIELDS, WRITABLE_FIELDS, WritableField } from '../../../lambda/api/domain/patient';
import { grantFor, Operation, OPERATIONS, POLICY, ROLES, Role } from '../../../lambda/api/domain/policy';
import { ALPHA, BRAVO } from '../support/fixtures';
import { CallResult, createHarness, Harness, seedPatient } from '../support/harness';

// Every test here is generated from the policy table: changing the table changes the expectations, and a
// handler that ignores the table fails them.

const ALL_DEMO_USERS = ROLES.map((r) => `demo-${r}`);
let h: Harness;
let alphaId: string; // every demo user is on the care team
let bravoId: string; // nobody demo is on the care team
let ssnCounter = 10;
const freshSsn = () => `900-20-${String(ssnCounter++).padStart(4, '0')}`;

beforeAll(async () => {
  h = await createHarness();
  alphaId = await seedPatient(h, ALPHA, ALL_DEMO_USERS);
  bravoId = await seedPatient(h, BRAVO, ['someone-else']);
});
afterAll(() => h.close());

const EXPECTED_SUCCESS: Record<Operation, number> = {
  'patient.create': 201,
  'patient.read': 200,
  'patient.update': 200,
  'patient.delete': 204,
  'patient.search': 200,
  'patient.searchBySsn': 200,
  'patient.disclosures': 200,
  'patient.breakGlass': 201,
  'audit.verify': 200,
};

const SAMPLE: Record<WritableField, () => unknown> = {
  givenName: () => 'Testpatient',
  familyName: () => 'Deltazulu',
  birthDate: () => '1970-07-07',
  ssn: freshSsn,
  phone: () => '+1 555 0100 009',
  address: () => '9 Synthetic Way',
  insuranceMemberId: () => 'SYN-DELTA-0009',
  diagnosisCodes: () => ['Z00.00'],
  clinicalNotes: () => 'Synthetic note otter-compass-3317',
  careTeam: () => ALL_DEMO_USERS,
};

async function perform(role: Role, op: Operation, target: string): Promise<CallResult> {
  switch (op) {
    case 'patient.create':
      return h.call('POST', '/patients', {
        role,
        body: {
          givenName: 'Testpatient',
          familyName: 'Deltazulu',
          birthDate: '1970-07-07',
          careTeam: ALL_DEMO_USERS,
        },
      });
    case 'patient.read':
      return h.call('GET', `/patients/${target}`, { role });
    case 'patient.update': {
      // A field this role may write if it may write any, so that success depends on the operation grant.
      const field = grantFor(role, op)?.write?.[0] ?? 'clinicalNotes';
      return h.call('PATCH', `/patients/${target}`, { role, body: { [field]: SAMPLE[field]() } });
    }
    case 'patient.delete': {
      const victim = await seedPatient(
        h,
        { givenName: 'Testpatient', familyName: 'Deltazulu', birthDate: '1970-07-07' },
        ALL_DEMO_USERS,
      );
      return h.call('DELETE', `/patients/${target === alphaId ? victim : target}`, { role });
    }
    case 'patient.search': {
      const p = target === alphaId ? ALPHA : BRAVO;
      return h.call('POST', '/patients/search', {
        role,
        body: { familyName: p.familyName, birthDate: p.birthDate },
      });
    }
    case 'patient.searchBySsn':
      return h.call('POST', '/patients/search', {
        role,
        body: { ssn: (target === alphaId ? ALPHA : BRAVO).ssn },
      });
    case 'patient.disclosures':
      return h.call('GET', `/patients/${target}/disclosures`, { role });
    case 'patient.breakGlass':
      return h.call('POST', `/patients/${target}/break-glass`, {
        role,
        body: { reason: 'Emergency: synthetic unconscious arrival' },
      });
    case 'audit.verify':
      return h.call('GET', '/audit/verify', { role });
  }
}

const returnedPatients = (op: Operation, r: CallResult): Record<string, unknown>[] =>
  op === 'patient.search' || op === 'patient.searchBySsn'
    ? r.body.patients
    : r.body?.patient
      ? [r.body.patient]
      : [];

const cases = ROLES.flatMap((role) => OPERATIONS.map((op) => [role, op] as const));

describe.each(cases)('%s may %s only as the policy table says', (role, op) => {
  const grant = grantFor(role, op);

  it(grant ? `succeeds and returns exactly the granted fields` : 'is refused with 403', async () => {
    const r = await perform(role, op, alphaId);
    if (!grant) {
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('forbidden');
      return;
    }
    expect(r.status).toBe(EXPECTED_SUCCESS[op]);
    const patients = returnedPatients(op, r);
    if (
      ['patient.create', 'patient.read', 'patient.update', 'patient.search', 'patient.searchBySsn'].includes(
        op,
      )
    ) {
      expect(patients.length).toBeGreaterThan(0);
    }
    for (const p of patients) {
      for (const field of PATIENT_FIELDS) {
        // One expectation per field, so a failure names the field.
        expect({ field, present: field in p }).toEqual({ field, present: grant.read.includes(field) });
      }
    }
  });

  if (grant?.scope === 'careTeam' && op !== 'patient.breakGlass') {
    it('does not reach a patient outside the care team', async () => {
      const r = await perform(role, op, bravoId);
      if (op === 'patient.search') expect(r.body.patients).toEqual([]);
      else expect(r.status).toBe(404);
    });
  }
});

const writers = ROLES.flatMap((role) =>
  (['patient.update', 'patient.create'] as const).map((op) => [role, op] as const),
).filter(([role, op]) => grantFor(role, op) !== undefined);
const fieldCases = writers.flatMap(([role, op]) => WRITABLE_FIELDS.map((f) => [role, op, f] as const));

describe.each(fieldCases)('%s %s with field %s', (role, op, field) => {
  const allowed = grantFor(role, op)!.write?.includes(field) ?? false;
  it(allowed ? 'is accepted' : 'is refused with 403', async () => {
    const base = { givenName: 'Testpatient', familyName: 'Deltazulu', birthDate: '1970-07-07' };
    const r =
      op === 'patient.create'
        ? await h.call('POST', '/patients', { role, body: { ...base, [field]: SAMPLE[field]() } })
        : await h.call('PATCH', `/patients/${alphaId}`, { role, body: { [field]: SAMPLE[field]() } });
    expect(r.status).toBe(allowed ? (op === 'patient.create' ? 201 : 200) : 403);
  });
});

describe('the table itself', () => {
  it('gives privacy officers and admins no PHI field in any operation', () => {
    for (const role of ['privacy-officer', 'admin'] as const) {
      for (const grant of Object.values(POLICY[role])) expect(grant.read).toEqual([]);
    }
  });

  it('never lets a role read the full SSN together with clinical notes', () => {
    for (const role of ROLES) {
      for (const grant of Object.values(POLICY[role])) {
        expect(grant.read.includes('ssn') && grant.read.includes('clinicalNotes')).toBe(false);
      }
    }
  });
});

describe('projection decrypts only granted fields', () => {
  it.each(ROLES.filter((r) => grantFor(r, 'patient.read')))('%s read', async (role) => {
    const decrypt = jest.spyOn(h.app.envelope, 'decrypt');
    try {
      const r = await h.call('GET', `/patients/${alphaId}`, { role });
      expect(r.status).toBe(200);
      const decrypted = new Set(decrypt.mock.calls.map((c) => c[1]));
      const granted = new Set(grantFor(role, 'patient.read')!.read);
      for (const f of decrypted) expect({ f, granted: granted.has(f) }).toEqual({ f, granted: true });
    } finally {
      decrypt.mockRestore();
    }
  });
});
