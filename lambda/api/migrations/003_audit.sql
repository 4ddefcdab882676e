-- The audit trail. One row per request that touches or tries to touch PHI, written in the same
-- transaction as the access. Each row's hash covers its content and the previous row's hash, so an edited,
-- removed or reordered row breaks the chain at a point the verifier can name.
CREATE TABLE IF NOT EXISTS audit_log (
  seq                 bigint PRIMARY KEY CHECK (seq > 0),
  id                  uuid NOT NULL UNIQUE,
  occurred_at         timestamptz NOT NULL,
  request_id          text NOT NULL,
  actor_sub           text,
  actor_role          text,
  action              text NOT NULL,
  patient_ids         uuid[] NOT NULL DEFAULT '{}',
  fields              text[] NOT NULL DEFAULT '{}',
  outcome             text NOT NULL,
  http_status         integer NOT NULL,
  source_ip           text,
  break_glass_reason  text,
  prev_hash           bytea NOT NULL CHECK (octet_length(prev_hash) = 32),
  hash                bytea NOT NULL CHECK (octet_length(hash) = 32)
);
-- Accounting of disclosures looks records up by patient.
CREATE INDEX IF NOT EXISTS audit_log_patient_ids ON audit_log USING gin (patient_ids);

-- Privileges alone are not enough: the table owner (the migration role) could still change rows, and a
-- future GRANT could widen the API role. The trigger makes any change an error for every role; only a
-- superuser disabling triggers gets past it, and then the hash chain exposes the change.
CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

DROP TRIGGER IF EXISTS audit_log_no_update_delete ON audit_log;
CREATE TRIGGER audit_log_no_update_delete
  BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();

DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log;
CREATE TRIGGER audit_log_no_truncate
  BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

REVOKE ALL ON audit_log FROM PUBLIC;
GRANT SELECT, INSERT ON audit_log TO phi_api;
GRANT SELECT ON audit_log TO audit_reader;
