import type { Operation } from '../domain/policy';

export type RouteName =
  | 'health'
  | 'patients.collection'
  | 'patients.search'
  | 'patients.item'
  | 'patients.disclosures'
  | 'patients.breakGlass'
  | 'audit.verify';

export interface RouteMatch {
  name: RouteName;
  /** A template, never the raw path: safe to log and to store as the audit action. */
  template: string;
  patientId: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Paths under these prefixes touch or try to touch PHI: every such request is audited, matched or not. */
export const isPhiPath = (path: string) =>
  path === '/patients' || path.startsWith('/patients/') || path === '/audit' || path.startsWith('/audit/');

export function matchRoute(path: string): RouteMatch | null {
  if (path === '/health') return { name: 'health', template: '/health', patientId: null };
  if (path === '/patients') return { name: 'patients.collection', template: '/patients', patientId: null };
  if (path === '/patients/search') {
    return { name: 'patients.search', template: '/patients/search', patientId: null };
  }
  if (path === '/audit/verify') return { name: 'audit.verify', template: '/audit/verify', patientId: null };
  const parts = path.split('/');
  if (parts[1] !== 'patients' || parts.length < 3 || parts.length > 4) return null;
  // Ids are issued lower-case; refusing other spellings keeps one string per patient in the audit trail.
  const id = parts[2];
  if (!UUID.test(id)) return null;
  if (parts.length === 3) return { name: 'patients.item', template: '/patients/{id}', patientId: id };
  if (parts[3] === 'disclosures') {
    return { name: 'patients.disclosures', template: '/patients/{id}/disclosures', patientId: id };
  }
  if (parts[3] === 'break-glass') {
    return { name: 'patients.breakGlass', template: '/patients/{id}/break-glass', patientId: id };
  }
  return null;
}

export const ALLOWED_METHODS: Record<RouteName, readonly string[]> = {
  health: ['GET'],
  // No GET: searching takes patient details, and a query string is written to the load balancer and WAF
  // logs verbatim. Searches are POST /patients/search with the criteria in the body.
  'patients.collection': ['POST'],
  'patients.search': ['POST'],
  'patients.item': ['GET', 'PATCH', 'DELETE'],
  'patients.disclosures': ['GET'],
  'patients.breakGlass': ['POST'],
  'audit.verify': ['GET'],
};

/**
 * The policy operation a (route, method) performs. A search is `patient.search` until its body has been
 * read; `searchOperation` then tells the SSN search apart.
 */
export function operationFor(route: RouteName, method: string): Operation | null {
  switch (`${route} ${method}`) {
    case 'patients.collection POST':
      return 'patient.create';
    case 'patients.search POST':
      return 'patient.search';
    case 'patients.item GET':
      return 'patient.read';
    case 'patients.item PATCH':
      return 'patient.update';
    case 'patients.item DELETE':
      return 'patient.delete';
    case 'patients.disclosures GET':
      return 'patient.disclosures';
    case 'patients.breakGlass POST':
      return 'patient.breakGlass';
    case 'audit.verify GET':
      return 'audit.verify';
    default:
      return null;
  }
}

/** A search body naming `ssn` is an SSN search (a different grant); anything else is a demographic search. */
export const searchOperation = (body: unknown): Operation =>
  body !== null && typeof body === 'object' && !Array.isArray(body) && Object.hasOwn(body, 'ssn')
    ? 'patient.searchBySsn'
    : 'patient.search';

/**
 * Query parameters that carry PHI. The load balancer and WAF log the request line as sent, so a request
 * carrying one is refused (without echoing it) to make the client move the value into a POST body. The
 * names are compared without case, '-' or '_', so `SSN` or `family_name` are caught too.
 */
export const PHI_QUERY_PARAMETERS = ['ssn', 'familyName', 'birthDate'] as const;
const PHI_QUERY_KEYS = new Set(PHI_QUERY_PARAMETERS.map((k) => k.toLowerCase()));
export const carriesPhiQuery = (query: Record<string, string[]>): boolean =>
  Object.keys(query).some((k) => PHI_QUERY_KEYS.has(k.trim().toLowerCase().replace(/[-_]/g, '')));
