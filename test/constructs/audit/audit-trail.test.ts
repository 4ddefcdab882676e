import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AuditTrail } from '../../../lib/constructs/audit';
import { fixtureStack } from '../../support/rule-fixture';

function trail(withTargets: boolean) {
  const stack = fixtureStack();
  const phi = s3.Bucket.fromBucketName(stack, 'Phi', 'fixture-phi-bucket');
  const api = lambda.Function.fromFunctionArn(
    stack,
    'Api',
    'arn:aws:lambda:us-east-1:111111111111:function:fixture-api',
  );
  new AuditTrail(stack, 'Trail', {
    trailName: 'hipaa-test-trail',
    archiveBucket: s3.Bucket.fromBucketName(stack, 'Archive', 'fixture-archive'),
    encryptionKey: new kms.Key(stack, 'Key', { enableKeyRotation: true }),
    logGroupName: '/hipaa/test/cloudtrail',
    logRetention: logs.RetentionDays.SIX_YEARS,
    phiBuckets: withTargets ? [phi] : undefined,
    apiFunctions: withTargets ? [api] : undefined,
  });
  return Template.fromStack(stack);
}

describe('AuditTrail', () => {
  it('records every region, global events, validates log files, encrypts, and feeds its log group', () => {
    trail(false).hasResourceProperties('AWS::CloudTrail::Trail', {
      TrailName: 'hipaa-test-trail',
      IsLogging: true,
      IsMultiRegionTrail: true,
      IncludeGlobalServiceEvents: true,
      EnableLogFileValidation: true,
      KMSKeyId: Match.anyValue(),
      S3BucketName: 'fixture-archive',
      S3KeyPrefix: 'cloudtrail',
      CloudWatchLogsLogGroupArn: Match.anyValue(),
      CloudWatchLogsRoleArn: Match.anyValue(),
      AdvancedEventSelectors: [
        { Name: Match.anyValue(), FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
      ],
    });
  });

  it('records S3 data events on exactly the PHI buckets and invocations of exactly the API functions', () => {
    trail(true).hasResourceProperties('AWS::CloudTrail::Trail', {
      AdvancedEventSelectors: Match.arrayWith([
        {
          Name: Match.anyValue(),
          FieldSelectors: [
            { Field: 'eventCategory', Equals: ['Data'] },
            { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
            {
              Field: 'resources.ARN',
              StartsWith: [
                Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([':s3:::fixture-phi-bucket/'])] }),
              ],
            },
          ],
        },
        {
          Name: Match.anyValue(),
          FieldSelectors: [
            { Field: 'eventCategory', Equals: ['Data'] },
            { Field: 'resources.type', Equals: ['AWS::Lambda::Function'] },
            {
              Field: 'resources.ARN',
              Equals: ['arn:aws:lambda:us-east-1:111111111111:function:fixture-api'],
            },
          ],
        },
      ]),
    });
  });

  it('keeps its log group encrypted for the audit retention, marked as an audit record store', () => {
    trail(false).hasResource('AWS::Logs::LogGroup', {
      Properties: {
        LogGroupName: '/hipaa/test/cloudtrail',
        RetentionInDays: 2192,
        KmsKeyId: Match.anyValue(),
      },
      Metadata: Match.objectLike({ BlueprintAuditRecord: { store: 'log' } }),
    });
  });

  it('delivers to CloudWatch Logs through a CloudTrail role without conditions CloudTrail rejects, nor inline policies', () => {
    trail(false).hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({ Principal: { Service: 'cloudtrail.amazonaws.com' }, Condition: Match.absent() }),
        ],
      },
      Policies: Match.absent(),
    });
  });
});
