-- 1. pgaudit object auditing of reads of PHI.
-- The parameter group sets pgaudit.role = rds_pgaudit and pgaudit.log = ddl,role,write. Session auditing
-- already logs every INSERT, UPDATE, DELETE and TRUNCATE ('write'), but not reads: logging every SELECT
-- ('read') would log every catalog and health query too. Object auditing logs a statement when it touches a
-- relation on which the role named by pgaudit.role holds the privilege for that statement type. So
-- rds_pgaudit is granted SELECT, and only SELECT, on the tables that hold PHI or the audit trail: reads of
-- them are logged, with the relation named (log_relation) and without parameter values (log_parameter off).
-- INSERT, UPDATE and DELETE are deliberately not granted: 'write' session auditing logs them already, and
-- object grants would log each one a second time. The role never logs in and holds nothing else.
--
-- Roles are cluster-wide: two databases migrated at the same time could both see the role missing, so a
-- concurrent creation is tolerated rather than failing the run.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rds_pgaudit') THEN
    BEGIN
      CREATE ROLE rds_pgaudit NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL;
    END;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'audit_log_owner') THEN
    BEGIN
      CREATE ROLE audit_log_owner NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL;
    END;
  END IF;
  -- The extension exists on Amazon RDS (and needs pgaudit in shared_preload_libraries, which the parameter
  -- group sets: if it is missing, this fails the deployment rather than auditing nothing). Embedded and
  -- stock PostgreSQL do not ship it, so local mode and the tests skip it, as 001_roles.sql skips rds_iam.
  IF EXISTS (SELECT FROM pg_available_extensions WHERE name = 'pgaudit') THEN
    CREATE EXTENSION IF NOT EXISTS pgaudit;
  END IF;
END
$$;

GRANT SELECT ON patients, break_glass_grants, audit_log TO rds_pgaudit;

-- 2. Who can switch the append-only trigger off.
-- 003_audit.sql says only a superuser can get past the trigger. That is wrong: the table's owner (the role
-- that ran the migrations, the master user on RDS) may ALTER TABLE ... DISABLE TRIGGER, DROP TRIGGER, or
-- CREATE OR REPLACE the trigger function, and then UPDATE or DELETE rows as owner. (Applied migrations are
-- never edited, see migrate.ts, so the correction lives here.) The table and its trigger function therefore
-- move to audit_log_owner, a role that cannot log in. After this, the migration role has no privilege on
-- audit_log beyond what it grants itself: to change the table (a future migration adding a column, say) it
-- must first GRANT audit_log_owner TO itself and SET ROLE audit_log_owner, explicit statements that pgaudit
-- ('role' and 'ddl') logs. That is a speed bump, not a wall: on RDS the master user created
-- audit_log_owner and keeps ADMIN OPTION on it, so it can always take that membership back. What makes
-- tampering evident rather than impossible is the hash chain, the Object Lock archive and GET /audit/verify.
--
-- To hand an object over, a non-superuser must be able to SET ROLE to the new owner, and the new owner needs
-- CREATE on the schema (PostgreSQL 16+). Both are held only for these statements; a superuser needs neither.
DO $$
DECLARE
  is_super boolean := (SELECT rolsuper FROM pg_roles WHERE rolname = current_user);
BEGIN
  GRANT CREATE ON SCHEMA public TO audit_log_owner;
  IF NOT is_super THEN
    EXECUTE format('GRANT audit_log_owner TO %I WITH INHERIT FALSE, SET TRUE', current_user);
  END IF;
  ALTER TABLE audit_log OWNER TO audit_log_owner;
  ALTER FUNCTION audit_log_refuse_change() OWNER TO audit_log_owner;
  IF NOT is_super THEN
    EXECUTE format('REVOKE audit_log_owner FROM %I', current_user);
  END IF;
  REVOKE CREATE ON SCHEMA public FROM audit_log_owner;
END
$$;
