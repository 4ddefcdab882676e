import { PatientField, WritableField } from './patient';

/**
 * The minimum-necessary policy: the only place that says which role may do what to which fields.
 * Responses are projected through it, request bodies are checked against it, the RBAC tests are generated
 * from it and docs/access-policy.md is rendered from it. Change access here and nowhere else.
 */
export const ROLES = ['clinician', 'nurse', 'front-desk', 'billing', 'privacy-officer', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const isRole = (v: string): v is Role => (ROLES as readonly string[]).includes(v);

export const OPERATIONS = [
  'patient.create',
  'patient.read',
  'patient.update',
  'patient.delete',
  'patient.search',
  'patient.searchBySsn',
  'patient.disclosures',
  'patient.breakGlass',
  'audit.verify',
] as const;
export type Operation = (typeof OPERATIONS)[number];

/**
 * `careTeam`: only patients whose careTeam lists the caller (or, for a role that may break glass, patients
 * the caller holds an unexpired break-glass grant for). `any`: every patient.
 */
export type Scope = 'careTeam' | 'any';

export interface Grant {
  readonly scope: Scope;
  /** Fields returned in the response. Anything else is neither returned nor decrypted. */
  readonly read: readonly PatientField[];
  /** Fields the caller may send (create, update). Sending any other field is refused with 403. */
  readonly write?: readonly WritableField[];
}

const DEMOGRAPHICS = [
  'id',
  'givenName',
  'familyName',
  'birthDate',
] as const satisfies readonly PatientField[];
const CONTACT = ['phone', 'address'] as const satisfies readonly PatientField[];
const CLINICAL = ['diagnosisCodes', 'clinicalNotes'] as const satisfies readonly PatientField[];
const REGISTRATION = ['givenName', 'familyName', 'birthDate', 'phone', 'address', 'careTeam'] as const;

const CLINICIAN_VIEW = [...DEMOGRAPHICS, ...CLINICAL, 'ssnLastFour', 'careTeam'] as const;
const NURSE_VIEW = [...DEMOGRAPHICS, ...CLINICAL, 'careTeam'] as const;
const FRONT_DESK_VIEW = [...DEMOGRAPHICS, ...CONTACT, 'careTeam'] as const;
const BILLING_VIEW = [...DEMOGRAPHICS, 'insuranceMemberId', 'ssn', 'diagnosisCodes'] as const;

export const POLICY: Readonly<Record<Role, Readonly<Partial<Record<Operation, Grant>>>>> = {
  clinician: {
    'patient.read': { scope: 'careTeam', read: CLINICIAN_VIEW },
    'patient.update': { scope: 'careTeam', read: CLINICIAN_VIEW, write: CLINICAL },
    'patient.search': { scope: 'careTeam', read: DEMOGRAPHICS },
    'patient.breakGlass': { scope: 'any', read: [] },
  },
  nurse: {
    'patient.read': { scope: 'careTeam', read: NURSE_VIEW },
    'patient.update': { scope: 'careTeam', read: NURSE_VIEW, write: ['clinicalNotes'] },
    'patient.search': { scope: 'careTeam', read: DEMOGRAPHICS },
  },
  'front-desk': {
    'patient.create': { scope: 'any', read: FRONT_DESK_VIEW, write: REGISTRATION },
    'patient.read': { scope: 'any', read: FRONT_DESK_VIEW },
    'patient.update': { scope: 'any', read: FRONT_DESK_VIEW, write: REGISTRATION },
    // Soft delete only (a duplicate or mistaken registration); the record is retained.
    'patient.delete': { scope: 'any', read: [] },
    'patient.search': { scope: 'any', read: [...DEMOGRAPHICS, ...CONTACT] },
  },
  billing: {
    'patient.read': { scope: 'any', read: BILLING_VIEW },
    'patient.update': { scope: 'any', read: BILLING_VIEW, write: ['insuranceMemberId', 'ssn'] },
    'patient.search': { scope: 'any', read: [...DEMOGRAPHICS, 'insuranceMemberId'] },
    'patient.searchBySsn': { scope: 'any', read: [...DEMOGRAPHICS, 'insuranceMemberId'] },
  },
  'privacy-officer': {
    'patient.disclosures': { scope: 'any', read: [] },
    'audit.verify': { scope: 'any', read: [] },
  },
  // Administrators run the system, not the clinic: the integrity check reveals no PHI, nothing else does.
  admin: {
    'audit.verify': { scope: 'any', read: [] },
  },
};

export function grantFor(role: Role, operation: Operation): Grant | undefined {
  return POLICY[role][operation];
}

/** Break-glass widens `careTeam` scope only for roles the table allows to break glass. */
export const mayBreakGlass = (role: Role) => grantFor(role, 'patient.breakGlass') !== undefined;
