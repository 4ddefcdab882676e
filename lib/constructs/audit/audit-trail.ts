import { Aws, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { encryptedLogGroup } from '../logging/encrypted-log-group';
import { CLOUDTRAIL_KEY_PREFIX } from './audit-archive';

export interface AuditTrailProps {
  /** The trail's name; the audit key's and the archive's policies name it, so it is fixed. */
  readonly trailName: string;
  /** Bucket the log and digest files go to (the Object Lock audit archive). */
  readonly archiveBucket: s3.IBucket;
  /** Key that encrypts the log files and the trail's log group (the audit and logs key). */
  readonly encryptionKey: kms.IKey;
  /** Name of the CloudWatch Logs group that receives the trail's events. */
  readonly logGroupName: string;
  /** Retention of the trail's log group: the audit retention. */
  readonly logRetention: logs.RetentionDays;
  /**
   * Buckets holding PHI: every object-level read and write on them is recorded (S3 data events).
   * @default - none
   */
  readonly phiBuckets?: readonly s3.IBucket[];
  /**
   * Functions that serve PHI: every invocation is recorded (Lambda data events).
   * @default - none
   */
  readonly apiFunctions?: readonly lambda.IFunction[];
  /**
   * What happens to the trail's log group when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The account's CloudTrail trail: every region and the global services, management events read and write, log
 * file validation (digest files), KMS encryption, delivery to the Object Lock archive and to an encrypted log group
 * for the alarms, and data events on the PHI buckets and the API function selected by ARN.
 *
 * Written with the L1 resource: the L2 has no advanced event selectors and puts the log delivery grant in an
 * inline policy; here it is a managed policy on a role with a confused-deputy guard.
 */
export class AuditTrail extends Construct {
  public readonly trail: cloudtrail.CfnTrail;
  public readonly logGroup: logs.ILogGroup;
  /** The trail's ARN, built from its name. */
  public readonly trailArn: string;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    this.trailArn = `arn:${Aws.PARTITION}:cloudtrail:${Aws.REGION}:${Aws.ACCOUNT_ID}:trail/${props.trailName}`;

    const logGroup = encryptedLogGroup(this, 'LogGroup', {
      logGroupName: props.logGroupName,
      encryptionKey: props.encryptionKey,
      retention: props.logRetention,
      auditRecords: true,
      removalPolicy: props.removalPolicy,
    });
    this.logGroup = logGroup;

    const role = new iam.Role(this, 'LogsRole', {
      description: `CloudTrail delivery of trail ${props.trailName} to its log group`,
      // No aws:SourceArn/SourceAccount condition: CloudTrail's documentation says the CloudWatch Logs role does not
      // support them, so a condition would make CreateTrail reject the role. The role can only write to this log group.
      assumedBy: new iam.ServicePrincipal('cloudtrail.amazonaws.com'),
    });
    const delivery = new iam.ManagedPolicy(this, 'LogsDeliveryPolicy', {
      description: 'Write trail events to the trail log group only',
      statements: [
        new iam.PolicyStatement({
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [logGroup.logGroupArn],
        }),
      ],
    });
    role.addManagedPolicy(delivery);

    this.trail = new cloudtrail.CfnTrail(this, 'Trail', {
      trailName: props.trailName,
      isLogging: true,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      s3BucketName: props.archiveBucket.bucketName,
      s3KeyPrefix: CLOUDTRAIL_KEY_PREFIX,
      kmsKeyId: props.encryptionKey.keyArn,
      cloudWatchLogsLogGroupArn: logGroup.logGroupArn,
      cloudWatchLogsRoleArn: role.roleArn,
      advancedEventSelectors: eventSelectors(props.phiBuckets ?? [], props.apiFunctions ?? []),
    });
    this.trail.node.addDependency(delivery);
  }
}

/** Management events (read and write), then data events on exactly the PHI buckets' objects and the API functions. */
function eventSelectors(
  buckets: readonly s3.IBucket[],
  functions: readonly lambda.IFunction[],
): cloudtrail.CfnTrail.AdvancedEventSelectorProperty[] {
  const selectors: cloudtrail.CfnTrail.AdvancedEventSelectorProperty[] = [
    {
      name: 'Management events, read and write',
      fieldSelectors: [{ field: 'eventCategory', equalTo: ['Management'] }],
    },
  ];
  if (buckets.length > 0) {
    selectors.push({
      name: 'S3 object access on the PHI buckets',
      fieldSelectors: [
        { field: 'eventCategory', equalTo: ['Data'] },
        { field: 'resources.type', equalTo: ['AWS::S3::Object'] },
        { field: 'resources.ARN', startsWith: buckets.map((b) => b.arnForObjects('')) },
      ],
    });
  }
  if (functions.length > 0) {
    selectors.push({
      name: 'Invocations of the API functions',
      fieldSelectors: [
        { field: 'eventCategory', equalTo: ['Data'] },
        { field: 'resources.type', equalTo: ['AWS::Lambda::Function'] },
        { field: 'resources.ARN', equalTo: functions.map((f) => f.functionArn) },
      ],
    });
  }
  return selectors;
}
