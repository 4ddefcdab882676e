import type { AuditEntry } from '../../shared/audit-chain';
import type { AppLogger } from '../adapters/logger';
import type { Identity, TokenVerifier } from '../adapters/auth/token-verifier';
import { DomainError, DomainErrorCode, invalid } from '../domain/errors';
import { parsePatientInput } from '../domain/patient';
import { OperationContext, PatientService } from '../domain/patient-service';
import type { Operation } from '../domain/policy';
import type { AuditDraft, Clock, RequestTransaction, TransactionRunner } from '../domain/ports';
import {
  ALLOWED_METHODS,
  carriesPhiQuery,
  isPhiPath,
  matchRoute,
  operationFor,
  RouteMatch,
  searchOperation,
} from './routes';
import type { HttpRequest, HttpResponse } from './types';

export interface ApiDependencies {
  service: PatientService;
  db: TransactionRunner;
  verifier: TokenVerifier;
  logger: AppLogger;
  clock: Clock;
  newId: () => string;
  /** Largest accepted body after base64 decoding. */
  maxBodyBytes: number;
}

const STATUS: Record<DomainErrorCode, number> = {
  invalid_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  service_unavailable: 503,
};

/** What an auditor reads: the outcome class of each status. */
export function outcomeOf(status: number): string {
  if (status < 300) return 'allowed';
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'denied';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status < 500) return 'rejected';
  return 'error';
}

const SECURITY_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  // PHI must not be kept by browsers or intermediaries.
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
};

const errorBody = (code: DomainErrorCode, message: string) => ({ error: { code, message } });
const fail = (e: DomainError): HttpResponse => ({
  status: STATUS[e.code],
  body: errorBody(e.code, e.message),
});
const UNAVAILABLE: HttpResponse = {
  status: 503,
  body: errorBody('service_unavailable', 'The service is temporarily unavailable; retry later.'),
};

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/;
const MAX_TOKEN_CHARS = 8192;
const JSON_TYPE = /^application\/json\s*(;\s*charset=utf-8\s*)?$/i;

/**
 * The router: request checks, authentication, the one audit record, and error mapping. Domain errors
 * carry fixed messages; anything else becomes a generic 503 and is logged by class name only, because an
 * error message from a driver can quote the data that caused it.
 */
export class Api {
  constructor(private readonly d: ApiDependencies) {}

  async handle(req: HttpRequest): Promise<HttpResponse> {
    const started = Date.now();
    const route = matchRoute(req.path);
    let res: HttpResponse;
    let template = route?.template ?? 'unmatched';
    let role: string | null = null;
    if (req.malformed && !isPhiPath(req.path)) {
      res = fail(invalid('The query string could not be decoded.'));
    } else if (route?.name === 'health') {
      res = req.method === 'GET' ? { status: 200, body: { status: 'ok' } } : this.methodNotAllowed(route);
    } else if (!isPhiPath(req.path)) {
      res = fail(new DomainError('not_found', 'No such resource.'));
    } else {
      const out = await this.handlePhi(req, route);
      res = out.response;
      role = out.role;
      template = route?.template ?? 'unmatched-phi';
    }
    this.d.logger.info('REQUEST_COMPLETED', {
      requestId: req.requestId,
      method: safeMethod(req.method),
      route: template,
      status: res.status,
      role,
      durationMs: Date.now() - started,
    });
    return {
      ...res,
      headers: { ...SECURITY_HEADERS, 'x-request-id': req.requestId, ...(res.headers ?? {}) },
    };
  }

