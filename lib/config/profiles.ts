import { BlueprintConfig, ObjectLockMode, StatefulRemovalPolicy, TLS13_ONLY_POLICIES } from './schema';

/**
 * Secure defaults per profile. A fork edits these (or overrides keys from cdk.json context); the validation in
 * `validate.ts` refuses values that would weaken a control and warns, by name, where a weakening is allowed.
 *
 * The account ids and the certificate ARN are placeholders so that synthesis works on any machine; the
 * preflight refuses to deploy them.
 */
export const PLACEHOLDER_ACCOUNTS = ['111111111111', '222222222222'] as const;

const shared = {
  appName: 'hipaa',
  region: 'us-east-1',
  allowedRegions: ['us-east-1', 'us-east-2', 'us-west-2'],
  vpcCidr: '10.40.0.0/16',
  auditRetentionDays: 2192,
  allowComplianceLockOutsideProd: false,
  albTlsPolicy: TLS13_ONLY_POLICIES[0],
  keyAdminPrincipals: [],
  backupMonthlyRetentionDays: 365,
  backupVaultLockMinRetentionDays: 35,
  backupVaultLockMaxRetentionDays: 2192,
  backupCopyVaultArn: '',
  phiBucketReplicationBucketArn: '',
  phiBucketReplicationKmsKeyArn: '',
  alarmEmail: 'security-alerts@example.com',
  useOrganizationTrail: false,
  domainName: '',
  hostedZoneId: '',
  hostedZoneName: '',
  albInternal: false,
  refreshTokenValidityHours: 8,
  auditExportIntervalMinutes: 15,
} as const;

/**
 * Account-level detection: on in prod; off in dev, where these account-wide singletons usually come from the
 * organization (or cost more than a throw-away account is worth) and no PHI may live.
 */
const detection = (on: boolean) =>
  ({
    enableGuardDuty: on,
    enableSecurityHub: on,
    enableConfigRecorder: on,
    enableHipaaConformancePack: on,
    enableAccessAnalyzer: on,
  }) as const;

export const PROFILES: Readonly<Record<string, Omit<BlueprintConfig, 'profile'>>> = {
  dev: {
    ...shared,
    account: PLACEHOLDER_ACCOUNTS[0],
    allowedAccounts: [PLACEHOLDER_ACCOUNTS[0]],
    azCount: 2,
    natGateways: 1,
    objectLockMode: ObjectLockMode.GOVERNANCE,
    certificateArn: `arn:aws:acm:us-east-1:${PLACEHOLDER_ACCOUNTS[0]}:certificate/00000000-0000-4000-8000-000000000001`,
    databaseInstanceType: 't4g.medium',
    databaseMultiAz: false,
    databaseAllocatedStorageGiB: 20,
    databaseBackupRetentionDays: 7,
    databaseDeletionProtection: false,
    // Governance mode: a dev vault (and the account) must stay removable.
    backupVaultLockChangeableForDays: 0,
    removalPolicy: StatefulRemovalPolicy.DESTROY,
    wafRateLimitPer5Minutes: 1000,
    cognitoThreatProtection: false,
    apiReservedConcurrency: 10,
    ...detection(false),
  },
  prod: {
    ...shared,
    account: PLACEHOLDER_ACCOUNTS[1],
    allowedAccounts: [PLACEHOLDER_ACCOUNTS[1]],
    azCount: 3,
    natGateways: 3,
    objectLockMode: ObjectLockMode.COMPLIANCE,
    certificateArn: `arn:aws:acm:us-east-1:${PLACEHOLDER_ACCOUNTS[1]}:certificate/00000000-0000-4000-8000-000000000002`,
    databaseInstanceType: 'm7g.large',
    databaseMultiAz: true,
    databaseAllocatedStorageGiB: 100,
    databaseBackupRetentionDays: 35,
    databaseDeletionProtection: true,
    backupVaultLockChangeableForDays: 3,
    removalPolicy: StatefulRemovalPolicy.RETAIN,
    wafRateLimitPer5Minutes: 2000,
    cognitoThreatProtection: true,
    apiReservedConcurrency: 100,
    ...detection(true),
  },
};

export const PROFILE_NAMES = Object.keys(PROFILES);
