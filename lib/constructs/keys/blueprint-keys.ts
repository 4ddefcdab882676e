import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import {
  accountKeyAdministrationStatement,
  applicationRolesStatement,
  namedKeyAdministratorsStatement,
  persistentResourceGrantsStatement,
  viaServicesStatement,
} from './key-policy';

export interface BlueprintKeysProps {
  /** Prefix of the application's stack and role names, `<appName>-<profile>`. */
  readonly resourcePrefix: string;
  /** Value of the `app` encryption-context entry that the field-level key requires on every use. */
  readonly appName: string;
  /** Prefix of every log group name of the blueprint; the logs service may use the audit key for those only. */
  readonly logGroupNamePrefix: string;
  /** Prefix of the WAF log group names (they must start with `aws-waf-logs-`). */
  readonly wafLogGroupNamePrefix: string;
  /** Name of the CloudTrail trail that writes to the audit archive. */
  readonly trailName: string;
  /**
   * Principals that administer the keys (never use them).
   * @default - the account root, so IAM policies decide who administers
   */
  readonly keyAdminPrincipals?: readonly string[];
}

/** The encryption-context key that every field-level data key request must carry. */
export const FIELD_CONTEXT_APP_KEY = 'app';

/** The domains the blueprint separates keys by, so that a grant on one never opens another. */
export enum KeyDomain {
  PHI_DATA = 'phi-data',
  FIELD_LEVEL = 'field-level',
  BLIND_INDEX = 'blind-index',
  AUDIT_LOGS = 'audit-logs',
  BACKUP = 'backup',
}

/**
 * Customer-managed KMS keys, one per domain: PHI at rest, field-level encryption in the API, audit and logs, and
 * backups. Every key rotates yearly, waits 30 days before deletion and survives its stack, because encrypted
 * backups and the locked audit archive outlive any deployment. The key policies separate administrators, who
 * cannot use a key, from users, who get access through narrow statements.
 */
export class BlueprintKeys extends Construct {
  /** RDS storage, the PHI bucket, database secrets, Lambda environment variables. */
  public readonly phiData: kms.IKey;
  /** Data keys for field-level envelope encryption; usable only by the application's roles, with context. */
  public readonly fieldLevel: kms.IKey;
  /**
   * HMAC-SHA-256 key for blind indexes (exact-match search on SSN without storing it in a searchable form). The
   * key material never leaves KMS; only the application's roles may compute MACs. HMAC keys cannot rotate
   * automatically: rotating means re-indexing (docs/api.md).
   */
  public readonly blindIndex: kms.IKey;
  /** CloudTrail, CloudWatch log groups, the audit archive bucket and the alarm topic. */
  public readonly auditLogs: kms.IKey;
  /** The AWS Backup vault. */
  public readonly backup: kms.IKey;

  private readonly props: BlueprintKeysProps;

  constructor(scope: Construct, id: string, props: BlueprintKeysProps) {
    super(scope, id);
    this.props = props;
    const namedAdmins = props.keyAdminPrincipals ?? [];
    const admin = [
      accountKeyAdministrationStatement(),
      ...(namedAdmins.length > 0 ? [namedKeyAdministratorsStatement(namedAdmins)] : []),
    ];

    this.phiData = this.createKey(
      'PhiDataKey',
      KeyDomain.PHI_DATA,
      'PHI at rest: database, documents, secrets',
      // No direct use by any role: the functions reach PHI at rest only through RDS, S3, Secrets Manager, Lambda
      // and SQS, each calling KMS on their behalf.
      [
        ...admin,
        viaServicesStatement(['rds', 's3', 'secretsmanager', 'lambda', 'sqs']),
        persistentResourceGrantsStatement(),
      ],
    );

    this.fieldLevel = this.createKey(
      'FieldLevelKey',
      KeyDomain.FIELD_LEVEL,
      'Field-level envelope encryption of the most sensitive PHI fields',
      [
        ...admin,
        applicationRolesStatement(props.resourcePrefix, ['kms:Decrypt', 'kms:GenerateDataKey'], {
          StringEquals: { [`kms:EncryptionContext:${FIELD_CONTEXT_APP_KEY}`]: props.appName },
        }),
      ],
    );

    this.blindIndex = this.createKey(
      'BlindIndexKey',
      KeyDomain.BLIND_INDEX,
      'HMAC blind index for exact-match search on SSN',
      [...admin, applicationRolesStatement(props.resourcePrefix, ['kms:GenerateMac', 'kms:DescribeKey'])],
      { keySpec: kms.KeySpec.HMAC_256, keyUsage: kms.KeyUsage.GENERATE_VERIFY_MAC },
    );

    this.auditLogs = this.createKey(
      'AuditLogsKey',
      KeyDomain.AUDIT_LOGS,
      'Audit trail, logs and alarm topic',
      // No direct use by any role either: the audit export writes through S3, everything else is a service.
      [
        ...admin,
        viaServicesStatement(['s3', 'sns']),
        this.logsServiceStatement(),
        ...this.cloudTrailStatements(),
        this.alarmPublishingStatement(),
        this.eventPublishingStatement(),
      ],
    );

    this.backup = this.createKey('BackupKey', KeyDomain.BACKUP, 'AWS Backup vault', [
      ...admin,
      viaServicesStatement(['backup']),
      persistentResourceGrantsStatement(),
    ]);
  }

