import { ArnFormat, Aws, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { kmsEncryption, SECURE_BUCKET_DEFAULTS } from './secure-bucket';
import { acknowledge } from '../../compliance/acknowledge';
import { acknowledgeServerAccessLogsGrant, serverAccessLogsTarget } from '../audit/server-access-logs';

/** Cross-region replication of the PHI documents. */
export interface PhiBucketReplication {
  /** Bucket in another region covered by the BAA, versioned, encrypted with `kmsKey`. */
  readonly destination: s3.IBucket;
  /** Customer-managed key in the destination's region that encrypts the replicas. */
  readonly kmsKey: kms.IKey;
}

export interface PhiBucketProps {
  /** Key for SSE-KMS (with S3 bucket keys): the PHI key. */
  readonly encryptionKey: kms.IKey;
  /** Bucket that receives the server access logs. */
  readonly accessLogsBucket: s3.IBucket;
  /**
   * Prefix of this bucket's access logs in the log bucket.
   * @default 'phi-documents/'
   */
  readonly accessLogsPrefix?: string;
  /**
   * How long overwritten or deleted versions are kept (they move to Glacier Instant Retrieval after 30 days).
   * @default Duration.days(365)
   */
  readonly noncurrentVersionRetention?: Duration;
  /**
   * Cross-region replication.
   * @default - none; AWS Backup (daily and monthly recovery points in a locked vault) protects the bucket
   */
  readonly replication?: PhiBucketReplication;
  /**
   * What happens to the bucket when its stack is deleted (SNAPSHOT retains it). Objects are never deleted
   * automatically.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * S3 bucket for PHI documents: SSE-KMS with the PHI key and bucket keys, uploads with any other encryption refused,
 * versioning, all public access blocked, ACLs disabled (bucket owner enforced), TLS 1.2 or newer only, server
 * access logs to the log bucket, noncurrent versions aged out, optional cross-region replication.
 */
export class PhiBucket extends Construct {
  public readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: PhiBucketProps) {
    super(scope, id);
    const noncurrentRetention = props.noncurrentVersionRetention ?? Duration.days(365);
    if (noncurrentRetention.toDays() <= 30) {
      throw new Error(
        `PhiBucket ${this.node.path}: noncurrentVersionRetention must be more than 30 days (versions move to Glacier Instant Retrieval at 30 days); got ${noncurrentRetention.toDays()}.`,
      );
    }
    const logsPrefix = props.accessLogsPrefix ?? 'phi-documents/';
    const replicationRole = props.replication
      ? new iam.Role(this, 'ReplicationRole', {
          description: 'S3 replication of the PHI documents to the replica bucket',
          assumedBy: new iam.ServicePrincipal('s3.amazonaws.com', {
            conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
          }),
        })
      : undefined;
    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...kmsEncryption(props.encryptionKey),
      ...SECURE_BUCKET_DEFAULTS,
      // The log bucket grants the logging service for this account only (and CDK adds no wider grant).
      serverAccessLogsBucket: serverAccessLogsTarget(
        this,
        'AccessLogsTarget',
        props.accessLogsBucket,
        logsPrefix,
      ),
      serverAccessLogsPrefix: logsPrefix,
      // S3 has no snapshots: SNAPSHOT (the configuration's "snapshot where possible") keeps the bucket.
      removalPolicy:
        (props.removalPolicy ?? RemovalPolicy.RETAIN) === RemovalPolicy.SNAPSHOT
          ? RemovalPolicy.RETAIN
          : (props.removalPolicy ?? RemovalPolicy.RETAIN),
      autoDeleteObjects: false,
      lifecycleRules: [
        {
          id: 'AgeOutNoncurrentVersions',
          noncurrentVersionTransitions: [
            { storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(30) },
          ],
          noncurrentVersionExpiration: noncurrentRetention,
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
      replicationRole,
      replicationRules: props.replication
        ? [
            {
              id: 'CrossRegionReplica',
              priority: 1,
              destination: props.replication.destination,
              kmsKey: props.replication.kmsKey,
              sseKmsEncryptedObjects: true,
              deleteMarkerReplication: true,
            },
          ]
        : undefined,
    });
    acknowledgeServerAccessLogsGrant(this.bucket);
    this.denyOtherEncryption(props.encryptionKey);
    if (props.replication && replicationRole) {
      this.grantReplication(replicationRole, props.encryptionKey, props.replication);
    } else {
      this.acknowledgeNoReplication();
    }
  }

  /** Lets `grantee` read PHI documents (and decrypt them with the PHI key). */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return this.bucket.grantRead(grantee);
  }

  /** Lets `grantee` read and write PHI documents (and use the PHI key for them). */
  public grantReadWrite(grantee: iam.IGrantable): iam.Grant {
    return this.bucket.grantReadWrite(grantee);
  }

  /**
   * Default encryption covers uploads without encryption headers; these statements refuse uploads that ask for
   * another encryption (SSE-S3) or another KMS key, so every object is under the PHI key.
   */
  private denyOtherEncryption(key: kms.IKey): void {
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyUploadsNotEncryptedWithKms',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects('*')],
        conditions: { StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
      }),
    );
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyUploadsWithAnotherKmsKey',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects('*')],
        conditions: {
          StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption-aws-kms-key-id': key.keyArn },
        },
      }),
    );
  }

  /**
   * The replication role's permissions, in a managed policy (no inline policy) with exact actions: read the
   * versions to replicate here, write replicas there, decrypt with the PHI key and encrypt with the replica key,
   * both only through S3.
   */
  private grantReplication(role: iam.Role, sourceKey: kms.IKey, replication: PhiBucketReplication): void {
    const destinationRegion = Stack.of(this).splitArn(
      replication.kmsKey.keyArn,
      ArnFormat.SLASH_RESOURCE_NAME,
    ).region;
    const policy = new iam.ManagedPolicy(this, 'ReplicationPolicy', {
      description: 'Replicate the PHI documents to the replica bucket, encrypted with the replica key',
      roles: [role],
      statements: [
        new iam.PolicyStatement({
          actions: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
          resources: [this.bucket.bucketArn],
        }),
        new iam.PolicyStatement({
          actions: [
            's3:GetObjectVersionForReplication',
            's3:GetObjectVersionAcl',
            's3:GetObjectVersionTagging',
          ],
          resources: [this.bucket.arnForObjects('*')],
        }),
        new iam.PolicyStatement({
          actions: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'],
          resources: [replication.destination.arnForObjects('*')],
        }),
        new iam.PolicyStatement({
          actions: ['kms:Decrypt'],
          resources: [sourceKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `s3.${Aws.REGION}.amazonaws.com` } },
        }),
        new iam.PolicyStatement({
          actions: ['kms:Encrypt', 'kms:GenerateDataKey'],
          resources: [replication.kmsKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `s3.${destinationRegion}.amazonaws.com` } },
        }),
      ],
    });
    const objectsOf = (arn: string) => {
      const resolved = Stack.of(this).resolve(arn);
      return typeof resolved === 'string' ? resolved : undefined;
    };
    const sourceLogicalId = Stack.of(this).resolve(
      Stack.of(this).getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket),
    );
    const why = {
      reason:
        'Replication copies every object version of the PHI bucket, so the role reads all objects here and writes all objects in the replica bucket: the object wildcard is the purpose.',
      compensatingControl:
        'the role can be assumed only by S3 for this account, the wildcards are limited to these two buckets, the keys are usable only through S3',
    };
    const objectFindings = [
      `<${sourceLogicalId}.Arn>/*`,
      objectsOf(replication.destination.arnForObjects('*')),
    ];
    for (const resource of objectFindings) {
      if (resource !== undefined && !Token.isUnresolved(resource)) {
        acknowledge(policy, { rule: `AwsSolutions-IAM5[Resource::${resource}]`, ...why });
      }
    }
  }

  private acknowledgeNoReplication(): void {
    const why = {
      reason:
        'Cross-region replication is off by configuration (phiBucketReplicationBucketArn empty, the default): a second live copy of PHI in another region is an opt-in.',
      compensatingControl:
        'AWS Backup protects the bucket with daily (35 days) and monthly recovery points in a vault-locked, KMS-encrypted vault, optionally copied to another region, plus versioning',
    };
    const resource = this.bucket.node.defaultChild as s3.CfnBucket;
    for (const rule of [
      'HIPAA.Security-S3BucketReplicationEnabled',
      'NIST.800.53.R5-S3BucketReplicationEnabled',
    ]) {
      acknowledge(resource, { rule, ...why });
    }
  }
}
