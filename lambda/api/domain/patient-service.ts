import { ChainVerification, ChainVerifier } from '../../shared/audit-chain';
import { conflict, DomainError, forbidden, invalid, notFound } from './errors';
import {
  EncryptedField,
  formatSsn,
  isEncryptedField,
  normaliseBirthDate,
  normaliseName,
  normaliseSsn,
  PatientField,
  PatientInput,
  PatientView,
  WritableField,
} from './patient';
import { Grant, grantFor, mayBreakGlass, Operation } from './policy';
import {
  Actor,
  AuditDraft,
  AuditReader,
  BlindIndexer,
  DuplicateSsnError,
  FieldCodec,
  PatientRepository,
  StoredPatient,
} from './ports';

export interface PatientServiceOptions {
  codec: FieldCodec;
  blindIndex: BlindIndexer;
  newId: () => string;
  breakGlassMinutes: number;
  searchLimit: number;
}

/** Everything one request's operation may use; the repositories are bound to the request's transaction. */
export interface OperationContext {
  actor: Actor;
  now: Date;
  audit: AuditDraft;
  patients: PatientRepository;
  auditLog: AuditReader;
}

export interface PatientResult {
  patient: PatientView;
  version: number;
}

export interface DisclosureView {
  at: string;
  actorSub: string | null;
  actorRole: string | null;
  action: string;
  fields: string[];
  outcome: string;
  httpStatus: number;
  requestId: string;
  breakGlassReason: string | null;
}

const MIN_REASON_CHARS = 10;
const MAX_REASON_CHARS = 500;
const DISCLOSURE_LIMIT = 1000;
const VERIFY_BATCH = 2000;

export class PatientService {
  constructor(private readonly o: PatientServiceOptions) {}

  async create(ctx: OperationContext, input: PatientInput): Promise<PatientResult> {
    const grant = this.grant(ctx, 'patient.create');
    this.assertMayWrite(grant, input);
    const id = this.o.newId();
    ctx.audit.patientIds = [id];
    const key = await this.o.codec.createRecordKey(id);
    const stored: StoredPatient = {
      id,
      givenName: input.givenName!,
      familyName: input.familyName!,
      birthDate: input.birthDate!,
      phone: input.phone ?? null,
      address: input.address ?? null,
      insuranceMemberId: input.insuranceMemberId ?? null,
      careTeam: input.careTeam ?? [],
      ciphertexts: {},
      ssnBlindIndex: null,
      key,
      version: 1,
      deletedAt: null,
    };
    await this.applySensitive(stored, input);
    await this.persist(() => ctx.patients.insert(stored, ctx.now));
    return this.respond(ctx, grant, stored);
  }

  async read(ctx: OperationContext, id: string): Promise<PatientResult> {
    const { grant, patient } = await this.authorizeRecord(ctx, 'patient.read', id, false);
    return this.respond(ctx, grant, patient);
  }

  async update(
    ctx: OperationContext,
    id: string,
    input: PatientInput,
    expectedVersion: number | null,
  ): Promise<PatientResult> {
    const { grant, patient } = await this.authorizeRecord(ctx, 'patient.update', id, true);
    this.assertMayWrite(grant, input);
    if (expectedVersion !== null && expectedVersion !== patient.version) {
      throw conflict('The record has changed since it was read.');
    }
    const next: StoredPatient = {
      ...patient,
      ciphertexts: { ...patient.ciphertexts },
      version: patient.version + 1,
    };
    if (input.givenName !== undefined) next.givenName = input.givenName;
    if (input.familyName !== undefined) next.familyName = input.familyName;
    if (input.birthDate !== undefined) next.birthDate = input.birthDate;
    if (input.phone !== undefined) next.phone = input.phone;
    if (input.address !== undefined) next.address = input.address;
    if (input.insuranceMemberId !== undefined) next.insuranceMemberId = input.insuranceMemberId;
    if (input.careTeam !== undefined) next.careTeam = input.careTeam;
    await this.applySensitive(next, input);
    await this.persist(() => ctx.patients.update(next, ctx.now));
    return this.respond(ctx, grant, next);
  }

