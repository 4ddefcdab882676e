import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { kmsEncryption, SECURE_BUCKET_DEFAULTS } from '../storage/secure-bucket';
import { acknowledge } from '../../compliance/acknowledge';
import { acknowledgeServerAccessLogsGrant, serverAccessLogsTarget } from '../audit/server-access-logs';

export interface ConfigRecorderProps {
  /** Prefix of the recorder's and the delivery channel's names. */
  readonly namePrefix: string;
  /** Encrypts the delivery bucket (the audit and logs key). */
  readonly encryptionKey: kms.IKey;
  /** Days configuration history and snapshots are kept: the audit retention. */
  readonly retentionDays: number;
  /** Receives the delivery bucket's S3 server access logs. */
  readonly serverAccessLogsBucket: s3.IBucket;
  /**
   * What happens to the delivery bucket when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The AWS Config recorder of this account and region (every supported resource type, global IAM types included)
 * and its delivery channel. AWS Config cannot deliver into a bucket with Object Lock, so configuration history goes
 * to its own KMS-encrypted bucket, kept for the audit retention.
 */
export class ConfigRecorder extends Construct {
  public readonly recorder: config.CfnConfigurationRecorder;
  public readonly deliveryChannel: config.CfnDeliveryChannel;
  public readonly bucket: s3.IBucket;

  constructor(scope: Construct, id: string, props: ConfigRecorderProps) {
    super(scope, id);
    const bucket = new s3.Bucket(this, 'DeliveryBucket', {
      ...kmsEncryption(props.encryptionKey),
      ...SECURE_BUCKET_DEFAULTS,
      serverAccessLogsBucket: serverAccessLogsTarget(
        this,
        'ServerAccessLogsTarget',
        props.serverAccessLogsBucket,
        'config-delivery/',
      ),
      serverAccessLogsPrefix: 'config-delivery/',
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      autoDeleteObjects: false,
      lifecycleRules: [
        {
          id: 'ColderStorageThenExpireAfterAuditRetention',
          transitions: [
            { storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(90) },
          ],
          expiration: Duration.days(props.retentionDays),
          noncurrentVersionExpiration: Duration.days(props.retentionDays),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
    });
    this.bucket = bucket;
    acknowledgeServerAccessLogsGrant(bucket);

    // A customer-managed role rather than the service-linked one: CloudFormation cannot create the service-linked
    // role when it already exists, so a template that declares it fails in accounts that used Config before.
    const role = new iam.Role(this, 'Role', {
      description: 'AWS Config recorder: read resource configurations, deliver them to the delivery bucket',
      assumedBy: new iam.ServicePrincipal('config.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWS_ConfigRole')],
    });
    role.addManagedPolicy(
      new iam.ManagedPolicy(this, 'DeliveryKeyPolicy', {
        description: 'Encrypt Config deliveries with the audit key, through S3',
        statements: [
          new iam.PolicyStatement({
            actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
            resources: [props.encryptionKey.keyArn],
          }),
        ],
      }),
    );
    acknowledge(role.node.defaultChild as iam.CfnRole, {
      rule: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWS_ConfigRole]',
      reason:
        'AWS_ConfigRole is the AWS-maintained read-only policy that follows every resource type Config adds; a hand-written copy would fall behind and silently stop recording new types.',
      compensatingControl:
        'role assumable only by config.amazonaws.com for this account (aws:SourceAccount), the IAM policy change alarm, and IAM Access Analyzer',
    });

    // Writes are granted in the bucket policy, scoped to Config's own key layout, not in the role's policy: to
    // the recorder's role, which Config uses for delivery in this account, and to the Config service principal
    // (for the service-linked role, should the account switch to it), each only for this account.
    const deliveryPrefix = bucket.arnForObjects(`AWSLogs/${Aws.ACCOUNT_ID}/Config/*`);
    const service = new iam.ServicePrincipal('config.amazonaws.com');
    const thisAccount = { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } };
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'ConfigRoleDelivery',
        principals: [new iam.ArnPrincipal(role.roleArn)],
        actions: ['s3:GetBucketAcl', 's3:ListBucket', 's3:PutObject'],
        resources: [bucket.bucketArn, deliveryPrefix],
      }),
    );
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'ConfigServiceBucketCheck',
        principals: [service],
        actions: ['s3:GetBucketAcl', 's3:ListBucket'],
        resources: [bucket.bucketArn],
        conditions: thisAccount,
      }),
    );
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'ConfigServiceDelivery',
        principals: [service],
        actions: ['s3:PutObject'],
        resources: [deliveryPrefix],
        conditions: {
          StringEquals: { ...thisAccount.StringEquals, 's3:x-amz-acl': 'bucket-owner-full-control' },
        },
      }),
    );
    const noReplication = {
      reason:
        'Configuration history is a derived record that AWS Config can rebuild from the live resources; a cross-region replica adds a second bucket and key without a recovery need.',
      compensatingControl:
        'versioning with noncurrent versions kept for the audit retention, SSE-KMS with a retained key, CloudTrail records of every configuration change in the Object Lock archive',
    };
    for (const rule of [
      'HIPAA.Security-S3BucketReplicationEnabled',
      'NIST.800.53.R5-S3BucketReplicationEnabled',
    ]) {
      acknowledge(bucket.node.defaultChild as s3.CfnBucket, { rule, ...noReplication });
    }

    this.recorder = new config.CfnConfigurationRecorder(this, 'Recorder', {
      name: `${props.namePrefix}-recorder`,
      roleArn: role.roleArn,
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
    });
    this.deliveryChannel = new config.CfnDeliveryChannel(this, 'DeliveryChannel', {
      name: `${props.namePrefix}-delivery`,
      s3BucketName: bucket.bucketName,
      configSnapshotDeliveryProperties: { deliveryFrequency: 'TwentyFour_Hours' },
    });
    // Config needs the recorder before the channel, and checks the bucket policy when the channel is created.
    this.deliveryChannel.node.addDependency(this.recorder);
    if (bucket.policy) this.deliveryChannel.node.addDependency(bucket.policy);
  }
}
