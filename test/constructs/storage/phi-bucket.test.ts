import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { listAcknowledgements } from '../../../lib/compliance';
import { PhiBucket, PhiBucketProps } from '../../../lib/constructs/storage';
import { checkErrors } from '../../support/nag';

const REPLICA_KEY = 'arn:aws:kms:us-west-2:111111111111:key/00000000-0000-4000-8000-000000000003';

function build(extra: Partial<PhiBucketProps> = {}) {
  const stack = new Stack(new App(), 'Fixture', { env: { account: '111111111111', region: 'us-east-1' } });
  const documents = new PhiBucket(stack, 'Documents', {
    encryptionKey: new kms.Key(stack, 'PhiKey'),
    accessLogsBucket: new s3.Bucket(stack, 'Logs'),
    ...extra,
  });
  return { stack, documents };
}

describe('PhiBucket replication', () => {
  const replicated = () => {
    const stack = new Stack(new App(), 'Fixture', { env: { account: '111111111111', region: 'us-east-1' } });
    const documents = new PhiBucket(stack, 'Documents', {
      encryptionKey: new kms.Key(stack, 'PhiKey', { enableKeyRotation: true }),
      accessLogsBucket: new s3.Bucket(stack, 'Logs'),
      replication: {
        destination: s3.Bucket.fromBucketArn(stack, 'Replica', 'arn:aws:s3:::fixture-replica'),
        kmsKey: kms.Key.fromKeyArn(stack, 'ReplicaKey', REPLICA_KEY),
      },
    });
    return { stack, documents, template: Template.fromStack(stack) };
  };

  it('replicates every version, delete markers included, encrypted with the replica key', () => {
    replicated().template.hasResourceProperties('AWS::S3::Bucket', {
      ReplicationConfiguration: {
        Role: Match.anyValue(),
        Rules: [
          {
            Destination: {
              Bucket: 'arn:aws:s3:::fixture-replica',
              EncryptionConfiguration: { ReplicaKmsKeyID: REPLICA_KEY },
            },
            Priority: 1,
            Status: 'Enabled',
            SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
            DeleteMarkerReplication: { Status: 'Enabled' },
            Filter: { Prefix: '' },
            Id: 'CrossRegionReplica',
          },
        ],
      },
    });
  });

  it('gives the replication role exact actions in a managed policy, keys usable only through S3', () => {
    const { template } = replicated();
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'],
            Resource: 'arn:aws:s3:::fixture-replica/*',
          }),
          Match.objectLike({
            Action: ['kms:Encrypt', 'kms:GenerateDataKey'],
            Resource: REPLICA_KEY,
            Condition: { StringEquals: { 'kms:ViaService': 's3.us-west-2.amazonaws.com' } },
          }),
        ]),
      },
    });
    const actions = JSON.stringify(template.findResources('AWS::IAM::ManagedPolicy'));
    expect(actions).not.toMatch(/"(s3|kms):[A-Za-z]*\*"/);
  });

  it('passes every check pack with replication on, without the replication acknowledgement', () => {
    const { documents } = replicated();
    expect(checkErrors(documents)).toEqual([]);
    expect(listAcknowledgements(documents).map((a) => a.rule)).not.toContain(
      'HIPAA.Security-S3BucketReplicationEnabled',
    );
  });

  it('acknowledges the replication findings, naming AWS Backup, when replication is off', () => {
    const { documents } = build();
    const acks = listAcknowledgements(documents);
    expect(acks.map((a) => a.rule)).toEqual([
      'HIPAA.Security-S3BucketReplicationEnabled',
      'NIST.800.53.R5-S3BucketReplicationEnabled',
    ]);
    expect(acks[0].reason).toContain('Compensating control: AWS Backup');
  });
});

describe('PhiBucket access logs', () => {
  it('grants the logging service on the log prefix for this account only', () => {
    const { stack } = build({ accessLogsPrefix: 'docs/' });
    const policies = Object.values(Template.fromStack(stack).findResources('AWS::S3::BucketPolicy'));
    const grant = policies
      .flatMap((p) => p.Properties.PolicyDocument.Statement)
      .filter((s) => s.Principal?.Service === 'logging.s3.amazonaws.com');
    expect(grant).toEqual([
      expect.objectContaining({
        Sid: 'ServerAccessLogsdocs',
        Action: 's3:PutObject',
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      }),
    ]);
  });
});

describe('PhiBucket grants', () => {
  it('grantReadWrite gives object access and use of the PHI key, nothing on other buckets', () => {
    const { stack, documents } = build();
    const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
    documents.grantReadWrite(role);
    const statements = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy')).flatMap(
      (p) => p.Properties.PolicyDocument.Statement,
    );
    expect(statements.some((s) => [s.Action].flat().includes('s3:PutObject'))).toBe(true);
    expect(statements.some((s) => [s.Action].flat().includes('kms:GenerateDataKey*'))).toBe(true);
    for (const s of statements) expect(JSON.stringify(s.Resource)).not.toBe('"*"');
  });
});

describe('PhiBucket removal policy', () => {
  it('keeps the bucket under SNAPSHOT (S3 has no snapshots) and deletes it under DESTROY', () => {
    Template.fromStack(build({ removalPolicy: RemovalPolicy.SNAPSHOT }).stack).hasResource(
      'AWS::S3::Bucket',
      {
        DeletionPolicy: 'Retain',
        Properties: Match.objectLike({ VersioningConfiguration: { Status: 'Enabled' } }),
      },
    );
    Template.fromStack(build({ removalPolicy: RemovalPolicy.DESTROY }).stack).hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ VersioningConfiguration: { Status: 'Enabled' } }),
    });
  });
});

describe('PhiBucket refusals', () => {
  it('refuses a noncurrent version retention that ends before the Glacier transition', () => {
    expect(() => build({ noncurrentVersionRetention: Duration.days(30) })).toThrow(
      /noncurrentVersionRetention must be more than 30 days/,
    );
  });
});
