import {
  AUDIT_RETENTION_DAYS_CHOICES,
  BlueprintConfig,
  ConfigKey,
  ConfigProblem,
  ConfigWarning,
  DAILY_BACKUP_RETENTION_DAYS,
  MINIMUM_AUDIT_RETENTION_DAYS,
  MINIMUM_DATABASE_BACKUP_RETENTION_DAYS,
  ObjectLockMode,
  StatefulRemovalPolicy,
  TLS13_ONLY_POLICIES,
} from './schema';

/** Thrown with every problem found, so a user fixes a configuration in one round, not one error at a time. */
export class ConfigValidationError extends Error {
  constructor(
    public readonly problems: readonly ConfigProblem[],
    source: string,
  ) {
    super(
      `Invalid blueprint configuration (${source}): ${problems.length} problem(s)\n` +
        problems.map((p) => `  - ${p.key} = ${show(p.value)}: ${p.fix}`).join('\n'),
    );
    this.name = 'ConfigValidationError';
  }
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? 'undefined' : text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

type Kind = 'string' | 'integer' | 'boolean' | 'stringList';

/** The shape of each key; values from `-c key=value` arrive as strings and are coerced by kind. */
export const CONFIG_KINDS: Readonly<Record<ConfigKey, Kind>> = {
  appName: 'string',
  account: 'string',
  region: 'string',
  allowedAccounts: 'stringList',
  allowedRegions: 'stringList',
  azCount: 'integer',
  vpcCidr: 'string',
  natGateways: 'integer',
  auditRetentionDays: 'integer',
  objectLockMode: 'string',
  allowComplianceLockOutsideProd: 'boolean',
  albTlsPolicy: 'string',
  certificateArn: 'string',
  domainName: 'string',
  hostedZoneId: 'string',
  hostedZoneName: 'string',
  databaseInstanceType: 'string',
  databaseMultiAz: 'boolean',
  databaseAllocatedStorageGiB: 'integer',
  databaseBackupRetentionDays: 'integer',
  databaseDeletionProtection: 'boolean',
  backupMonthlyRetentionDays: 'integer',
  backupVaultLockChangeableForDays: 'integer',
  backupVaultLockMinRetentionDays: 'integer',
  backupVaultLockMaxRetentionDays: 'integer',
  backupCopyVaultArn: 'string',
  phiBucketReplicationBucketArn: 'string',
  phiBucketReplicationKmsKeyArn: 'string',
  alarmEmail: 'string',
  keyAdminPrincipals: 'stringList',
  removalPolicy: 'string',
  albInternal: 'boolean',
  wafRateLimitPer5Minutes: 'integer',
  cognitoThreatProtection: 'boolean',
  refreshTokenValidityHours: 'integer',
  apiReservedConcurrency: 'integer',
  auditExportIntervalMinutes: 'integer',
  useOrganizationTrail: 'boolean',
  enableGuardDuty: 'boolean',
  enableSecurityHub: 'boolean',
  enableConfigRecorder: 'boolean',
  enableHipaaConformancePack: 'boolean',
  enableAccessAnalyzer: 'boolean',
};

export const CONFIG_KEYS = Object.keys(CONFIG_KINDS) as ConfigKey[];

/** Coerces a value given on the command line (always a string) to the key's kind; leaves typed JSON alone. */
export function coerce(kind: Kind, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  switch (kind) {
    case 'integer':
      return /^-?\d+$/.test(value.trim()) ? Number(value) : value;
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : value;
    case 'stringList':
      if (value.trim().startsWith('[')) {
        try {
          return JSON.parse(value);
        } catch {
          return value;
        }
      }
      return value
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0);
    default:
      return value;
  }
}