  /**
   * Lets `grantee` create and open data keys for field-level encryption, but only for requests whose encryption
   * context names this application. The condition is repeated in the key policy, so neither side alone opens it.
   */
  public grantFieldEncryption(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resourceArns: [this.fieldLevel.keyArn],
      conditions: {
        StringEquals: { [`kms:EncryptionContext:${FIELD_CONTEXT_APP_KEY}`]: this.props.appName },
      },
    });
  }

  /**
   * Lets `grantee` compute blind-index MACs. MAC requests carry no encryption context to condition on, so the
   * grant is by key only; the key serves nothing but the blind index.
   */
  public grantBlindIndex(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['kms:GenerateMac'],
      resourceArns: [this.blindIndex.keyArn],
    });
  }

  private createKey(
    id: string,
    domain: KeyDomain,
    purpose: string,
    statements: iam.PolicyStatement[],
    spec: { keySpec: kms.KeySpec; keyUsage: kms.KeyUsage } = {
      keySpec: kms.KeySpec.SYMMETRIC_DEFAULT,
      keyUsage: kms.KeyUsage.ENCRYPT_DECRYPT,
    },
  ): kms.Key {
    const key = new kms.Key(this, id, {
      description: `${this.props.resourcePrefix} ${domain}: ${purpose}`,
      alias: `alias/${this.props.resourcePrefix}/${domain}`,
      ...spec,
      // KMS rotates only symmetric encryption keys automatically; an HMAC key is replaced by re-indexing.
      enableKeyRotation: spec.keySpec === kms.KeySpec.SYMMETRIC_DEFAULT,
      pendingWindow: Duration.days(30),
      // Always retained: backups, snapshots and the Object Lock archive stay encrypted under these keys long
      // after a stack is gone, and a deleted key would make them unreadable.
      removalPolicy: RemovalPolicy.RETAIN,
      policy: new iam.PolicyDocument({ statements }),
    });
    return key;
  }

  /** CloudWatch Logs may use the key only for the blueprint's own log groups (`aws:logs:arn` context). */
  private logsServiceStatement(): iam.PolicyStatement {
    const logGroupArn = (name: string) =>
      `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:${name}*`;
    return new iam.PolicyStatement({
      sid: 'CloudWatchLogsForBlueprintLogGroups',
      principals: [new iam.ServicePrincipal(`logs.${Aws.REGION}.amazonaws.com`)],
      actions: ['kms:Decrypt*', 'kms:Describe*', 'kms:Encrypt*', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
      resources: ['*'],
      conditions: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': [
            logGroupArn(this.props.logGroupNamePrefix),
            logGroupArn(this.props.wafLogGroupNamePrefix),
          ],
        },
      },
    });
  }

  /** CloudTrail may encrypt log files for the blueprint's trail only, and anyone in the account may describe. */
  private cloudTrailStatements(): iam.PolicyStatement[] {
    const trailArn = `arn:${Aws.PARTITION}:cloudtrail:${Aws.REGION}:${Aws.ACCOUNT_ID}:trail/${this.props.trailName}`;
    return [
      new iam.PolicyStatement({
        sid: 'CloudTrailEncryptsBlueprintTrail',
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceArn': trailArn },
          StringLike: {
            'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${Aws.PARTITION}:cloudtrail:*:${Aws.ACCOUNT_ID}:trail/*`,
          },
        },
      }),
      new iam.PolicyStatement({
        sid: 'CloudTrailDescribesKey',
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['kms:DescribeKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceArn': trailArn } },
      }),
    ];
  }

  /** EventBridge rules publish security findings and backup failures to the encrypted alarm topic. */
  private eventPublishingStatement(): iam.PolicyStatement {
    return new iam.PolicyStatement({
      sid: 'EventBridgePublishesToEncryptedTopic',
      principals: [new iam.ServicePrincipal('events.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
    });
  }

  /** CloudWatch alarms publish to the KMS-encrypted alarm topic; only alarms of this account. */
  private alarmPublishingStatement(): iam.PolicyStatement {
    return new iam.PolicyStatement({
      sid: 'CloudWatchAlarmsPublishToEncryptedTopic',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
    });
  }
}
