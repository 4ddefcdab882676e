import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { listAcknowledgements } from '../../../lib/compliance';
import { PhiBackup, PhiBackupProps } from '../../../lib/constructs/backup';

const COPY_VAULT = 'arn:aws:backup:us-west-2:111111111111:backup-vault:fixture-copy';

function build(extra: Partial<PhiBackupProps> = {}) {
  const stack = new Stack(new App(), 'Fixture', { env: { account: '111111111111', region: 'us-east-1' } });
  const instance = rds.DatabaseInstance.fromDatabaseInstanceAttributes(stack, 'Db', {
    instanceIdentifier: 'fixture-database',
    instanceEndpointAddress: 'fixture.example.com',
    port: 5432,
    securityGroups: [],
  });
  const phiBackup = new PhiBackup(stack, 'Backup', {
    name: 'fixture-phi',
    encryptionKey: new kms.Key(stack, 'BackupKey'),
    vaultLock: { minRetention: Duration.days(35), maxRetention: Duration.days(2192) },
    monthlyRetention: Duration.days(365),
    database: {
      instance,
      restoreSubnetGroup: rds.SubnetGroup.fromSubnetGroupName(stack, 'Subnets', 'fixture-subnets'),
      vpc: ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
        vpcId: 'vpc-00000000',
        availabilityZones: ['us-east-1a'],
      }),
    },
    buckets: [s3.Bucket.fromBucketName(stack, 'Docs', 'fixture-documents')],
    ...extra,
  });
  return { stack, phiBackup, template: () => Template.fromStack(stack) };
}

describe('PhiBackup', () => {
  it('copies both rules to the other-region vault, kept as long as the originals', () => {
    const { template } = build();
    // An imported vault is only its ARN; the scope it is imported into does not matter.
    const copy = build({ copyTo: backup.BackupVault.fromBackupVaultArn(new Stack(), 'Copy', COPY_VAULT) });
    copy.template().hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanRule: [
          Match.objectLike({
            RuleName: 'Daily',
            CopyActions: [{ DestinationBackupVaultArn: COPY_VAULT, Lifecycle: { DeleteAfterDays: 35 } }],
          }),
          Match.objectLike({
            RuleName: 'Monthly',
            CopyActions: [{ DestinationBackupVaultArn: COPY_VAULT, Lifecycle: { DeleteAfterDays: 365 } }],
          }),
        ],
      },
    });
    const rules = Object.values(template().findResources('AWS::Backup::BackupPlan'))[0].Properties.BackupPlan
      .BackupPlanRule;
    expect(rules.map((r: { CopyActions?: unknown }) => r.CopyActions)).toEqual([undefined, undefined]);
  });

  it('leaves the lock in governance mode without changeableFor, and in compliance mode with it', () => {
    build()
      .template()
      .hasResourceProperties('AWS::Backup::BackupVault', {
        LockConfiguration: {
          MinRetentionDays: 35,
          MaxRetentionDays: 2192,
          ChangeableForDays: Match.absent(),
        },
      });
    build({
      vaultLock: {
        minRetention: Duration.days(35),
        maxRetention: Duration.days(2192),
        changeableFor: Duration.days(3),
      },
    })
      .template()
      .hasResourceProperties('AWS::Backup::BackupVault', {
        LockConfiguration: Match.objectLike({ ChangeableForDays: 3 }),
      });
  });

  it('acknowledges only the AWS Backup service policies, one finding each', () => {
    const { phiBackup } = build();
    expect(listAcknowledgements(phiBackup).map((a) => a.rule)).toEqual([
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores]',
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup]',
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore]',
    ]);
  });

  it('lets only AWS Backup assume its role', () => {
    build()
      .template()
      .hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: {
          Statement: [Match.objectLike({ Principal: { Service: 'backup.amazonaws.com' } })],
        },
      });
  });
});

describe('PhiBackup removal policy', () => {
  it('keeps the vault under SNAPSHOT (a vault has no snapshot)', () => {
    build({ removalPolicy: RemovalPolicy.SNAPSHOT })
      .template()
      .hasResource('AWS::Backup::BackupVault', { DeletionPolicy: 'Retain' });
  });
});

describe('PhiBackup refusals', () => {
  it('refuses a monthly retention the locked vault would reject', () => {
    expect(() => build({ monthlyRetention: Duration.days(3000) })).toThrow(
      /monthlyRetention \(3000 days\) must be within the vault lock's retention \(35 to 2192 days\)/,
    );
  });

  it('refuses a daily retention below the lock minimum', () => {
    expect(() => build({ dailyRetention: Duration.days(14) })).toThrow(/dailyRetention \(14 days\)/);
  });

  it('refuses a changeable-for period under the AWS Backup minimum', () => {
    expect(() =>
      build({
        vaultLock: {
          minRetention: Duration.days(35),
          maxRetention: Duration.days(2192),
          changeableFor: Duration.days(1),
        },
      }),
    ).toThrow(/at least 3 days/);
  });
});