  async remove(ctx: OperationContext, id: string): Promise<void> {
    await this.authorizeRecord(ctx, 'patient.delete', id, true);
    await ctx.patients.softDelete(id, ctx.actor.sub, ctx.now);
  }

  async search(
    ctx: OperationContext,
    query: { familyName: unknown; birthDate: unknown },
  ): Promise<PatientView[]> {
    const grant = this.grant(ctx, 'patient.search');
    const familyName = normaliseName('familyName', query.familyName);
    const birthDate = normaliseBirthDate(query.birthDate, ctx.now);
    const found = await ctx.patients.search({
      familyName,
      birthDate,
      careTeamMember: grant.scope === 'careTeam' ? ctx.actor.sub : null,
      limit: this.o.searchLimit,
    });
    return this.respondMany(ctx, grant, found);
  }

  async searchBySsn(ctx: OperationContext, ssn: unknown): Promise<PatientView[]> {
    const grant = this.grant(ctx, 'patient.searchBySsn');
    const index = await this.o.blindIndex.ssnIndex(normaliseSsn(ssn));
    const found = await ctx.patients.findBySsnIndex(index, this.o.searchLimit);
    return this.respondMany(ctx, grant, found);
  }

  async breakGlass(ctx: OperationContext, id: string, body: unknown): Promise<{ expiresAt: string }> {
    this.grant(ctx, 'patient.breakGlass');
    const reason = parseReason(body);
    ctx.audit.breakGlassReason = reason;
    ctx.audit.patientIds = [id];
    const patient = await ctx.patients.findById(id, false);
    if (!patient || patient.deletedAt) throw notFound();
    const expiresAt = new Date(ctx.now.getTime() + this.o.breakGlassMinutes * 60_000);
    await ctx.patients.insertBreakGlass({
      id: this.o.newId(),
      patientId: id,
      actorSub: ctx.actor.sub,
      reason,
      grantedAt: ctx.now,
      expiresAt,
    });
    return { expiresAt: expiresAt.toISOString() };
  }

  async disclosures(ctx: OperationContext, id: string): Promise<DisclosureView[]> {
    this.grant(ctx, 'patient.disclosures');
    ctx.audit.patientIds = [id];
    // Deleted records keep their accounting: the right to an accounting outlives the record being served.
    const patient = await ctx.patients.findById(id, false);
    if (!patient) throw notFound();
    const records = await ctx.auditLog.disclosuresFor(id, DISCLOSURE_LIMIT);
    return records.map((r) => ({
      at: r.occurredAt.toISOString(),
      actorSub: r.actorSub,
      actorRole: r.actorRole,
      action: r.action,
      fields: r.fields,
      outcome: r.outcome,
      httpStatus: r.httpStatus,
      requestId: r.requestId,
      breakGlassReason: r.breakGlassReason,
    }));
  }

  async verifyAudit(ctx: OperationContext): Promise<ChainVerification> {
    this.grant(ctx, 'audit.verify');
    return verifyAuditChain(ctx.auditLog);
  }

  // ---- authorization -------------------------------------------------------------------------------

  private grant(ctx: OperationContext, op: Operation): Grant {
    const g = grantFor(ctx.actor.role, op);
    if (!g) throw forbidden();
    return g;
  }

  private async authorizeRecord(
    ctx: OperationContext,
    op: Operation,
    id: string,
    forUpdate: boolean,
  ): Promise<{ grant: Grant; patient: StoredPatient }> {
    ctx.audit.patientIds = [id];
    const grant = this.grant(ctx, op);
    const patient = await ctx.patients.findById(id, forUpdate);
    if (!patient || patient.deletedAt) throw notFound();
    if (grant.scope === 'careTeam' && !patient.careTeam.includes(ctx.actor.sub)) {
      const glass = mayBreakGlass(ctx.actor.role)
        ? await ctx.patients.activeBreakGlass(id, ctx.actor.sub, ctx.now)
        : null;
      // Out of scope answers like a missing record: whether a person is a patient here is itself PHI.
      if (!glass) throw notFound();
      ctx.audit.breakGlassReason = glass.reason;
    }
    return { grant, patient };
  }