  private async handlePhi(
    req: HttpRequest,
    route: RouteMatch | null,
  ): Promise<{ response: HttpResponse; role: string | null }> {
    const now = this.d.clock.now();
    let operation = route ? operationFor(route.name, req.method) : null;
    const draft: AuditDraft = {
      action: operation ?? `${safeMethod(req.method)} ${route?.template ?? 'unmatched'}`,
      actor: null,
      patientIds: route?.patientId ? [route.patientId] : [],
      fields: [],
      breakGlassReason: null,
    };

    // Checks that need no database. A refusal here is still audited below, like any other outcome.
    const { early, identity, body } = await this.precheck(req, route, operation);
    draft.actor = identity?.role ? { sub: identity.sub, role: identity.role } : null;
    // Which search it is depends on the body, read only once the caller is authenticated. A search refused
    // before that is recorded as `patient.search`.
    if (operation === 'patient.search' && !early) {
      operation = searchOperation(body);
      draft.action = operation;
    }

    let appended: { seq: number } | null = null;
    let response: HttpResponse;
    try {
      response = await this.d.db.inTransaction(async (tx) => {
        let r: HttpResponse;
        if (early) r = early;
        else {
          try {
            r = await tx.attempt(() =>
              this.dispatch(operation!, req, route!, body, this.context(tx, draft, now)),
            );
          } catch (e) {
            r = this.mapError(e, req.requestId);
          }
        }
        appended = await tx.appendAudit(this.auditEntry(req, draft, identity, now, r.status));
        return r;
      });
    } catch (e) {
      // The access and its audit record were rolled back together: nothing was disclosed, nothing is sent.
      this.d.logger.error('AUDIT_WRITE_FAILED', {
        requestId: req.requestId,
        errorName: errorName(e),
        sqlState: sqlState(e),
      });
      return { response: UNAVAILABLE, role: identity?.role ?? null };
    }

    if (operation === 'patient.breakGlass' && response.status === 201 && draft.actor) {
      this.d.logger.warn('BREAK_GLASS_ACCESS', {
        requestId: req.requestId,
        actorSub: draft.actor.sub,
        role: draft.actor.role,
        auditSeq: (appended as { seq: number } | null)?.seq ?? null,
        expiresAt: (response.body as { expiresAt: string }).expiresAt,
      });
    }
    return { response, role: identity?.role ?? null };
  }

  /** Route, method, token, role and body, in that order: the first failure is the answer. */
  private async precheck(
    req: HttpRequest,
    route: RouteMatch | null,
    operation: Operation | null,
  ): Promise<{ early: HttpResponse | null; identity: Identity | null; body: unknown }> {
    const refuse = (early: HttpResponse, identity: Identity | null = null) => ({
      early,
      identity,
      body: undefined,
    });
    if (req.malformed) return refuse(fail(invalid('The query string could not be decoded.')));
    // Refused whatever the token: the value is already in the load balancer's log, and the client must
    // change. The caller is still authenticated, so the audit record names who sent it.
    if (carriesPhiQuery(req.query)) return refuse(fail(invalid(PHI_IN_QUERY)), await this.authenticate(req));
    if (!route) return refuse(fail(new DomainError('not_found', 'No such resource.')));
    if (!operation) return refuse(this.methodNotAllowed(route));
    const identity = await this.authenticate(req);
    if (!identity) return refuse(this.unauthenticated());
    if (!identity.role) {
      return refuse(fail(new DomainError('forbidden', 'The token carries no single known role.')), identity);
    }
    try {
      return { early: null, identity, body: this.readBody(req) };
    } catch (e) {
      return refuse(fail(e as DomainError), identity);
    }
  }

  private context(tx: RequestTransaction, audit: AuditDraft, now: Date): OperationContext {
    return { actor: audit.actor!, now, audit, patients: tx.patients, auditLog: tx.auditLog };
  }

  private async dispatch(
    op: Operation,
    req: HttpRequest,
    route: RouteMatch,
    body: unknown,
    ctx: OperationContext,
  ): Promise<HttpResponse> {
    const s = this.d.service;
    const id = route.patientId!;
    switch (op) {
      case 'patient.create': {
        const r = await s.create(ctx, parsePatientInput(body, 'create', ctx.now));
        return {
          status: 201,
          headers: { location: `/patients/${r.patient.id as string}`, etag: `"${r.version}"` },
          body: r,
        };
      }
      case 'patient.read': {
        const r = await s.read(ctx, id);
        return { status: 200, headers: { etag: `"${r.version}"` }, body: r };
      }
      case 'patient.update': {
        const expected = parseIfMatch(req.headers['if-match']);
        const r = await s.update(ctx, id, parsePatientInput(body, 'update', ctx.now), expected);
        return { status: 200, headers: { etag: `"${r.version}"` }, body: r };
      }
      case 'patient.delete':
        await s.remove(ctx, id);
        return { status: 204 };
      case 'patient.search': {
        const q = searchCriteria(body, ['familyName', 'birthDate']);
        return { status: 200, body: { patients: await s.search(ctx, q) } };
      }
      case 'patient.searchBySsn':
        return {
          status: 200,
          body: { patients: await s.searchBySsn(ctx, searchCriteria(body, ['ssn']).ssn) },
        };
      case 'patient.breakGlass':
        return { status: 201, body: await s.breakGlass(ctx, id, body) };
      case 'patient.disclosures':
        return { status: 200, body: { disclosures: await s.disclosures(ctx, id) } };
      case 'audit.verify': {
        const v = await s.verifyAudit(ctx);
        if (!v.ok) {
          this.d.logger.error('AUDIT_CHAIN_BROKEN', {
            requestId: req.requestId,
            brokenSeq: v.firstBroken?.seq ?? null,
            problem: v.firstBroken?.problem ?? null,
          });
        }
        return {
          status: 200,
          body: {
            ok: v.ok,
            checked: v.checked,
            head: { seq: v.head.seq, hash: v.head.hash.toString('hex') },
            firstBroken: v.firstBroken,
          },
        };
      }
    }
  }

