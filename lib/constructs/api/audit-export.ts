import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from '../../compliance/acknowledge';
import { ApiDatabase, databaseEnvironment } from './phi-api';
import { VpcFunction } from './vpc-function';

/** What the export needs of the archive: its bucket, its lock settings and an append-only grant. */
export interface ExportArchive {
  readonly bucket: s3.IBucket;
  readonly objectLockMode: s3.ObjectLockMode;
  readonly retentionDays: number;
  /** The ARN pattern `grantAppend` grants on, for the acknowledgement of its object wildcard. */
  objectsArn(keyPrefix: string): string;
  bucketArnForGrants(): string;
  grantAppend(grantee: iam.IGrantable, keyPrefix?: string): iam.Grant;
}

/** Where the export writes in the archive (lambda/audit-export's ARCHIVE_PREFIX). */
export const AUDIT_EXPORT_KEY_PREFIX = 'audit-events/';

export interface AuditExportProps {
  readonly appName: string;
  readonly vpc: ec2.IVpc;
  /** Subnets without a route out of the VPC: the export's HTTPS egress is bounded by routing (see below). */
  readonly subnets: ec2.SubnetSelection;
  readonly endpointSecurityGroup: ec2.ISecurityGroup;
  readonly database: ApiDatabase;
  readonly archive: ExportArchive;
  readonly environmentKey: kms.IKey;
  readonly logsKey: kms.IKey;
  readonly logGroupName: string;
  readonly logRetention: logs.RetentionDays;
  readonly interval: Duration;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/** Read-only database role of the export: SELECT on the audit log, nothing else (lambda/api/migrations). */
export const AUDIT_READER_DB_USER = 'audit_reader';

/**
 * Ships new audit records on a schedule to the Object Lock archive, as NDJSON objects written with explicit lock
 * mode and retain-until date. It reads through its own database user and may only add objects to the archive.
 */
export class AuditExport extends Construct {
  public readonly handler: VpcFunction;
  public readonly deadLetterQueue: sqs.IQueue;

  constructor(scope: Construct, id: string, props: AuditExportProps) {
    super(scope, id);
    // Failed runs (after retries) land here; the next run exports them anyway, the queue is the alarm's signal.
    // SQS-managed encryption: the queue holds scheduler events, never PHI, and EventBridge could not write into a
    // queue under a customer key without a key-policy statement for it.
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.handler = new VpcFunction(this, 'Handler', {
      entry: 'lambda/audit-export/handler.ts',
      description: `${props.appName} audit export to the Object Lock archive`,
      vpc: props.vpc,
      subnets: props.subnets,
      environmentKey: props.environmentKey,
      logGroupName: props.logGroupName,
      logsKey: props.logsKey,
      logRetention: props.logRetention,
      // One run at a time: two concurrent exports would race for the same chain segment.
      reservedConcurrency: 1,
      timeout: Duration.minutes(5),
      deadLetterQueue: this.deadLetterQueue,
      removalPolicy: props.removalPolicy,
      environment: {
        APP_NAME: props.appName,
        ...databaseEnvironment(props.database, AUDIT_READER_DB_USER),
        ARCHIVE_BUCKET_NAME: props.archive.bucket.bucketName,
        ARCHIVE_OBJECT_LOCK_MODE: props.archive.objectLockMode,
        ARCHIVE_RETENTION_DAYS: String(props.archive.retentionDays),
        // The exporter's own default is audit/<app>; it must write where its grant is.
        ARCHIVE_PREFIX: AUDIT_EXPORT_KEY_PREFIX.replace(/\/$/, ''),
      },
    });
    const fn = this.handler.function;
    props.database.grantConnect(fn, AUDIT_READER_DB_USER);
    this.handler.allowHttpsTo(
      props.endpointSecurityGroup,
      'KMS and other AWS APIs through the VPC endpoints',
    );
    // S3 is reached through the gateway endpoint, whose address ranges only a managed prefix list names (its id
    // needs a lookup). The rule is therefore "443 anywhere", and the subnets are what bound it: run the export in
    // subnets without a route out of the VPC (the stack uses the data tier), where anywhere means S3 and the VPC.
    this.handler.allowHttpsTo(ec2.Peer.anyIpv4(), 'S3 through the gateway endpoint (no other route exists)');
    props.archive.grantAppend(fn, AUDIT_EXPORT_KEY_PREFIX);
    // Each run starts from the chain head it archived last (HeadObject needs s3:GetObject); that pointer holds a
    // sequence number and a hash, no PHI, and it is the only object the export may read. Without s3:ListBucket S3
    // answers a missing object with 403 instead of 404, so the very first run could not tell "no head yet" from
    // "denied"; the listing is limited to that one key.
    const headKey = `${AUDIT_EXPORT_KEY_PREFIX}head.json`;
    this.handler.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ReadArchivedChainHead',
        actions: ['s3:GetObject'],
        resources: [`${props.archive.objectsArn(AUDIT_EXPORT_KEY_PREFIX).replace(/\*$/, '')}head.json`],
      }),
    );
    this.handler.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'FindArchivedChainHead',
        actions: ['s3:ListBucket'],
        resources: [props.archive.bucketArnForGrants()],
        conditions: { StringEquals: { 's3:prefix': headKey } },
      }),
    );
    const objects = Stack.of(this).resolve(props.archive.objectsArn(AUDIT_EXPORT_KEY_PREFIX));
    acknowledge(this.handler.role.permissions.node.defaultChild!, {
      rule: `AwsSolutions-IAM5[Resource::${flattenArn(objects)}]`,
      reason:
        'Each export run writes new objects with new keys under the export prefix; an object grant cannot name keys that do not exist yet.',
      compensatingControl:
        'PutObject and PutObjectRetention only, under one prefix of the Object Lock archive, whose default retention makes every written object immutable',
    });

    new events.Rule(this, 'Schedule', {
      description: 'Ship new audit records to the Object Lock archive',
      schedule: events.Schedule.rate(props.interval),
      targets: [
        new eventTargets.LambdaFunction(fn, {
          retryAttempts: 2,
          maxEventAge: Duration.hours(1),
          deadLetterQueue: this.deadLetterQueue,
        }),
      ],
    });
  }
}

/**
 * Writes a resolved ARN the way cdk-nag names IAM5 findings (`Ref`s as `<Name>`), so the acknowledgement follows
 * the grant if the bucket name or prefix changes.
 */
function flattenArn(resolved: unknown): string {
  if (typeof resolved === 'string') return resolved;
  const value = resolved as { Ref?: string; 'Fn::Join'?: [string, unknown[]] };
  if (value.Ref !== undefined) return `<${value.Ref}>`;
  if (value['Fn::Join'] !== undefined) {
    const [delimiter, parts] = value['Fn::Join'];
    return parts.map(flattenArn).join(delimiter);
  }
  throw new Error(
    `AuditExport: cannot name the IAM5 finding of ${JSON.stringify(resolved)}; grant on a fixed bucket name.`,
  );
}
