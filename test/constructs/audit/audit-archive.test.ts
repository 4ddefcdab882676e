import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AuditArchive } from '../../../lib/constructs/audit';
import { fixtureStack } from '../../support/rule-fixture';

function archive(
  overrides: {
    retentionDays?: number;
    mode?: s3.ObjectLockMode;
    trailName?: string;
    bucketName?: string;
  } = {},
) {
  const stack = fixtureStack();
  const logs = new s3.Bucket(stack, 'AccessLogs');
  const construct = new AuditArchive(stack, 'Archive', {
    bucketName: overrides.bucketName,
    encryptionKey: new kms.Key(stack, 'Key', { enableKeyRotation: true }),
    objectLockMode: overrides.mode ?? s3.ObjectLockMode.COMPLIANCE,
    retentionDays: overrides.retentionDays ?? 2192,
    serverAccessLogsBucket: logs,
    trailName: 'trailName' in overrides ? overrides.trailName : 'hipaa-test-trail',
  });
  return {
    stack,
    construct,
    get template() {
      return Template.fromStack(stack);
    },
  };
}

describe('AuditArchive', () => {
  // One synthesis for the tests that read the default archive.
  const defaults = archive().template;

  it('takes its default retention and mode from its props', () => {
    archive({ retentionDays: 3653, mode: s3.ObjectLockMode.GOVERNANCE }).template.hasResourceProperties(
      'AWS::S3::Bucket',
      {
        ObjectLockEnabled: true,
        ObjectLockConfiguration: {
          ObjectLockEnabled: 'Enabled',
          Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 3653 } },
        },
      },
    );
  });

  it.each([2191, 365])('refuses a retention of %i days with an actionable message', (days) => {
    expect(() => archive({ retentionDays: days })).toThrow(/at least 2192 days .*auditRetentionDays/);
  });

  it('encrypts with the key and bucket keys, blocks public access, enforces the bucket owner, versions', () => {
    defaults.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() },
          },
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 'audit-archive/' },
    });
  });

  it('is retained when its stack is deleted', () => {
    defaults.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike({ ObjectLockEnabled: true }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('moves objects to colder storage and never expires anything before the retention', () => {
    const buckets = archive({ retentionDays: 2557 }).template.findResources('AWS::S3::Bucket', {
      Properties: { ObjectLockEnabled: true },
    });
    const [rule] = Object.values(buckets)[0].Properties.LifecycleConfiguration.Rules;
    expect(rule.Transitions.map((t: { StorageClass: string }) => t.StorageClass)).toEqual(['GLACIER_IR']);
    expect(rule.ExpirationInDays).toBeGreaterThanOrEqual(2557);
    expect(rule.NoncurrentVersionExpiration.NoncurrentDays).toBeGreaterThanOrEqual(2557);
  });

  it('denies plain HTTP and TLS below 1.2', () => {
    defaults.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
        ]),
      },
    });
  });

  it('admits CloudTrail for the named trail only, under its prefix', () => {
    const template = defaults;
    const trailArn = Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([':trail/hipaa-test-trail'])] });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'CloudTrailWrite',
            Principal: { Service: 'cloudtrail.amazonaws.com' },
            Action: 's3:PutObject',
            Condition: {
              StringEquals: { 'aws:SourceArn': trailArn, 's3:x-amz-acl': 'bucket-owner-full-control' },
            },
          }),
        ]),
      },
    });
  });

  it('admits no trail when none is named (organization trail)', () => {
    const policies = archive({ trailName: undefined }).template.findResources('AWS::S3::BucketPolicy');
    expect(JSON.stringify(policies)).not.toContain('cloudtrail.amazonaws.com');
  });

  it('grants the access log bucket to the logging service for this account only', () => {
    defaults.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: Match.stringLikeRegexp('AccessLogs') },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'logging.s3.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          }),
        ]),
      },
    });
  });

  it('grantAppend allows PutObject (with retention) under the audit events prefix and nothing else', () => {
    const { stack, construct } = archive();
    const role = new iam.Role(stack, 'Exporter', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    construct.grantAppend(role);
    const policies = Template.fromStack(Stack.of(role)).findResources('AWS::IAM::Policy');
    const actions = JSON.stringify(Object.values(policies).map((p) => p.Properties.PolicyDocument.Statement));
    expect(actions).toContain('["s3:PutObject","s3:PutObjectRetention"]');
    expect(actions).toContain('/audit-events/*');
    expect(actions).not.toMatch(/s3:Delete|s3:BypassGovernanceRetention|s3:GetObject|s3:PutObjectLegalHold/);
  });

  it('with a fixed bucket name, grantAppend names the bucket instead of referencing it', () => {
    const { stack, construct } = archive({ bucketName: 'app-test-audit-archive-111111111111-us-east-1' });
    const role = new iam.Role(stack, 'Exporter', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    construct.grantAppend(role);
    const policies = Template.fromStack(Stack.of(role)).findResources('AWS::IAM::Policy');
    expect(JSON.stringify(policies)).toContain(
      ':s3:::app-test-audit-archive-111111111111-us-east-1/audit-events/*',
    );
  });
});