  private async authenticate(req: HttpRequest): Promise<Identity | null> {
    const header = req.headers.authorization;
    const m = header && header.length <= MAX_TOKEN_CHARS ? BEARER.exec(header) : null;
    if (!m) return null;
    try {
      return await this.d.verifier.verify(m[1]);
    } catch (e) {
      // The verifier's message can include claims from the token; the class name is enough to debug.
      this.d.logger.info('AUTH_REJECTED', { requestId: req.requestId, errorName: errorName(e) });
      return null;
    }
  }

  private readBody(req: HttpRequest): unknown {
    const needsBody = req.method === 'POST' || req.method === 'PATCH';
    if (!needsBody) {
      if (req.body && req.body.length > 0) throw invalid('This request takes no body.');
      return undefined;
    }
    if (req.body && req.body.length > this.d.maxBodyBytes) {
      throw new DomainError('payload_too_large', `The body exceeds ${this.d.maxBodyBytes} bytes.`);
    }
    if (!JSON_TYPE.test(req.headers['content-type'] ?? '')) {
      throw new DomainError('unsupported_media_type', 'The body must be application/json (UTF-8).');
    }
    if (!req.body || req.body.length === 0) throw invalid('The body must be a JSON object.');
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(req.body);
    } catch {
      throw invalid('The body is not valid UTF-8.');
    }
    try {
      return JSON.parse(text);
    } catch {
      throw invalid('The body is not valid JSON.');
    }
  }

  private mapError(e: unknown, requestId: string): HttpResponse {
    if (e instanceof DomainError) return fail(e);
    this.d.logger.error('REQUEST_FAILED', { requestId, errorName: errorName(e), sqlState: sqlState(e) });
    return UNAVAILABLE;
  }

  private methodNotAllowed(route: RouteMatch): HttpResponse {
    return {
      ...fail(new DomainError('method_not_allowed', 'This method is not allowed here.')),
      headers: { allow: ALLOWED_METHODS[route.name].join(', ') },
    };
  }

  private unauthenticated(): HttpResponse {
    return {
      ...fail(new DomainError('unauthenticated', 'A valid bearer token is required.')),
      headers: { 'www-authenticate': 'Bearer' },
    };
  }

  private auditEntry(
    req: HttpRequest,
    draft: AuditDraft,
    identity: Identity | null,
    now: Date,
    status: number,
  ): AuditEntry {
    return {
      id: this.d.newId(),
      occurredAt: now,
      requestId: req.requestId,
      actorSub: identity?.sub ?? null,
      actorRole: identity?.role ?? null,
      action: draft.action,
      patientIds: draft.patientIds,
      // Fields are recorded only when they were actually returned.
      fields: status < 300 ? draft.fields : [],
      outcome: outcomeOf(status),
      httpStatus: status,
      sourceIp: req.sourceIp,
      breakGlassReason: draft.breakGlassReason,
    };
  }
}

const PHI_IN_QUERY =
  'Patient details are not accepted in the query string; search with POST /patients/search and a JSON body.';
const SEARCH_SHAPES = 'The search body must be {"ssn": ...} or {"familyName": ..., "birthDate": ...}.';

/** Exactly these keys, nothing else; the values are validated by the domain. */
function searchCriteria<K extends string>(body: unknown, keys: K[]): Record<K, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw invalid(SEARCH_SHAPES);
  const sent = Object.keys(body);
  if (sent.length !== keys.length || !sent.every((k) => (keys as string[]).includes(k))) {
    throw invalid(SEARCH_SHAPES);
  }
  return body as Record<K, unknown>;
}

function parseIfMatch(v: string | undefined): number | null {
  if (v === undefined) return null;
  const m = /^"(\d{1,9})"$/.exec(v.trim());
  if (!m) throw invalid('If-Match must be an ETag from a previous response.');
  return Number(m[1]);
}

const METHODS = new Set(['GET', 'POST', 'PATCH', 'DELETE', 'PUT', 'HEAD', 'OPTIONS']);
const safeMethod = (m: string) => (METHODS.has(m) ? m : 'OTHER');
// Duck-typed: errors from Node's core modules can come from another realm (vm contexts, Jest).
const errorName = (e: unknown) => {
  const name = (e as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : typeof e;
};
const sqlState = (e: unknown) => {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : null;
};
