import type { ALBResult } from 'aws-lambda';
import type { Role } from '../../../lambda/api/domain/policy';
import type { Clock } from '../../../lambda/api/domain/ports';
import { toAlbEvent } from '../../../lambda/api/local/alb-event';
import { createLocalApp, LocalApp } from '../../../lambda/api/local/local-app';
import { createTestDatabase, TestDatabase } from './database';

export interface CallOptions {
  role?: Role;
  /** Overrides `role`: send exactly this Authorization header (or none with null). */
  authorization?: string | null;
  body?: unknown;
  /** Sent verbatim instead of JSON-encoding `body`. */
  rawBody?: string | Buffer;
  contentType?: string | null;
  headers?: Record<string, string>;
  /** Already percent-encoded, as a client would put it on the wire. */
  rawQuery?: string;
}

export interface CallResult {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  text: string;
  headers: Record<string, string>;
}

export interface Harness {
  db: TestDatabase;
  app: LocalApp;
  call(method: string, path: string, o?: CallOptions): Promise<CallResult>;
  token(role: Role): string;
  close(): Promise<void>;
}

/** A test clock that tests can move forward (break-glass expiry). */
export class MovableClock implements Clock {
  constructor(private t = Date.now()) {}
  now = () => new Date(this.t);
  advance(ms: number) {
    this.t += ms;
  }
}

export async function createHarness(o: { clock?: Clock; db?: TestDatabase } = {}): Promise<Harness> {
  const db = o.db ?? (await createTestDatabase());
  const app = createLocalApp({ pool: db.app, clock: o.clock });
  const tokens = new Map<Role, string>();
  const token = (role: Role) => {
    if (!tokens.has(role)) tokens.set(role, app.issuer.issueForRole(role));
    return tokens.get(role)!;
  };
  return {
    db,
    app,
    token,
    async call(method, path, c = {}) {
      const headers: Record<string, string> = { ...(c.headers ?? {}) };
      const auth =
        c.authorization !== undefined ? c.authorization : c.role ? `Bearer ${token(c.role)}` : null;
      if (auth !== null) headers.authorization = auth;
      let body: Buffer | null = null;
      if (c.rawBody !== undefined) body = Buffer.from(c.rawBody);
      else if (c.body !== undefined) body = Buffer.from(JSON.stringify(c.body));
      const contentType = c.contentType !== undefined ? c.contentType : body ? 'application/json' : null;
      if (contentType !== null) headers['content-type'] = contentType;
      const event = toAlbEvent({
        method,
        path,
        rawQuery: c.rawQuery ?? '',
        headers,
        body,
        sourceIp: '203.0.113.7',
      });
      const res: ALBResult = await app.handler(event);
      const text = res.body ?? '';
      return {
        status: res.statusCode,
        body: text ? JSON.parse(text) : undefined,
        text,
        headers: (res.headers ?? {}) as Record<string, string>,
      };
    },
    async close() {
      await db.close();
    },
  };
}

/** Registers a patient as the front desk and lets billing set the SSN and insurance, clinicians the clinical fields. */
export async function seedPatient(
  h: Harness,
  p: {
    givenName: string;
    familyName: string;
    birthDate: string;
    ssn?: string;
    phone?: string;
    address?: string;
    insuranceMemberId?: string;
    diagnosisCodes?: string[];
    clinicalNotes?: string;
  },
  careTeam: string[],
): Promise<string> {
  const clinical = Boolean(p.diagnosisCodes || p.clinicalNotes);
  // Clinical fields can only be written by a clinician on the care team, so one is on it while seeding.
  const seedingTeam =
    clinical && !careTeam.includes('demo-clinician') ? [...careTeam, 'demo-clinician'] : careTeam;
  const created = await h.call('POST', '/patients', {
    role: 'front-desk',
    body: {
      givenName: p.givenName,
      familyName: p.familyName,
      birthDate: p.birthDate,
      phone: p.phone,
      address: p.address,
      careTeam: seedingTeam,
    },
  });
  if (created.status !== 201) throw new Error(`seed create failed: ${created.status} ${created.text}`);
  const id = created.body.patient.id as string;
  if (p.ssn || p.insuranceMemberId) {
    const r = await h.call('PATCH', `/patients/${id}`, {
      role: 'billing',
      body: { ssn: p.ssn, insuranceMemberId: p.insuranceMemberId },
    });
    if (r.status !== 200) throw new Error(`seed billing failed: ${r.status} ${r.text}`);
  }
  if (clinical) {
    const r = await h.call('PATCH', `/patients/${id}`, {
      role: 'clinician',
      body: { diagnosisCodes: p.diagnosisCodes, clinicalNotes: p.clinicalNotes },
    });
    if (r.status !== 200) throw new Error(`seed clinical failed: ${r.status} ${r.text}`);
  }
  if (seedingTeam !== careTeam) {
    const r = await h.call('PATCH', `/patients/${id}`, { role: 'front-desk', body: { careTeam } });
    if (r.status !== 200) throw new Error(`seed care team failed: ${r.status} ${r.text}`);
  }
  return id;
}
