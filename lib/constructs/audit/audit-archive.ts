import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { kmsEncryption, SECURE_BUCKET_DEFAULTS } from '../storage/secure-bucket';
import { acknowledge } from '../../compliance/acknowledge';
import { AuditRecordStore, markAuditRecordStore } from '../../compliance/audit-record';
import { MINIMUM_AUDIT_RETENTION_DAYS } from '../../config/schema';
import { acknowledgeServerAccessLogsGrant, serverAccessLogsTarget } from './server-access-logs';

/** Key prefix under which CloudTrail delivers log files and digest files. */
export const CLOUDTRAIL_KEY_PREFIX = 'cloudtrail';
/** Key prefix under which the API's audit export writes its audit event batches. */
export const AUDIT_EVENTS_KEY_PREFIX = 'audit-events/';

export interface AuditArchiveProps {
  /**
   * Physical bucket name. A fixed name lets other stacks grant on the archive by name instead of by reference.
   * @default - a name CloudFormation generates
   */
  readonly bucketName?: string;
  /** The audit and logs key: SSE-KMS with S3 Bucket Keys. */
  readonly encryptionKey: kms.IKey;
  /** Object Lock mode of the default retention: COMPLIANCE in prod, GOVERNANCE only where the bucket must go. */
  readonly objectLockMode: s3.ObjectLockMode;
  /** Default Object Lock retention in days, the audit retention; at least 2192 (six years). */
  readonly retentionDays: number;
  /**
   * Bucket that receives this bucket's S3 server access logs. It must be another bucket: S3 cannot deliver server
   * access logs into a bucket with an Object Lock default retention.
   */
  readonly serverAccessLogsBucket: s3.IBucket;
  /**
   * Key prefix of this bucket's server access logs in `serverAccessLogsBucket`.
   * @default 'audit-archive/'
   */
  readonly serverAccessLogsPrefix?: string;
  /**
   * Name of the trail in this account and region that delivers into the archive. The bucket policy admits
   * CloudTrail for that trail only; the name, not the trail's ARN attribute, keeps the trail's stack free to
   * depend on this one.
   * @default - no trail delivers here (an organization trail writes to the organization's own bucket)
   */
  readonly trailName?: string;
}

/**
 * The write-once audit archive: an S3 bucket created with Object Lock whose default retention protects every
 * object version for the audit retention. Under COMPLIANCE nobody, the root user included, can delete a version or
 * shorten its retention before it ends. CloudTrail log and digest files and the API's audit event batches land
 * here.
 *
 * The bucket is always retained when its stack is deleted, whatever the stateful removal policy says: the lock
 * would refuse the deletion of its objects anyway, and a stack stuck in DELETE_FAILED helps nobody.
 */
export class AuditArchive extends Construct {
  public readonly bucket: s3.IBucket;
  public readonly retentionDays: number;
  public readonly objectLockMode: s3.ObjectLockMode;
  /** The fixed bucket name, if one was given. */
  public readonly bucketName?: string;

