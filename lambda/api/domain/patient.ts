import { invalid } from './errors';

/** Every field of a patient record as the API exposes it. `ssnLastFour` is derived and read-only. */
export const PATIENT_FIELDS = [
  'id',
  'givenName',
  'familyName',
  'birthDate',
  'ssn',
  'ssnLastFour',
  'phone',
  'address',
  'insuranceMemberId',
  'diagnosisCodes',
  'clinicalNotes',
  'careTeam',
] as const;
export type PatientField = (typeof PATIENT_FIELDS)[number];

/** Fields stored only as ciphertext. Reading one costs a decryption, so projection happens first. */
export const ENCRYPTED_FIELDS = ['ssn', 'ssnLastFour', 'diagnosisCodes', 'clinicalNotes'] as const;
export type EncryptedField = (typeof ENCRYPTED_FIELDS)[number];
export const isEncryptedField = (f: PatientField): f is EncryptedField =>
  (ENCRYPTED_FIELDS as readonly string[]).includes(f);

/** Fields the server assigns; a client may send every other field. */
const SERVER_ASSIGNED = ['id', 'ssnLastFour'] as const;
export type WritableField = Exclude<PatientField, (typeof SERVER_ASSIGNED)[number]>;
/** Fields a client may send, in PATIENT_FIELDS order. */
export const WRITABLE_FIELDS: readonly WritableField[] = PATIENT_FIELDS.filter(
  (f): f is WritableField => !(SERVER_ASSIGNED as readonly string[]).includes(f),
);

export interface Patient {
  id: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  ssn: string | null;
  phone: string | null;
  address: string | null;
  insuranceMemberId: string | null;
  diagnosisCodes: string[];
  clinicalNotes: string | null;
  careTeam: string[];
}

export type PatientInput = Partial<Omit<Patient, 'id'>>;
export type PatientView = Partial<Record<PatientField, unknown>>;

const REQUIRED_ON_CREATE: WritableField[] = ['givenName', 'familyName', 'birthDate'];

// Validators return a normalised value or throw. Messages name the field (a name from this schema, never a
// client-supplied key) and the rule, never the rejected value.
const NAME = /^[\p{L}\p{M}][\p{L}\p{M}' .-]{0,99}$/u;
const SSN = /^(\d{3})-?(\d{2})-?(\d{4})$/;
const PHONE = /^\+?[0-9 ().-]{7,25}$/;
const MEMBER_ID = /^[A-Za-z0-9-]{1,40}$/;
// ICD-10-CM: a letter, two characters, then optionally a dot and up to four more.
const ICD10 = /^[A-TV-Z][0-9][0-9AB](\.[0-9A-TV-Z]{1,4})?$/;
const USER_ID = /^[A-Za-z0-9_.@:-]{1,128}$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MAX_NOTES_CHARS = 20_000;
const MAX_ADDRESS_CHARS = 300;
const MAX_CODES = 50;
const MAX_CARE_TEAM = 50;

export function normaliseName(field: string, v: unknown): string {
  if (typeof v !== 'string' || !NAME.test(v.trim())) throw invalid(`${field} must be 1-100 letters.`);
  return v.trim();
}

export function normaliseBirthDate(v: unknown, today: Date): string {
  const m = typeof v === 'string' ? ISO_DATE.exec(v) : null;
  if (!m) throw invalid('birthDate must be a date in the form YYYY-MM-DD.');
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  // Date.UTC rolls 2020-02-31 over into March; a round trip catches impossible dates.
  if (d.toISOString().slice(0, 10) !== v || d.getTime() > today.getTime() || Number(m[1]) < 1900) {
    throw invalid('birthDate must be a real date between 1900 and today.');
  }
  return v as string;
}

/** Returns the SSN as nine digits; formatting is restored on output. */
export function normaliseSsn(v: unknown): string {
  const m = typeof v === 'string' ? SSN.exec(v) : null;
  if (!m) throw invalid('ssn must be nine digits, optionally as NNN-NN-NNNN.');
  return `${m[1]}${m[2]}${m[3]}`;
}
export const formatSsn = (digits: string) => `${digits.slice(0, 3)}-${digits.slice(3, 5)}-${digits.slice(5)}`;

function optionalString(field: string, v: unknown, pattern: RegExp | null, max: number): string | null {
  if (v === null) return null;
  if (typeof v !== 'string' || v.length === 0 || v.length > max || (pattern && !pattern.test(v))) {
    throw invalid(`${field} is not valid.`);
  }
  return v;
}

function stringList(field: string, v: unknown, pattern: RegExp, max: number): string[] {
  if (!Array.isArray(v) || v.length > max || !v.every((x) => typeof x === 'string' && pattern.test(x))) {
    throw invalid(`${field} must be a list of at most ${max} valid entries.`);
  }
  return [...new Set(v as string[])];
}

/**
 * Validates a create or update body. Unknown keys are refused (a typo must not silently drop data), and
 * the message does not repeat the unknown key because it is client input.
 */
export function parsePatientInput(body: unknown, mode: 'create' | 'update', today: Date): PatientInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalid('The body must be a JSON object.');
  }
  const raw = body as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (!(WRITABLE_FIELDS as readonly string[]).includes(key))
      throw invalid('The body has an unknown field.');
  }
  if (mode === 'create') {
    for (const f of REQUIRED_ON_CREATE) if (!(f in raw)) throw invalid(`${f} is required.`);
  } else if (Object.keys(raw).length === 0) {
    throw invalid('The body must change at least one field.');
  }
  const out: PatientInput = {};
  if ('givenName' in raw) out.givenName = normaliseName('givenName', raw.givenName);
  if ('familyName' in raw) out.familyName = normaliseName('familyName', raw.familyName);
  if ('birthDate' in raw) out.birthDate = normaliseBirthDate(raw.birthDate, today);
  if ('ssn' in raw) out.ssn = raw.ssn === null ? null : normaliseSsn(raw.ssn);
  if ('phone' in raw) out.phone = optionalString('phone', raw.phone, PHONE, 25);
  if ('address' in raw) out.address = optionalString('address', raw.address, null, MAX_ADDRESS_CHARS);
  if ('insuranceMemberId' in raw) {
    out.insuranceMemberId = optionalString('insuranceMemberId', raw.insuranceMemberId, MEMBER_ID, 40);
  }
  if ('diagnosisCodes' in raw)
    out.diagnosisCodes = stringList('diagnosisCodes', raw.diagnosisCodes, ICD10, MAX_CODES);
  if ('clinicalNotes' in raw) {
    out.clinicalNotes = optionalString('clinicalNotes', raw.clinicalNotes, null, MAX_NOTES_CHARS);
  }
  if ('careTeam' in raw) out.careTeam = stringList('careTeam', raw.careTeam, USER_ID, MAX_CARE_TEAM);
  return out;
}
