import { Duration } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { DAILY_BACKUP_RETENTION_DAYS, resourcePrefix } from '../config';
import { PhiBackup } from '../constructs/backup';
import { PhiDatabase } from '../constructs/database';
import { PhiBucket } from '../constructs/storage';
import { BlueprintStack, BlueprintStackProps } from './blueprint-stack';
import { FoundationStack } from './foundation-stack';
import { removalPolicyOf } from './removal-policy';

export interface DataStackProps extends BlueprintStackProps {
  /** Keys, network and access-log bucket the data tier stands on. */
  readonly foundation: FoundationStack;
}

/**
 * The data tier: the PHI database, the PHI document bucket and their backups. Later stacks reference these
 * resources (never the reverse): `database.grantConnect`, `documents.grantReadWrite`, `databaseSecurityGroup`.
 */
export class DataStack extends BlueprintStack {
  public readonly database: PhiDatabase;
  public readonly documents: PhiBucket;
  public readonly backup: PhiBackup;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { config, foundation } = props;
    const prefix = resourcePrefix(config);
    const removalPolicy = removalPolicyOf(config);
    const { keys, network } = foundation;

    this.database = new PhiDatabase(this, 'Database', {
      vpc: network.vpc,
      subnets: network.dataSubnets,
      encryptionKey: keys.phiData,
      logsKey: keys.auditLogs,
      logRetention: config.auditRetentionDays as logs.RetentionDays,
      instanceIdentifier: `${prefix}-database`,
      instanceType: new ec2.InstanceType(config.databaseInstanceType),
      multiAz: config.databaseMultiAz,
      allocatedStorageGiB: config.databaseAllocatedStorageGiB,
      backupRetention: Duration.days(config.databaseBackupRetentionDays),
      deletionProtection: config.databaseDeletionProtection,
      secretsManagerEndpoint: network.interfaceEndpoints.SecretsManager,
      removalPolicy: removalPolicyOf(config, { supportsSnapshot: true }),
    });

    this.documents = new PhiBucket(this, 'Documents', {
      encryptionKey: keys.phiData,
      accessLogsBucket: foundation.accessLogs.bucket,
      accessLogsPrefix: `${prefix}-phi-documents/`,
      replication:
        config.phiBucketReplicationBucketArn === ''
          ? undefined
          : {
              destination: s3.Bucket.fromBucketArn(
                this,
                'ReplicaBucket',
                config.phiBucketReplicationBucketArn,
              ),
              kmsKey: kms.Key.fromKeyArn(this, 'ReplicaKey', config.phiBucketReplicationKmsKeyArn),
            },
      removalPolicy,
    });

    this.backup = new PhiBackup(this, 'Backup', {
      name: `${prefix}-phi`,
      encryptionKey: keys.backup,
      vaultLock: {
        minRetention: Duration.days(config.backupVaultLockMinRetentionDays),
        maxRetention: Duration.days(config.backupVaultLockMaxRetentionDays),
        changeableFor:
          config.backupVaultLockChangeableForDays > 0
            ? Duration.days(config.backupVaultLockChangeableForDays)
            : undefined,
      },
      dailyRetention: Duration.days(DAILY_BACKUP_RETENTION_DAYS),
      monthlyRetention: Duration.days(config.backupMonthlyRetentionDays),
      copyTo:
        config.backupCopyVaultArn === ''
          ? undefined
          : backup.BackupVault.fromBackupVaultArn(this, 'CopyVault', config.backupCopyVaultArn),
      database: {
        instance: this.database.instance,
        restoreSubnetGroup: this.database.subnetGroup,
        vpc: network.vpc,
      },
      buckets: [this.documents.bucket],
      removalPolicy,
    });
  }

  /** Security group of the PHI database (5432 opens only through `grantConnect`/`allowConnectionsFrom`). */
  public get databaseSecurityGroup(): ec2.ISecurityGroup {
    return this.database.securityGroup;
  }

  /** IAM database authentication as `dbUser`, plus the network path; rules are created in the grantee's stack. */
  public grantConnect(grantee: iam.IGrantable & ec2.IConnectable, dbUser: string): iam.Grant {
    return this.database.grantConnect(grantee, dbUser);
  }
}