function kindProblem(key: ConfigKey, value: unknown): ConfigProblem | undefined {
  const kind = CONFIG_KINDS[key];
  const ok =
    kind === 'string'
      ? typeof value === 'string'
      : kind === 'integer'
        ? Number.isInteger(value)
        : kind === 'boolean'
          ? typeof value === 'boolean'
          : Array.isArray(value) && value.every((v) => typeof v === 'string');
  if (ok) return undefined;
  const expected = {
    string: 'a string',
    integer: 'a whole number',
    boolean: 'true or false',
    stringList: 'a list of strings (JSON array, or comma-separated on the command line)',
  }[kind];
  return { key, value, fix: `must be ${expected}.` };
}

/** Account-level detections that prod turns on; turning one off there is allowed with a named warning. */
const DETECTION_TOGGLES: readonly (readonly [ConfigKey, string])[] = [
  ['enableGuardDuty', 'GuardDuty detector'],
  ['enableSecurityHub', 'Security Hub'],
  ['enableConfigRecorder', 'AWS Config recorder'],
  ['enableHipaaConformancePack', 'HIPAA Security conformance pack'],
  ['enableAccessAnalyzer', 'IAM Access Analyzer'],
];

const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const APP_NAME = /^[a-z][a-z0-9-]{1,18}[a-z0-9]$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/;
const PRINCIPAL_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
const HOSTED_ZONE_ID = /^Z[A-Z0-9]{5,31}$/;
const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
const BACKUP_VAULT_ARN = /^arn:aws[a-z-]*:backup:([a-z0-9-]+):(\d{12}):backup-vault:[A-Za-z0-9_.-]{2,50}$/;
const S3_BUCKET_ARN = /^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):key\/[0-9a-f-]{36}$/;

function cidrProblem(cidr: string): string | undefined {
  const m = CIDR.exec(cidr);
  if (!m) return 'must be an IPv4 CIDR block such as 10.40.0.0/16.';
  if (m.slice(1, 5).some((octet) => Number(octet) > 255)) return 'has an octet above 255.';
  const prefix = Number(m[5]);
  if (prefix < 16 || prefix > 24) {
    return 'must have a prefix from /16 to /24 (three subnet tiers per AZ need the room; AWS allows /16 at most).';
  }
  return undefined;
}

/**
 * Checks a merged configuration. Returns every problem (refusals) and every warning (deliberate weakenings that
 * stay allowed but are announced on each synthesis). Semantic checks run only on keys of the right kind, so one
 * wrong type does not cascade into confusing follow-up messages.
 */