  private assertMayWrite(grant: Grant, input: PatientInput): void {
    const allowed = grant.write ?? [];
    for (const f of Object.keys(input) as WritableField[]) {
      if (!allowed.includes(f))
        throw new DomainError('forbidden', 'This role may not change one of the fields sent.');
    }
  }

  // ---- encryption and projection ------------------------------------------------------------------

  private async applySensitive(p: StoredPatient, input: PatientInput): Promise<void> {
    const seal = (f: EncryptedField, v: string) => this.o.codec.encrypt(p.key, f, v);
    if (input.ssn !== undefined) {
      if (input.ssn === null) {
        delete p.ciphertexts.ssn;
        delete p.ciphertexts.ssnLastFour;
        p.ssnBlindIndex = null;
      } else {
        p.ciphertexts.ssn = await seal('ssn', input.ssn);
        p.ciphertexts.ssnLastFour = await seal('ssnLastFour', input.ssn.slice(-4));
        p.ssnBlindIndex = await this.o.blindIndex.ssnIndex(input.ssn);
      }
    }
    if (input.diagnosisCodes !== undefined) {
      p.ciphertexts.diagnosisCodes = await seal('diagnosisCodes', JSON.stringify(input.diagnosisCodes));
    }
    if (input.clinicalNotes !== undefined) {
      if (input.clinicalNotes === null) delete p.ciphertexts.clinicalNotes;
      else p.ciphertexts.clinicalNotes = await seal('clinicalNotes', input.clinicalNotes);
    }
  }

  private async persist(write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (e) {
      if (e instanceof DuplicateSsnError) throw conflict('A patient with this SSN is already registered.');
      throw e;
    }
  }

  private async respond(ctx: OperationContext, grant: Grant, p: StoredPatient): Promise<PatientResult> {
    ctx.audit.fields = [...grant.read];
    return { patient: await this.project(p, grant.read), version: p.version };
  }

  private async respondMany(
    ctx: OperationContext,
    grant: Grant,
    found: StoredPatient[],
  ): Promise<PatientView[]> {
    ctx.audit.patientIds = found.map((p) => p.id);
    ctx.audit.fields = found.length > 0 ? [...grant.read] : [];
    const views: PatientView[] = [];
    for (const p of found) views.push(await this.project(p, grant.read));
    return views;
  }

  /** Only the granted fields are decrypted: a field the role may not see never exists in plaintext. */
  async project(p: StoredPatient, fields: readonly PatientField[]): Promise<PatientView> {
    const view: PatientView = {};
    for (const f of fields) {
      if (isEncryptedField(f)) {
        const ct = p.ciphertexts[f];
        const plain = ct ? await this.o.codec.decrypt(p.key, f, ct) : null;
        view[f] = decodeSensitive(f, plain);
      } else {
        view[f] = p[f];
      }
    }
    return view;
  }
}

function decodeSensitive(f: EncryptedField, plain: string | null): unknown {
  if (f === 'diagnosisCodes') return plain === null ? [] : (JSON.parse(plain) as string[]);
  if (f === 'ssn') return plain === null ? null : formatSsn(plain);
  return plain;
}

function parseReason(body: unknown): string {
  const reason = (body as { reason?: unknown } | null)?.reason;
  const keys = typeof body === 'object' && body !== null ? Object.keys(body) : [];
  if (typeof reason !== 'string' || keys.length !== 1) throw invalid('The body must be {"reason": "..."}.');
  const trimmed = reason.trim();
  if (trimmed.length < MIN_REASON_CHARS || trimmed.length > MAX_REASON_CHARS) {
    throw invalid(`reason must be ${MIN_REASON_CHARS}-${MAX_REASON_CHARS} characters.`);
  }
  return trimmed;
}

/** Verifies the whole chain in batches so memory stays flat however long the trail grows. */
export async function verifyAuditChain(reader: AuditReader): Promise<ChainVerification> {
  const verifier = new ChainVerifier();
  let after = 0;
  for (;;) {
    const batch = await reader.readChain(after, VERIFY_BATCH);
    for (const r of batch) if (!verifier.accept(r)) return verifier.result();
    if (batch.length < VERIFY_BATCH) return verifier.result();
    after = batch[batch.length - 1].seq;
  }
}
