/**
 * The blueprint's one configuration: every knob a deployment may turn, with the type and the limits that keep
 * each HIPAA control intact. `validate.ts` enforces the limits; `profiles.ts` holds the secure defaults.
 */

/** How the audit archive's Object Lock protects objects (S3 Object Lock retention modes). */
export enum ObjectLockMode {
  /** Nobody, not even the root user, can delete or shorten retention until it expires. */
  COMPLIANCE = 'COMPLIANCE',
  /** Users with `s3:BypassGovernanceRetention` can delete; meant for dev accounts that must be torn down. */
  GOVERNANCE = 'GOVERNANCE',
}

/** Removal policy for stateful resources (keys, buckets, databases, log groups). */
export enum StatefulRemovalPolicy {
  RETAIN = 'retain',
  /** Take a final snapshot where the service supports it, delete otherwise. */
  SNAPSHOT = 'snapshot',
  DESTROY = 'destroy',
}

/**
 * ALB security policies that negotiate TLS 1.3 only. Anything that still accepts TLS 1.2 or older is outside
 * this list on purpose: the blueprint promises TLS 1.3 in transit. The first entry is the default.
 */
export const TLS13_ONLY_POLICIES = [
  'ELBSecurityPolicy-TLS13-1-3-PQ-2025-09',
  'ELBSecurityPolicy-TLS13-1-3-2021-06',
  'ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09',
  'ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04',
] as const;
export type Tls13Policy = (typeof TLS13_ONLY_POLICIES)[number];

/**
 * HIPAA asks for six years of documentation retention (45 CFR 164.316(b)(2)(i)). CloudWatch Logs accepts only
 * fixed retention values, so the audit retention is one of the values that are at least six years long.
 */
export const AUDIT_RETENTION_DAYS_CHOICES = [2192, 2557, 2922, 3288, 3653] as const;
export const MINIMUM_AUDIT_RETENTION_DAYS = 2192;

export interface BlueprintConfig {
  /** Name of the deployment profile this configuration came from (`dev`, `prod`). */
  readonly profile: string;
  /** Short lowercase name that prefixes stack names, role names and log groups. */
  readonly appName: string;
  /** AWS account to deploy to (12 digits). Must be in `allowedAccounts`. */
  readonly account: string;
  /** AWS region to deploy to. Must be in `allowedRegions`. */
  readonly region: string;
  /** Accounts covered by a Business Associate Agreement with AWS. The preflight refuses any other account. */
  readonly allowedAccounts: readonly string[];
  /** Regions the organisation allows PHI in (HIPAA-eligible regions covered by the BAA). */
  readonly allowedRegions: readonly string[];
  /**
   * Availability zones to spread the VPC over (2 or 3). The template picks them with `Fn::GetAZs` at deploy time,
   * so synthesis needs no AWS lookup and the zone names fit the account.
   */
  readonly azCount: number;
  /** IPv4 CIDR of the VPC (/16 to /24). */
  readonly vpcCidr: string;
  /** NAT gateways (0 up to one per AZ). With 0, functions reach AWS only through the VPC endpoints. */
  readonly natGateways: number;
  /** Days every audit-relevant record is kept: logs, the Object Lock archive and backups. */
  readonly auditRetentionDays: number;
  /** Object Lock mode of the audit archive. */
  readonly objectLockMode: ObjectLockMode;
  /** Explicit opt-in needed for COMPLIANCE Object Lock outside prod: such a bucket cannot be deleted for years. */
  readonly allowComplianceLockOutsideProd: boolean;
  /** ALB security policy, one of `TLS13_ONLY_POLICIES`. */
  readonly albTlsPolicy: Tls13Policy;
  /** ACM certificate ARN for the ALB's HTTPS listener. */
  readonly certificateArn: string;
  /** RDS instance type, as `<class>.<size>` without the `db.` prefix (for example `t4g.medium`). */
  readonly databaseInstanceType: string;
  /** Run the database as a Multi-AZ deployment. */
  readonly databaseMultiAz: boolean;
  /** E-mail address subscribed to security alarms. */
  readonly alarmEmail: string;
  /**
   * IAM principals (role or user ARNs) allowed to administer the customer-managed keys. Administrators can manage
   * keys but never use them to encrypt or decrypt. Empty means the account root, that is, IAM policies decide.
   */
  readonly keyAdminPrincipals: readonly string[];
  /** What happens to stateful resources when their stack is deleted. */
  readonly removalPolicy: StatefulRemovalPolicy;
}

/** The keys a user may set; `profile` is chosen with `-c profile=NAME`, not set. */
export type ConfigKey = Exclude<keyof BlueprintConfig, 'profile'>;

/** A problem with one configuration key, phrased for the person who has to fix it. */
export interface ConfigProblem {
  readonly key: string;
  readonly value: unknown;
  readonly fix: string;
}

/**
 * A deliberate weakening that the validation accepts but that must be visible in every synthesis. The id is
 * stable, so auditors and tests can look for it.
 */
export interface ConfigWarning {
  readonly id: string;
  readonly message: string;
}