  constructor(scope: Construct, id: string, props: AuditArchiveProps) {
    super(scope, id);
    if (!Number.isInteger(props.retentionDays) || props.retentionDays < MINIMUM_AUDIT_RETENTION_DAYS) {
      throw new Error(
        `AuditArchive ${this.node.path}: retentionDays is ${props.retentionDays}; audit records must be kept at least ${MINIMUM_AUDIT_RETENTION_DAYS} days (six years, 45 CFR 164.316(b)(2)(i)). Raise auditRetentionDays.`,
      );
    }
    this.retentionDays = props.retentionDays;
    this.objectLockMode = props.objectLockMode;
    this.bucketName = props.bucketName;
    const retention = Duration.days(props.retentionDays);
    const logPrefix = props.serverAccessLogsPrefix ?? 'audit-archive/';

    const bucket = new s3.Bucket(this, 'Bucket', {
      bucketName: props.bucketName,
      objectLockEnabled: true,
      objectLockDefaultRetention:
        props.objectLockMode === s3.ObjectLockMode.COMPLIANCE
          ? s3.ObjectLockRetention.compliance(retention)
          : s3.ObjectLockRetention.governance(retention),
      ...kmsEncryption(props.encryptionKey),
      ...SECURE_BUCKET_DEFAULTS,
      serverAccessLogsBucket: serverAccessLogsTarget(
        this,
        'ServerAccessLogsTarget',
        props.serverAccessLogsBucket,
        logPrefix,
      ),
      serverAccessLogsPrefix: logPrefix,
      removalPolicy: RemovalPolicy.RETAIN,
      autoDeleteObjects: false,
      lifecycleRules: [
        {
          // Colder storage as records age; nothing expires before the retention has passed, and the lock would
          // refuse it anyway. Current versions stay in Glacier Instant Retrieval, so every record of the six years
          // (digest validation, investigations) reads in milliseconds without a restore; superseded versions, which
          // only exist if an object was overwritten, go to Deep Archive.
          id: 'ColderStorageNeverExpireBeforeRetention',
          transitions: [
            { storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(90) },
          ],
          noncurrentVersionTransitions: [
            { storageClass: s3.StorageClass.DEEP_ARCHIVE, transitionAfter: Duration.days(30) },
          ],
          expiration: retention,
          noncurrentVersionExpiration: retention,
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
    });
    this.bucket = bucket;
    acknowledgeServerAccessLogsGrant(bucket);

    if (props.trailName !== undefined) this.admitTrail(bucket, props.trailName);

    const resource = bucket.node.defaultChild as s3.CfnBucket;
    markAuditRecordStore(resource, { store: AuditRecordStore.ARCHIVE, objectLockMode: props.objectLockMode });
    const noReplication = {
      reason:
        'The archive is the immutable copy itself; a replica would need a second Object Lock bucket and key in another region, which this single-region blueprint does not deploy.',
      compensatingControl:
        'Object Lock default retention on every version (COMPLIANCE in prod), versioning, KMS key retained on stack deletion, bucket retained on stack deletion, S3 eleven-nines durability across three zones',
    };
    for (const rule of [
      'HIPAA.Security-S3BucketReplicationEnabled',
      'NIST.800.53.R5-S3BucketReplicationEnabled',
    ]) {
      acknowledge(resource, { rule, ...noReplication });
    }
  }

  /**
   * The ARN pattern of the objects under `keyPrefix`; by name when the bucket has a fixed one, so a grant in
   * another stack needs no cross-stack reference.
   */
  public objectsArn(keyPrefix: string): string {
    return this.bucketName === undefined
      ? this.bucket.arnForObjects(`${keyPrefix}*`)
      : `arn:${Aws.PARTITION}:s3:::${this.bucketName}/${keyPrefix}*`;
  }

  /** The bucket's ARN; by name when the bucket has a fixed one (see `objectsArn`). */
  public bucketArnForGrants(): string {
    return this.bucketName === undefined
      ? this.bucket.bucketArn
      : `arn:${Aws.PARTITION}:s3:::${this.bucketName}`;
  }

  /**
   * Lets `grantee` add objects under `keyPrefix` (the audit export) and nothing else: no read, no delete. Writing
   * an object with an explicit lock mode and retain-until date needs `s3:PutObjectRetention` as well; on a new
   * object it can only set retention, and the bucket's default already forbids anything shorter under
   * COMPLIANCE. The key grant goes through S3 only (the audit key's policy admits use via S3).
   */
  public grantAppend(grantee: iam.IGrantable, keyPrefix: string = AUDIT_EVENTS_KEY_PREFIX): iam.Grant {
    const grant = iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:PutObject', 's3:PutObjectRetention'],
      resourceArns: [this.objectsArn(keyPrefix)],
    });
    this.bucket.encryptionKey?.grant(grantee, 'kms:GenerateDataKey');
    return grant;
  }

  /** CloudTrail may check the ACL and write under its prefix, for the named trail of this account only. */
  private admitTrail(bucket: s3.Bucket, trailName: string): void {
    const trailArn = `arn:${Aws.PARTITION}:cloudtrail:${Aws.REGION}:${Aws.ACCOUNT_ID}:trail/${trailName}`;
    const cloudTrail = new iam.ServicePrincipal('cloudtrail.amazonaws.com');
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudTrailAclCheck',
        principals: [cloudTrail],
        actions: ['s3:GetBucketAcl'],
        resources: [bucket.bucketArn],
        conditions: { StringEquals: { 'aws:SourceArn': trailArn } },
      }),
    );
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudTrailWrite',
        principals: [cloudTrail],
        actions: ['s3:PutObject'],
        resources: [bucket.arnForObjects(`${CLOUDTRAIL_KEY_PREFIX}/AWSLogs/${Aws.ACCOUNT_ID}/*`)],
        conditions: {
          StringEquals: { 'aws:SourceArn': trailArn, 's3:x-amz-acl': 'bucket-owner-full-control' },
        },
      }),
    );
  }
}
