import { Annotations, Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/**
 * Prepares `target` to receive S3 server access logs under `prefix` from buckets of this account, and returns the
 * handle to pass as a bucket's `serverAccessLogsBucket`.
 *
 * CDK grants the logging service itself when source and target are both concrete buckets, but across stacks it
 * leaves out every condition, so any account's bucket could write into the prefix. Here the grant carries
 * `aws:SourceAccount`, and the returned handle is an imported reference so that CDK adds no second, wider grant.
 * The grant lands in the target bucket's own policy (in the target's stack); it names no source bucket, so no
 * reference back to the source's stack arises.
 */
export function serverAccessLogsTarget(
  scope: Construct,
  id: string,
  target: s3.IBucket,
  prefix: string,
): s3.IBucket {
  target.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: `ServerAccessLogs${prefix.replace(/[^A-Za-z0-9]/g, '')}`,
      principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
      actions: ['s3:PutObject'],
      resources: [target.arnForObjects(`${prefix}*`)],
      conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
    }),
  );
  return s3.Bucket.fromBucketAttributes(scope, id, {
    bucketArn: target.bucketArn,
    bucketName: target.bucketName,
  });
}

/**
 * CDK warns that it could not grant the logging service on an imported target; `serverAccessLogsTarget` made that
 * grant itself, so the warning is answered on the source bucket, where CDK raises it.
 */
export function acknowledgeServerAccessLogsGrant(sourceBucket: s3.IBucket): void {
  Annotations.of(sourceBucket).acknowledgeWarning(
    '@aws-cdk/aws-s3:accessLogsPolicyNotAdded',
    'serverAccessLogsTarget grants logging.s3.amazonaws.com on the target prefix, conditioned on this account',
  );
}
