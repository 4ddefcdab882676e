/**
 * Obviously synthetic patients. SSNs are in the 900-999 area range, which the SSA never issues; names
 * and note text are invented words. These strings must never appear in any log line (no-phi-in-logs.ts).
 */
export const ALPHA = {
  givenName: 'Testpatient',
  familyName: 'Alpha',
  birthDate: '1980-01-01',
  ssn: '900-00-0001',
  phone: '+1 555 0100 001',
  address: '1 Synthetic Way, Testville',
  insuranceMemberId: 'SYN-ALPHA-0001',
  diagnosisCodes: ['Z00.00', 'J45.909'],
  clinicalNotes: 'Synthetic note quokka-lantern-4471: fictional follow-up in two weeks.',
};

export const BRAVO = {
  givenName: 'Testpatient',
  familyName: 'Bravozulu',
  birthDate: '1975-06-15',
  ssn: '900-00-0002',
  phone: '+1 555 0100 002',
  address: '2 Synthetic Way, Testville',
  insuranceMemberId: 'SYN-BRAVO-0002',
  diagnosisCodes: ['E11.65'],
  clinicalNotes: 'Synthetic note marmot-teacup-9902: fictional medication review.',
};

/**
 * Every fixture value that would be PHI if real, plus the formats it could be logged in. Demographic
 * values shared with the schema (like the date format) are excluded only where they would match noise.
 */
export const FIXTURE_PHI: string[] = [
  ...[ALPHA, BRAVO].flatMap((p) => [
    `${p.givenName} ${p.familyName}`,
    p.familyName,
    p.ssn,
    p.ssn.replace(/-/g, ''),
    p.phone,
    p.address,
    p.insuranceMemberId,
    ...p.diagnosisCodes,
    p.clinicalNotes,
    p.clinicalNotes.split(':')[0].replace('Synthetic note ', ''),
  ]),
  // Values other tests write.
  'Deltazulu',
  '+1 555 0100 009',
  '9 Synthetic Way',
  'SYN-DELTA-0009',
  'Testpatient Charlie',
  'Charliezulu',
  '900-00-0003',
  '900000003',
  'Synthetic note otter-compass-3317',
  'otter-compass-3317',
  'Emergency: synthetic unconscious arrival',
];

/** Returns the fixture values found in `text`. */
export function findFixturePhi(text: string): string[] {
  return FIXTURE_PHI.filter((v) => text.includes(v));
}
