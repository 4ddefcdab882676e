import type { AlbHandler } from '../app';
import type { LocalTokenIssuer } from '../adapters/auth/local-token-issuer';
import { demoUserId } from '../adapters/auth/local-token-issuer';
import { toAlbEvent } from './alb-event';

/**
 * Obviously synthetic demo patients: SSNs in the 900 range (never issued by the SSA), invented names.
 * Seeded through the API itself, so the demo starts with a real audit trail.
 */
export const DEMO_PATIENTS = [
  {
    registration: {
      givenName: 'Testpatient',
      familyName: 'Alpha',
      birthDate: '1980-01-01',
      phone: '+1 555 0100 001',
      address: '1 Synthetic Way, Testville',
    },
    billing: { ssn: '900-00-0001', insuranceMemberId: 'SYN-ALPHA-0001' },
    clinical: {
      diagnosisCodes: ['Z00.00'],
      clinicalNotes: 'Synthetic demo note: routine check, no findings.',
    },
    careTeam: [demoUserId('clinician'), demoUserId('nurse')],
  },
  {
    registration: {
      givenName: 'Testpatient',
      familyName: 'Bravo',
      birthDate: '1975-06-15',
      phone: '+1 555 0100 002',
      address: '2 Synthetic Way, Testville',
    },
    billing: { ssn: '900-00-0002', insuranceMemberId: 'SYN-BRAVO-0002' },
    clinical: {
      diagnosisCodes: ['J45.909'],
      clinicalNotes: 'Synthetic demo note: inhaler technique reviewed.',
    },
    careTeam: [demoUserId('clinician')],
  },
  {
    // Nobody in the demo is on this care team: a clinician needs break-glass to open it.
    registration: {
      givenName: 'Testpatient',
      familyName: 'Charlie',
      birthDate: '1990-02-28',
      phone: '+1 555 0100 003',
      address: '3 Synthetic Way, Testville',
    },
    billing: { ssn: '900-00-0003', insuranceMemberId: 'SYN-CHARLIE-0003' },
    clinical: { diagnosisCodes: ['E11.9'], clinicalNotes: 'Synthetic demo note: fictional follow-up.' },
    careTeam: ['external-clinician'],
  },
] as const;

export async function seedDemoPatients(handler: AlbHandler, issuer: LocalTokenIssuer): Promise<string[]> {
  const call = async (
    role: Parameters<LocalTokenIssuer['issueForRole']>[0],
    method: string,
    path: string,
    body: unknown,
  ) => {
    const res = await handler(
      toAlbEvent({
        method,
        path,
        rawQuery: '',
        headers: { authorization: `Bearer ${issuer.issueForRole(role)}`, 'content-type': 'application/json' },
        body: Buffer.from(JSON.stringify(body)),
        sourceIp: '127.0.0.1',
      }),
    );
    if (res.statusCode >= 300)
      throw new Error(`Seeding failed with HTTP ${res.statusCode} on ${method} ${path}.`);
    return JSON.parse(res.body ?? '{}');
  };
  const ids: string[] = [];
  for (const p of DEMO_PATIENTS) {
    // The clinician is on the team while the clinical fields are written, as the policy requires.
    const created = await call('front-desk', 'POST', '/patients', {
      ...p.registration,
      careTeam: [demoUserId('clinician')],
    });
    const id = created.patient.id as string;
    await call('billing', 'PATCH', `/patients/${id}`, p.billing);
    await call('clinician', 'PATCH', `/patients/${id}`, p.clinical);
    await call('front-desk', 'PATCH', `/patients/${id}`, { careTeam: p.careTeam });
    ids.push(id);
  }
  return ids;
}
