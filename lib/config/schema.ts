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

/** Days AWS Backup keeps the daily recovery points (the contingency plan: five weeks of dailies). */
export const DAILY_BACKUP_RETENTION_DAYS = 35;
/** RDS automated backups (point-in-time recovery) are kept at least a week. */
export const MINIMUM_DATABASE_BACKUP_RETENTION_DAYS = 7;

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
  /** ACM certificate ARN for the ALB's HTTPS listener; empty to have the blueprint request one for `domainName`. */
  readonly certificateArn: string;
  /** Host name the API is served at; with `hostedZoneId`, the certificate is DNS-validated and an alias created. */
  readonly domainName: string;
  /** Route 53 public hosted zone that holds `domainName` (by id: synthesis never looks zones up). */
  readonly hostedZoneId: string;
  /** Name of that hosted zone, such as example.org. */
  readonly hostedZoneName: string;
  /** RDS instance type, as `<class>.<size>` without the `db.` prefix (for example `t4g.medium`). */
  readonly databaseInstanceType: string;
  /** Run the database as a Multi-AZ deployment. */
  readonly databaseMultiAz: boolean;
  /** Initial storage of the database in GiB (gp3, with storage autoscaling up to four times this). 20 to 16384. */
  readonly databaseAllocatedStorageGiB: number;
  /**
   * Days RDS keeps automated backups for point-in-time recovery (7 to 35). Independent of AWS Backup, whose vault
   * keeps the daily and monthly recovery points.
   */
  readonly databaseBackupRetentionDays: number;
  /** Refuse deletion of the database instance (API, console and CloudFormation) until it is switched off. */
  readonly databaseDeletionProtection: boolean;
  /** Days the monthly AWS Backup recovery points are kept (at least 365); daily points are kept 35 days. */
  readonly backupMonthlyRetentionDays: number;
  /**
   * Days before the backup vault lock becomes immutable (compliance mode; 3 or more). 0 leaves the lock in
   * governance mode: it enforces the retention limits but can be removed. Prod needs compliance mode.
   */
  readonly backupVaultLockChangeableForDays: number;
  /** Shortest retention a recovery point in the vault may have: nobody can delete a point earlier (7 to 35). */
  readonly backupVaultLockMinRetentionDays: number;
  /** Longest retention a recovery point in the vault may have; at least `backupMonthlyRetentionDays`. */
  readonly backupVaultLockMaxRetentionDays: number;
  /**
   * ARN of a backup vault in another allowed region of the same account that receives a copy of every recovery
   * point. Empty: no cross-region copy.
   */
  readonly backupCopyVaultArn: string;
  /**
   * ARN of an S3 bucket in another allowed region that receives a replica of every PHI document. Empty: no
   * replication (AWS Backup protects the bucket instead).
   */
  readonly phiBucketReplicationBucketArn: string;
  /** ARN of the KMS key in the replica bucket's region that encrypts the replicas; required with replication. */
  readonly phiBucketReplicationKmsKeyArn: string;
  /** E-mail address subscribed to security alarms. */
  readonly alarmEmail: string;
  /**
   * IAM principals (role or user ARNs) allowed to administer the customer-managed keys. Administrators can manage
   * keys but never use them to encrypt or decrypt. Empty means the account root, that is, IAM policies decide.
   */
  readonly keyAdminPrincipals: readonly string[];
  /** What happens to stateful resources when their stack is deleted. */
  readonly removalPolicy: StatefulRemovalPolicy;
  /**
   * Rely on the organization's existing CloudTrail trail instead of creating one. The audit archive is still
   * created (the API's audit export writes to it). The organization trail must then log S3 data events on the PHI
   * buckets and Lambda data events on the API function, and the alarms on trail events (CIS monitoring set, field
   * key Decrypt denied) are the organization's to raise: this deployment has no trail log group to filter.
   */
  readonly useOrganizationTrail: boolean;
  /** Create a GuardDuty detector with S3, RDS and Lambda protection. Off where a delegated administrator enables it. */
  readonly enableGuardDuty: boolean;
  /** Enable Security Hub with the AWS Foundational Security Best Practices and NIST 800-53 r5 standards. */
  readonly enableSecurityHub: boolean;
  /**
   * Create the AWS Config recorder (all resource types) and its delivery channel. Off in accounts that already
   * have one: an account has one recorder per region.
   */
  readonly enableConfigRecorder: boolean;
  /** Deploy the HIPAA Security conformance pack (130 AWS Config managed rules); needs a Config recorder. */
  readonly enableHipaaConformancePack: boolean;
  /** Create an IAM Access Analyzer for the account (findings on resources shared outside it). */
  readonly enableAccessAnalyzer: boolean;
  /** Make the load balancer internal (reachable only from the VPC and connected networks). */
  readonly albInternal: boolean;
  /** Requests one client IP may make in five minutes before WAF blocks it. */
  readonly wafRateLimitPer5Minutes: number;
  /** Cognito threat protection (compromised credentials, adaptive authentication); needs the Plus feature plan. */
  readonly cognitoThreatProtection: boolean;
  /** Hours a refresh token stays valid: how long a session lasts at most without signing in again. */
  readonly refreshTokenValidityHours: number;
  /** Reserved concurrency of the API function: caps its database connections and cost under attack. */
  readonly apiReservedConcurrency: number;
  /** Minutes between runs of the audit export to the Object Lock archive. */
  readonly auditExportIntervalMinutes: number;
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
