import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { SECURE_BUCKET_DEFAULTS } from '../storage/secure-bucket';
import { acknowledge } from '../../compliance/acknowledge';

export interface AccessLogBucketProps {
  /** Days access logs are kept: they are audit records, so the audit retention. */
  readonly retentionDays: number;
  /**
   * What happens to the bucket when its stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Receives S3 server access logs (and later ALB access logs) of every blueprint bucket. It is separate from the
 * Object Lock audit archive because S3 cannot deliver server access logs into a bucket with default retention,
 * and it uses SSE-S3 because neither S3 server access logging nor ALB log delivery supports SSE-KMS targets.
 */
export class AccessLogBucket extends Construct {
  public readonly bucket: s3.IBucket;

  constructor(scope: Construct, id: string, props: AccessLogBucketProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      ...SECURE_BUCKET_DEFAULTS,
      removalPolicy,
      autoDeleteObjects: false,
      lifecycleRules: [
        {
          id: 'ColderStorageThenExpireAfterAuditRetention',
          transitions: [
            { storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(90) },
            { storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(365) },
          ],
          expiration: Duration.days(props.retentionDays),
          noncurrentVersionExpiration: Duration.days(props.retentionDays),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
    });
    this.bucket = bucket;

    const resource = bucket.node.defaultChild as s3.CfnBucket;
    const sseS3 = {
      reason:
        'S3 server access logging and ALB access log delivery accept only SSE-S3 (AES-256) target buckets; the logs hold request lines and metadata, and the API carries no PHI in paths or query strings (search is POST).',
      compensatingControl:
        'SSE-S3 AES-256 at rest, TLS-only bucket policy, BlockPublicAccess, versioning, and lifecycle retention equal to the audit retention',
    };
    const noSelfLogging = {
      reason:
        'This bucket is the access-log destination itself; logging it into itself would log its own log writes in a loop.',
      compensatingControl:
        'the bucket policy admits writes only from the log delivery services on behalf of this account, CloudTrail records every change to the bucket and its policy, and the S3 bucket-policy alarm fires on such a change',
    };
    const noReplication = {
      reason:
        'Access logs are kept in one region for the audit retention; cross-region copies of request metadata add cost without a recovery need.',
      compensatingControl: 'versioning with noncurrent-version retention equal to the audit retention',
    };
    for (const [rule, why] of [
      ['HIPAA.Security-S3DefaultEncryptionKMS', sseS3],
      ['NIST.800.53.R5-S3DefaultEncryptionKMS', sseS3],
      ['HIPAA.Security-S3BucketLoggingEnabled', noSelfLogging],
      ['NIST.800.53.R5-S3BucketLoggingEnabled', noSelfLogging],
      ['AwsSolutions-S1', noSelfLogging],
      ['HIPAA.Security-S3BucketReplicationEnabled', noReplication],
      ['NIST.800.53.R5-S3BucketReplicationEnabled', noReplication],
    ] as const) {
      acknowledge(resource, { rule, ...why });
    }
  }
}
