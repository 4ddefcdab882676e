import type { ClientBase } from 'pg';
import { BreakGlassGrant, DuplicateSsnError, PatientRepository, StoredPatient } from '../../domain/ports';

interface PatientRow {
  id: string;
  given_name: string;
  family_name: string;
  birth_date: string;
  phone: string | null;
  address: string | null;
  insurance_member_id: string | null;
  ssn_ct: Buffer | null;
  ssn_last_four_ct: Buffer | null;
  ssn_blind_index: Buffer | null;
  diagnosis_codes_ct: Buffer | null;
  clinical_notes_ct: Buffer | null;
  care_team: string[];
  wrapped_data_key: Buffer;
  key_version: number;
  version: number;
  deleted_at: Date | null;
}

const COLUMNS = `id, given_name, family_name, birth_date, phone, address, insurance_member_id, ssn_ct,
  ssn_last_four_ct, ssn_blind_index, diagnosis_codes_ct, clinical_notes_ct, care_team, wrapped_data_key,
  key_version, version, deleted_at`;

const UNIQUE_VIOLATION = '23505';

function toPatient(r: PatientRow): StoredPatient {
  const ciphertexts: StoredPatient['ciphertexts'] = {};
  if (r.ssn_ct) ciphertexts.ssn = r.ssn_ct;
  if (r.ssn_last_four_ct) ciphertexts.ssnLastFour = r.ssn_last_four_ct;
  if (r.diagnosis_codes_ct) ciphertexts.diagnosisCodes = r.diagnosis_codes_ct;
  if (r.clinical_notes_ct) ciphertexts.clinicalNotes = r.clinical_notes_ct;
  return {
    id: r.id,
    givenName: r.given_name,
    familyName: r.family_name,
    birthDate: r.birth_date,
    phone: r.phone,
    address: r.address,
    insuranceMemberId: r.insurance_member_id,
    careTeam: r.care_team,
    ciphertexts,
    ssnBlindIndex: r.ssn_blind_index,
    key: { recordId: r.id, wrappedKey: r.wrapped_data_key, keyVersion: r.key_version },
    version: r.version,
    deletedAt: r.deleted_at,
  };
}

const bytes = (v: Uint8Array | null | undefined) =>
  v ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : null;

export class PostgresPatientRepository implements PatientRepository {
  constructor(private readonly db: ClientBase) {}

  async insert(p: StoredPatient, now: Date): Promise<void> {
    await this.mapUnique(() =>
      this.db.query(
        `INSERT INTO patients (id, given_name, family_name, birth_date, phone, address, insurance_member_id,
           ssn_ct, ssn_last_four_ct, ssn_blind_index, diagnosis_codes_ct, clinical_notes_ct, care_team,
           wrapped_data_key, key_version, version, created_at, updated_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$17)`,
        [...this.values(p), bytes(p.key.wrappedKey), p.key.keyVersion, p.version, now],
      ),
    );
  }

  async findById(id: string, forUpdate: boolean): Promise<StoredPatient | null> {
    const { rows } = await this.db.query<PatientRow>(
      `SELECT ${COLUMNS} FROM patients WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ? toPatient(rows[0]) : null;
  }

  async update(p: StoredPatient, now: Date): Promise<void> {
    await this.mapUnique(() =>
      this.db.query(
        `UPDATE patients SET given_name=$2, family_name=$3, birth_date=$4, phone=$5, address=$6,
           insurance_member_id=$7, ssn_ct=$8, ssn_last_four_ct=$9, ssn_blind_index=$10, diagnosis_codes_ct=$11,
           clinical_notes_ct=$12, care_team=$13, version=$14, updated_at=$15, wrapped_data_key=$16, key_version=$17
         WHERE id = $1 AND deleted_at IS NULL`,
        [...this.values(p), p.version, now, bytes(p.key.wrappedKey), p.key.keyVersion],
      ),
    );
  }

  async softDelete(id: string, actorSub: string, now: Date): Promise<void> {
    await this.db.query(
      'UPDATE patients SET deleted_at = $2, deleted_by = $3, updated_at = $2 WHERE id = $1 AND deleted_at IS NULL',
      [id, now, actorSub],
    );
  }

  async search(q: {
    familyName: string;
    birthDate: string;
    careTeamMember: string | null;
    limit: number;
  }): Promise<StoredPatient[]> {
    const { rows } = await this.db.query<PatientRow>(
      `SELECT ${COLUMNS} FROM patients
       WHERE lower(family_name) = lower($1) AND birth_date = $2 AND deleted_at IS NULL
         AND ($3::text IS NULL OR $3 = ANY(care_team))
       ORDER BY id LIMIT $4`,
      [q.familyName, q.birthDate, q.careTeamMember, q.limit],
    );
    return rows.map(toPatient);
  }

  async findBySsnIndex(index: Uint8Array, limit: number): Promise<StoredPatient[]> {
    const { rows } = await this.db.query<PatientRow>(
      `SELECT ${COLUMNS} FROM patients WHERE ssn_blind_index = $1 AND deleted_at IS NULL ORDER BY id LIMIT $2`,
      [bytes(index), limit],
    );
    return rows.map(toPatient);
  }

  async activeBreakGlass(patientId: string, actorSub: string, now: Date): Promise<BreakGlassGrant | null> {
    const { rows } = await this.db.query<{
      id: string;
      reason: string;
      granted_at: Date;
      expires_at: Date;
    }>(
      `SELECT id, reason, granted_at, expires_at FROM break_glass_grants
       WHERE patient_id = $1 AND actor_sub = $2 AND granted_at <= $3 AND expires_at > $3
       ORDER BY expires_at DESC LIMIT 1`,
      [patientId, actorSub, now],
    );
    const r = rows[0];
    return r
      ? { id: r.id, patientId, actorSub, reason: r.reason, grantedAt: r.granted_at, expiresAt: r.expires_at }
      : null;
  }

  async insertBreakGlass(g: BreakGlassGrant): Promise<void> {
    await this.db.query(
      `INSERT INTO break_glass_grants (id, patient_id, actor_sub, reason, granted_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [g.id, g.patientId, g.actorSub, g.reason, g.grantedAt, g.expiresAt],
    );
  }

  private values(p: StoredPatient): unknown[] {
    return [
      p.id,
      p.givenName,
      p.familyName,
      p.birthDate,
      p.phone,
      p.address,
      p.insuranceMemberId,
      bytes(p.ciphertexts.ssn),
      bytes(p.ciphertexts.ssnLastFour),
      bytes(p.ssnBlindIndex),
      bytes(p.ciphertexts.diagnosisCodes),
      bytes(p.ciphertexts.clinicalNotes),
      p.careTeam,
    ];
  }

  private async mapUnique(write: () => Promise<unknown>): Promise<void> {
    try {
      await write();
    } catch (e) {
      if ((e as { code?: string }).code === UNIQUE_VIOLATION) throw new DuplicateSsnError();
      throw e;
    }
  }
}