export function checkConfig(config: BlueprintConfig): {
  problems: ConfigProblem[];
  warnings: ConfigWarning[];
} {
  const problems: ConfigProblem[] = [];
  const warnings: ConfigWarning[] = [];
  const typed = new Set<ConfigKey>();
  for (const key of CONFIG_KEYS) {
    const problem = kindProblem(key, config[key]);
    if (problem) problems.push(problem);
    else typed.add(key);
  }
  const refuse = (key: ConfigKey, fix: string) => problems.push({ key, value: config[key], fix });
  const when = (keys: ConfigKey[], check: () => void) => {
    if (keys.every((k) => typed.has(k))) check();
  };
  const isProd = config.profile === 'prod';

  when(['appName'], () => {
    if (!APP_NAME.test(config.appName)) {
      refuse(
        'appName',
        'must be 3 to 20 characters of lowercase letters, digits and hyphens, starting with a letter (it prefixes stack, role and log group names).',
      );
    }
  });
  when(['account'], () => {
    if (!ACCOUNT.test(config.account)) refuse('account', 'must be a 12-digit AWS account id.');
  });
  when(['region'], () => {
    if (!REGION.test(config.region)) refuse('region', 'must be an AWS region code such as us-east-1.');
  });
  when(['allowedAccounts', 'account'], () => {
    const bad = config.allowedAccounts.filter((a) => !ACCOUNT.test(a));
    if (config.allowedAccounts.length === 0) {
      refuse(
        'allowedAccounts',
        'must list at least one account covered by your Business Associate Agreement.',
      );
    } else if (bad.length > 0) {
      refuse('allowedAccounts', `must hold 12-digit account ids; not ids: ${bad.join(', ')}.`);
    } else if (!config.allowedAccounts.includes(config.account)) {
      refuse(
        'account',
        `is not in allowedAccounts (${config.allowedAccounts.join(', ')}): deploy only to accounts covered by a BAA, or add it there once it is.`,
      );
    }
  });
  when(['allowedRegions', 'region'], () => {
    if (config.allowedRegions.length === 0) {
      refuse('allowedRegions', 'must list at least one region.');
    } else if (!config.allowedRegions.includes(config.region)) {
      refuse('region', `is not in allowedRegions (${config.allowedRegions.join(', ')}).`);
    }
  });
  when(['azCount'], () => {
    if (config.azCount < 2 || config.azCount > 3) {
      refuse(
        'azCount',
        'must be 2 or 3: Multi-AZ databases and load balancers need two zones, three is the most this blueprint lays out.',
      );
    }
  });
  when(['vpcCidr'], () => {
    const fix = cidrProblem(config.vpcCidr);
    if (fix) refuse('vpcCidr', fix);
  });
  when(['natGateways', 'azCount'], () => {
    if (config.natGateways < 0 || config.natGateways > config.azCount) {
      refuse(
        'natGateways',
        `must be from 0 to azCount (${config.azCount}); 0 means AWS is reached only through the VPC endpoints.`,
      );
    } else if (isProd && config.natGateways > 0 && config.natGateways < config.azCount) {
      warnings.push({
        id: 'BlueprintConfig-NatGatewaysNotPerZone',
        message: `prod has ${config.natGateways} NAT gateway(s) for ${config.azCount} zones: losing a zone can cut outbound traffic of the others.`,
      });
    }
  });
  when(['auditRetentionDays'], () => {
    const days = config.auditRetentionDays;
    if (days < MINIMUM_AUDIT_RETENTION_DAYS) {
      refuse(
        'auditRetentionDays',
        `must be at least ${MINIMUM_AUDIT_RETENTION_DAYS} days (six years, 45 CFR 164.316(b)(2)(i)); use one of ${AUDIT_RETENTION_DAYS_CHOICES.join(', ')}.`,
      );
    } else if (!(AUDIT_RETENTION_DAYS_CHOICES as readonly number[]).includes(days)) {
      refuse(
        'auditRetentionDays',
        `must be a retention CloudWatch Logs accepts: one of ${AUDIT_RETENTION_DAYS_CHOICES.join(', ')}.`,
      );
    }
  });
  when(['objectLockMode', 'allowComplianceLockOutsideProd'], () => {
    const modes = Object.values(ObjectLockMode) as string[];
    if (!modes.includes(config.objectLockMode)) {
      refuse('objectLockMode', `must be one of ${modes.join(', ')}.`);
    } else if (
      !isProd &&
      config.objectLockMode === ObjectLockMode.COMPLIANCE &&
      !config.allowComplianceLockOutsideProd
    ) {
      refuse(
        'objectLockMode',
        `COMPLIANCE outside prod creates an audit bucket nobody can delete for auditRetentionDays (${config.auditRetentionDays} days). Use GOVERNANCE, or set allowComplianceLockOutsideProd: true if that is what you want.`,
      );
    } else if (isProd && config.objectLockMode === ObjectLockMode.GOVERNANCE) {
      warnings.push({
        id: 'BlueprintConfig-GovernanceLockInProd',
        message:
          'prod audit archive uses GOVERNANCE Object Lock: principals with s3:BypassGovernanceRetention can delete audit records.',
      });
    }
  });
  when(['albTlsPolicy'], () => {
    if (!(TLS13_ONLY_POLICIES as readonly string[]).includes(config.albTlsPolicy)) {
      refuse(
        'albTlsPolicy',
        `must be a TLS 1.3-only ALB policy: one of ${TLS13_ONLY_POLICIES.join(', ')} (policies that accept TLS 1.2 or older are not allowed).`,
      );
    }
  });
  when(['certificateArn', 'domainName', 'hostedZoneId', 'hostedZoneName'], () => {
    const dns = [config.domainName, config.hostedZoneId, config.hostedZoneName];
    if (dns.some((v) => v !== '') && dns.some((v) => v === '')) {
      refuse('domainName', 'domainName, hostedZoneId and hostedZoneName go together: set all three or none.');
    } else if (config.domainName !== '' && !config.domainName.endsWith(config.hostedZoneName)) {
      refuse('domainName', `must be inside the hosted zone ${config.hostedZoneName}.`);
    } else if (config.domainName !== '' && !HOSTED_ZONE_ID.test(config.hostedZoneId)) {
      refuse('hostedZoneId', 'must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ.');
    } else if (config.certificateArn === '' && config.domainName === '') {
      refuse(
        'certificateArn',
        'the HTTPS listener needs a certificate: set certificateArn, or domainName with hostedZoneId and hostedZoneName for a DNS-validated one.',
      );
    }
  });
  when(['certificateArn'], () => {
    if (config.certificateArn !== '' && !CERTIFICATE_ARN.test(config.certificateArn)) {
      refuse(
        'certificateArn',
        'must be an ACM certificate ARN (arn:aws:acm:REGION:ACCOUNT:certificate/UUID).',
      );
    }
  });
  when(['certificateArn', 'region', 'account'], () => {
    const [, , , region, account] = config.certificateArn.split(':');
    if (
      CERTIFICATE_ARN.test(config.certificateArn) &&
      (region !== config.region || account !== config.account)
    ) {
      refuse(
        'certificateArn',
        `must be a certificate in the deployment's account and region (${config.account}, ${config.region}); an ALB cannot use one from elsewhere.`,
      );
    }
  });
  when(['databaseInstanceType'], () => {
    if (!INSTANCE_TYPE.test(config.databaseInstanceType) || config.databaseInstanceType.startsWith('db.')) {
      refuse('databaseInstanceType', 'must be an instance type without the db. prefix, such as t4g.medium.');
    }
  });
  when(['databaseMultiAz'], () => {
    if (isProd && !config.databaseMultiAz) {
      warnings.push({
        id: 'BlueprintConfig-ProdDatabaseSingleAz',
        message:
          'prod database is single-AZ: a zone outage makes PHI unavailable (164.308(a)(7) contingency plan).',
      });
    }
  });
  when(['databaseAllocatedStorageGiB'], () => {
    const gib = config.databaseAllocatedStorageGiB;
    if (gib < 20 || gib > 16384) {
      refuse(
        'databaseAllocatedStorageGiB',
        'must be from 20 (the gp3 minimum) to 16384 GiB; storage autoscaling grows it up to four times this.',
      );
    }
  });
  when(['databaseBackupRetentionDays'], () => {
    const days = config.databaseBackupRetentionDays;
    if (days < MINIMUM_DATABASE_BACKUP_RETENTION_DAYS || days > 35) {
      refuse(
        'databaseBackupRetentionDays',
        `must be from ${MINIMUM_DATABASE_BACKUP_RETENTION_DAYS} to 35 days (RDS maximum): 0 would switch off automated backups and point-in-time recovery (164.308(a)(7)(ii)(A) data backup plan).`,
      );
    }
  });
  when(['databaseDeletionProtection'], () => {
    if (isProd && !config.databaseDeletionProtection) {
      warnings.push({
        id: 'BlueprintConfig-ProdDatabaseDeletionUnprotected',
        message:
          'prod database has no deletion protection: one API call or stack deletion can delete the PHI database (164.308(a)(7)).',
      });
    }
  });
  when(['backupMonthlyRetentionDays', 'backupVaultLockMaxRetentionDays'], () => {
    const days = config.backupMonthlyRetentionDays;
    if (days < 365) {
      refuse(
        'backupMonthlyRetentionDays',
        'must be at least 365 days: monthly recovery points are the year-long history of the contingency plan (164.308(a)(7)(ii)(A)).',
      );
    } else if (days > config.backupVaultLockMaxRetentionDays) {
      refuse(
        'backupMonthlyRetentionDays',
        `is above backupVaultLockMaxRetentionDays (${config.backupVaultLockMaxRetentionDays}): the locked vault would refuse every monthly backup. Lower it or raise the maximum.`,
      );
    }
  });
  when(['backupVaultLockChangeableForDays', 'allowComplianceLockOutsideProd'], () => {
    const days = config.backupVaultLockChangeableForDays;
    if (days < 0 || (days > 0 && days < 3) || days > 36500) {
      refuse(
        'backupVaultLockChangeableForDays',
        'must be 0 (governance mode, removable lock) or from 3 (the AWS Backup minimum cooling-off period) to 36500 days.',
      );
    } else if (isProd && days === 0) {
      refuse(
        'backupVaultLockChangeableForDays',
        'must be 3 or more in prod: the prod vault lock is in compliance mode, so nobody can delete recovery points early or remove the lock (164.308(a)(7)(ii)(A)).',
      );
    } else if (!isProd && days > 0 && !config.allowComplianceLockOutsideProd) {
      refuse(
        'backupVaultLockChangeableForDays',
        `${days} puts the vault in compliance mode outside prod: after ${days} days nobody can remove the lock or delete the vault before its recovery points expire. Use 0, or set allowComplianceLockOutsideProd: true if that is what you want.`,
      );
    }
  });
  when(['backupVaultLockMinRetentionDays'], () => {
    const days = config.backupVaultLockMinRetentionDays;
    if (days < 7 || days > DAILY_BACKUP_RETENTION_DAYS) {
      refuse(
        'backupVaultLockMinRetentionDays',
        `must be from 7 to ${DAILY_BACKUP_RETENTION_DAYS} days: below 7 a recovery point can be deleted within a week, above ${DAILY_BACKUP_RETENTION_DAYS} the vault refuses the daily backups (kept ${DAILY_BACKUP_RETENTION_DAYS} days).`,
      );
    }
  });
  when(['backupVaultLockMaxRetentionDays'], () => {
    if (config.backupVaultLockMaxRetentionDays > 36500) {
      refuse('backupVaultLockMaxRetentionDays', 'must be at most 36500 days (the AWS Backup limit).');
    }
  });
  when(['backupCopyVaultArn', 'region', 'account', 'allowedRegions'], () => {
    const arn = config.backupCopyVaultArn;
    if (arn === '') return;
    const m = BACKUP_VAULT_ARN.exec(arn);
    if (!m) {
      refuse(
        'backupCopyVaultArn',
        'must be empty or a backup vault ARN (arn:aws:backup:REGION:ACCOUNT:backup-vault:NAME).',
      );
    } else if (m[2] !== config.account) {
      refuse('backupCopyVaultArn', `must be a vault in the deployment's account (${config.account}).`);
    } else if (m[1] === config.region || !config.allowedRegions.includes(m[1])) {
      refuse(
        'backupCopyVaultArn',
        `must be in another region than ${config.region} and in allowedRegions (${config.allowedRegions.join(', ')}): copies of PHI stay in regions covered by the BAA.`,
      );
    }
  });
  when(
    ['phiBucketReplicationBucketArn', 'phiBucketReplicationKmsKeyArn', 'region', 'account', 'allowedRegions'],
    () => {
      const bucket = config.phiBucketReplicationBucketArn;
      const key = config.phiBucketReplicationKmsKeyArn;
      if (bucket === '' && key === '') return;
      if (!S3_BUCKET_ARN.test(bucket)) {
        refuse(
          'phiBucketReplicationBucketArn',
          'must be an S3 bucket ARN (arn:aws:s3:::NAME) when phiBucketReplicationKmsKeyArn is set, or both empty.',
        );
      }
      const m = KMS_KEY_ARN.exec(key);
      if (!m) {
        refuse(
          'phiBucketReplicationKmsKeyArn',
          "must be a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID) in the replica bucket's region: replicas of PHI are encrypted with a customer-managed key.",
        );
      } else if (m[2] !== config.account) {
        refuse(
          'phiBucketReplicationKmsKeyArn',
          `must be a key in the deployment's account (${config.account}).`,
        );
      } else if (m[1] === config.region || !config.allowedRegions.includes(m[1])) {
        refuse(
          'phiBucketReplicationKmsKeyArn',
          `must be in another region than ${config.region} and in allowedRegions (${config.allowedRegions.join(', ')}): replicas of PHI stay in regions covered by the BAA.`,
        );
      }
    },
  );
  when(['alarmEmail'], () => {
    if (!EMAIL.test(config.alarmEmail))
      refuse('alarmEmail', 'must be an e-mail address for security alarms.');
  });
  when(['keyAdminPrincipals'], () => {
    const bad = config.keyAdminPrincipals.filter((p) => !PRINCIPAL_ARN.test(p));
    if (bad.length > 0) {
      refuse(
        'keyAdminPrincipals',
        `must hold IAM role or user ARNs (arn:aws:iam::ACCOUNT:role/NAME); not ARNs: ${bad.join(', ')}.`,
      );
    }
  });
  when(['removalPolicy'], () => {
    const policies = Object.values(StatefulRemovalPolicy) as string[];
    if (!policies.includes(config.removalPolicy)) {
      refuse('removalPolicy', `must be one of ${policies.join(', ')}.`);
    } else if (isProd && config.removalPolicy !== StatefulRemovalPolicy.RETAIN) {
      warnings.push({
        id: 'BlueprintConfig-ProdStatefulNotRetained',
        message: `prod removalPolicy is ${config.removalPolicy}: deleting a stack can delete PHI and its backups.`,
      });
    }
  });

  when(['useOrganizationTrail'], () => {
    if (config.useOrganizationTrail) {
      warnings.push({
        id: 'BlueprintConfig-OrganizationTrail',
        message:
          'no trail is created: the organization trail must log S3 data events on the PHI buckets and Lambda data events on the API function, and the organization must alarm on its events (164.312(b)).',
      });
    }
  });
  for (const [key, what] of DETECTION_TOGGLES) {
    when([key], () => {
      if (isProd && !config[key]) {
        warnings.push({
          id: `BlueprintConfig-Prod${key.replace(/^enable/, '')}Off`,
          message: `prod creates no ${what}: the organization must provide it, or this detection is missing (164.308(a)(1)(ii)(D) information system activity review).`,
        });
      }
    });
  }

  when(['wafRateLimitPer5Minutes'], () => {
    if (config.wafRateLimitPer5Minutes < 10 || config.wafRateLimitPer5Minutes > 2_000_000_000) {
      refuse(
        'wafRateLimitPer5Minutes',
        'must be from 10 (the WAF minimum) to 2,000,000,000 requests per 5 minutes.',
      );
    }
  });
  when(['cognitoThreatProtection'], () => {
    if (isProd && !config.cognitoThreatProtection) {
      warnings.push({
        id: 'BlueprintConfig-ProdNoThreatProtection',
        message:
          'prod user pool runs without Cognito threat protection: compromised-credential and risky sign-in detection are off (164.308(a)(5)(ii)(C)).',
      });
    }
  });
  when(['refreshTokenValidityHours'], () => {
    if (config.refreshTokenValidityHours < 1 || config.refreshTokenValidityHours > 24) {
      refuse(
        'refreshTokenValidityHours',
        'must be from 1 to 24 hours: sessions end within a working day (automatic logoff, 164.312(a)(2)(iii)).',
      );
    }
  });
  when(['apiReservedConcurrency'], () => {
    if (config.apiReservedConcurrency < 1 || config.apiReservedConcurrency > 1000) {
      refuse('apiReservedConcurrency', 'must be from 1 to 1000 concurrent executions.');
    }
  });
  when(['auditExportIntervalMinutes'], () => {
    if (config.auditExportIntervalMinutes < 5 || config.auditExportIntervalMinutes > 1440) {
      refuse(
        'auditExportIntervalMinutes',
        'must be from 5 to 1440 minutes: audit records must reach the Object Lock archive at least daily.',
      );
    }
  });

  return { problems, warnings };
}
