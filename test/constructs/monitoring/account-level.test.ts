import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AccountDetection, ConfigRecorder } from '../../../lib/constructs/monitoring';
import { fixtureStack } from '../../support/rule-fixture';

describe('ConfigRecorder and AccountDetection', () => {
  const stack = fixtureStack();
  const recorder = new ConfigRecorder(stack, 'Config', {
    namePrefix: 'hipaa-test',
    encryptionKey: new kms.Key(stack, 'Key', { enableKeyRotation: true }),
    retentionDays: 2192,
    serverAccessLogsBucket: new s3.Bucket(stack, 'AccessLogs'),
  });
  new AccountDetection(stack, 'Detection', {
    namePrefix: 'hipaa-test',
    configRecorder: recorder.deliveryChannel,
  });
  const template = Template.fromStack(stack);

  it('records every supported resource type, global IAM types included', () => {
    template.hasResourceProperties('AWS::Config::ConfigurationRecorder', {
      RecordingGroup: { AllSupported: true, IncludeGlobalResourceTypes: true },
    });
  });

  it('creates the delivery channel after the recorder and the bucket policy', () => {
    const [channel] = Object.values(template.findResources('AWS::Config::DeliveryChannel'));
    const recorderId = Object.keys(template.findResources('AWS::Config::ConfigurationRecorder'))[0];
    const policyId = Object.keys(
      template.findResources('AWS::S3::BucketPolicy', {
        Properties: { Bucket: { Ref: Match.stringLikeRegexp('ConfigDeliveryBucket') } },
      }),
    )[0];
    expect(channel.DependsOn).toEqual(expect.arrayContaining([recorderId, policyId]));
  });

  it('delivers into a KMS-encrypted, versioned bucket kept for the audit retention', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [Match.objectLike({ BucketKeyEnabled: true })],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 2192 })] },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'config-delivery/' }),
    });
  });

  it('lets the Config service write only under its prefix, for this account', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'ConfigServiceDelivery',
            Principal: { Service: 'config.amazonaws.com' },
            Condition: {
              StringEquals: {
                'aws:SourceAccount': { Ref: 'AWS::AccountId' },
                's3:x-amz-acl': 'bucket-owner-full-control',
              },
            },
          }),
        ]),
      },
    });
  });

  it('the recorder role trusts Config of this account only and has no inline policy', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 'config.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': Match.anyValue() } },
          }),
        ],
      },
      Policies: Match.absent(),
    });
  });

  it('turns on GuardDuty with S3, RDS and Lambda protection', () => {
    template.hasResourceProperties('AWS::GuardDuty::Detector', {
      Enable: true,
      Features: [
        { Name: 'S3_DATA_EVENTS', Status: 'ENABLED' },
        { Name: 'RDS_LOGIN_EVENTS', Status: 'ENABLED' },
        { Name: 'LAMBDA_NETWORK_LOGS', Status: 'ENABLED' },
      ],
    });
  });

  it('enables Security Hub with FSBP and NIST 800-53 r5, after the hub and the Config recorder', () => {
    template.hasResourceProperties('AWS::SecurityHub::Hub', { EnableDefaultStandards: false });
    const standards = Object.values(template.findResources('AWS::SecurityHub::Standard'));
    expect(JSON.stringify(standards.map((s) => s.Properties.StandardsArn))).toMatch(
      /aws-foundational-security-best-practices\/v\/1\.0\.0.*nist-800-53\/v\/5\.0\.0/,
    );
    for (const standard of standards) expect(standard.DependsOn).toHaveLength(2);
  });

  it('creates an account Access Analyzer', () => {
    template.hasResourceProperties('AWS::AccessAnalyzer::Analyzer', {
      Type: 'ACCOUNT',
      AnalyzerName: 'hipaa-test-access-analyzer',
    });
  });
});
