-- Roles are cluster-wide and survive a dropped database, so this file only creates what is missing.
-- phi_api: the API function. It may read and write patients but only INSERT and SELECT the audit trail.
-- audit_reader: the audit-export function. Read-only on the audit trail, nothing else.
-- Neither role can log in with a password in AWS: IAM database authentication (rds_iam) issues
-- 15-minute tokens instead, so there is no long-lived database secret for the functions to leak.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'phi_api') THEN
    CREATE ROLE phi_api LOGIN;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'audit_reader') THEN
    CREATE ROLE audit_reader LOGIN;
  END IF;
  -- rds_iam exists only on Amazon RDS; locally the roles authenticate with a password set by the runner.
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'rds_iam') THEN
    GRANT rds_iam TO phi_api;
    GRANT rds_iam TO audit_reader;
  END IF;
END
$$;

-- The default PUBLIC privileges would let any role create objects in the public schema.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO phi_api, audit_reader;
