-- Demographic and contact fields stay in plaintext so that they can be searched and indexed; the fields
-- the seed guide calls most sensitive (SSN, diagnosis codes, clinical notes) are stored only as AES-256-GCM
-- ciphertext under a per-record data key, itself wrapped by KMS (wrapped_data_key).
CREATE TABLE IF NOT EXISTS patients (
  id                    uuid PRIMARY KEY,
  given_name            text NOT NULL,
  family_name           text NOT NULL,
  birth_date            date NOT NULL,
  phone                 text,
  address               text,
  insurance_member_id   text,
  ssn_ct                bytea,
  -- Stored separately so a clinician can see the last four digits without the full SSN ever being decrypted.
  ssn_last_four_ct      bytea,
  -- HMAC-SHA-256 of the normalised SSN under a key separate from the data keys: equality search only.
  ssn_blind_index       bytea,
  diagnosis_codes_ct    bytea,
  clinical_notes_ct     bytea,
  care_team             text[] NOT NULL DEFAULT '{}',
  wrapped_data_key      bytea NOT NULL,
  key_version           integer NOT NULL DEFAULT 1,
  version               integer NOT NULL DEFAULT 1,
  created_at            timestamptz NOT NULL,
  updated_at            timestamptz NOT NULL,
  -- Soft delete: the record is retained (see docs/api.md, retention) but no longer served.
  deleted_at            timestamptz,
  deleted_by            text
);

-- One live record per SSN; a deleted record does not block re-registration.
CREATE UNIQUE INDEX IF NOT EXISTS patients_ssn_blind_index_live
  ON patients (ssn_blind_index) WHERE deleted_at IS NULL AND ssn_blind_index IS NOT NULL;
CREATE INDEX IF NOT EXISTS patients_family_name_birth_date_live
  ON patients (lower(family_name), birth_date) WHERE deleted_at IS NULL;

-- Time-limited access for a clinician outside the care team. Rows are evidence, so they are append-only too.
CREATE TABLE IF NOT EXISTS break_glass_grants (
  id          uuid PRIMARY KEY,
  patient_id  uuid NOT NULL REFERENCES patients (id),
  actor_sub   text NOT NULL,
  reason      text NOT NULL,
  granted_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  CHECK (expires_at > granted_at)
);
CREATE INDEX IF NOT EXISTS break_glass_grants_lookup ON break_glass_grants (patient_id, actor_sub, expires_at);

-- No DELETE: a soft delete is an UPDATE, so the API role can never remove a patient row.
GRANT SELECT, INSERT, UPDATE ON patients TO phi_api;
GRANT SELECT, INSERT ON break_glass_grants TO phi_api;
