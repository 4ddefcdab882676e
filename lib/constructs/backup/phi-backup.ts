import { Duration, Fn, RemovalPolicy } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge } from '../../compliance/acknowledge';

/** AWS Backup vault lock. */
export interface PhiBackupVaultLock {
  /** No recovery point can be deleted before it is this old; every rule must keep points at least this long. */
  readonly minRetention: Duration;
  /** No recovery point may be kept longer. */
  readonly maxRetention: Duration;
  /**
   * Cooling-off period after which the lock is immutable (compliance mode): nobody, root included, can remove it,
   * shorten retention or delete a recovery point early.
   * @default - governance mode: the lock enforces the retention limits but a privileged user can remove it
   */
  readonly changeableFor?: Duration;
}

/** The database the plan protects, and where its restore tests run. */
export interface PhiBackupDatabase {
  readonly instance: rds.IDatabaseInstance;
  /** Subnet group of the restored test instance (isolated subnets). */
  readonly restoreSubnetGroup: rds.ISubnetGroup;
  /** VPC of the restored test instance; it gets a security group that admits nothing and sends nothing. */
  readonly vpc: ec2.IVpc;
}

export interface PhiBackupProps {
  /** Name of the vault and prefix of the plan and restore testing plan. */
  readonly name: string;
  /** Key of the vault: the backup key. */
  readonly encryptionKey: kms.IKey;
  readonly vaultLock: PhiBackupVaultLock;
  /**
   * How long the daily recovery points are kept.
   * @default Duration.days(35)
   */
  readonly dailyRetention?: Duration;
  /** How long the monthly recovery points are kept. */
  readonly monthlyRetention: Duration;
  /**
   * Vault in another region that receives a copy of every recovery point (kept as long as the original).
   * @default - no cross-region copy
   */
  readonly copyTo?: backup.IBackupVault;
  readonly database: PhiBackupDatabase;
  /** Versioned buckets to protect (the PHI documents). */
  readonly buckets: readonly s3.IBucket[];
  /**
   * When restore tests run (AWS Backup cron syntax, UTC).
   * @default weekly, Sunday 06:00 UTC
   */
  readonly restoreTestSchedule?: string;
  /**
   * What happens to the vault when the stack is deleted (a vault with recovery points cannot be deleted anyway).
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** The AWS managed policies AWS Backup needs to back up and restore RDS and S3. */
export const BACKUP_SERVICE_POLICIES = [
  'service-role/AWSBackupServiceRolePolicyForBackup',
  'service-role/AWSBackupServiceRolePolicyForRestores',
  'AWSBackupServiceRolePolicyForS3Backup',
  'AWSBackupServiceRolePolicyForS3Restore',
] as const;

/** Restore testing names allow letters, digits and underscores only. */
function restoreTestingName(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_');
}

/**
 * The contingency plan's backups (164.308(a)(7)(ii)(A)) and their testing (164.308(a)(7)(ii)(D)): a vault
 * encrypted with the backup key and locked, a plan with daily and monthly rules (optionally copied to another
 * region), a selection of the database and the PHI buckets by resource, and a restore testing plan that restores
 * the latest recovery points every week into an isolated network and deletes them after validation.
 */
export class PhiBackup extends Construct {
  public readonly vault: backup.BackupVault;
  public readonly plan: backup.BackupPlan;
  /** Role AWS Backup uses to back up, restore and restore-test the selected resources. */
  public readonly role: iam.Role;
  public readonly restoreTestingPlan: backup.CfnRestoreTestingPlan;
  /** Security group of restore-tested databases: no rule in, no rule out. */
  public readonly restoreTestSecurityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: PhiBackupProps) {
    super(scope, id);
    const dailyRetention = props.dailyRetention ?? Duration.days(35);
    const { minRetention, maxRetention, changeableFor } = props.vaultLock;
    for (const [what, retention] of [
      ['dailyRetention', dailyRetention],
      ['monthlyRetention', props.monthlyRetention],
    ] as const) {
      if (retention.toDays() < minRetention.toDays() || retention.toDays() > maxRetention.toDays()) {
        throw new Error(
          `PhiBackup ${this.node.path}: ${what} (${retention.toDays()} days) must be within the vault lock's retention (${minRetention.toDays()} to ${maxRetention.toDays()} days), or the vault refuses the backups.`,
        );
      }
    }
    if (changeableFor !== undefined && changeableFor.toDays() < 3) {
      throw new Error(
        `PhiBackup ${this.node.path}: vaultLock.changeableFor must be at least 3 days (the AWS Backup minimum).`,
      );
    }

    this.vault = new backup.BackupVault(this, 'Vault', {
      backupVaultName: props.name,
      encryptionKey: props.encryptionKey,
      lockConfiguration: { minRetention, maxRetention, changeableFor },
      // A vault has no snapshot: SNAPSHOT (the configuration's "snapshot where possible") keeps it.
      removalPolicy:
        (props.removalPolicy ?? RemovalPolicy.RETAIN) === RemovalPolicy.SNAPSHOT
          ? RemovalPolicy.RETAIN
          : (props.removalPolicy ?? RemovalPolicy.RETAIN),
    });

    this.role = new iam.Role(this, 'Role', {
      description: 'AWS Backup: back up, restore and restore-test the PHI database and documents',
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
      managedPolicies: BACKUP_SERVICE_POLICIES.map((name) =>
        iam.ManagedPolicy.fromAwsManagedPolicyName(name),
      ),
    });

    const copyActions = (deleteAfter: Duration): backup.BackupPlanCopyActionProps[] | undefined =>
      props.copyTo ? [{ destinationBackupVault: props.copyTo, deleteAfter }] : undefined;
    this.plan = new backup.BackupPlan(this, 'Plan', {
      backupPlanName: props.name,
      backupVault: this.vault,
      backupPlanRules: [
        new backup.BackupPlanRule({
          ruleName: 'Daily',
          scheduleExpression: events.Schedule.cron({ hour: '5', minute: '0' }),
          startWindow: Duration.hours(1),
          completionWindow: Duration.hours(8),
          deleteAfter: dailyRetention,
          copyActions: copyActions(dailyRetention),
        }),
        new backup.BackupPlanRule({
          ruleName: 'Monthly',
          scheduleExpression: events.Schedule.cron({ day: '1', hour: '5', minute: '0' }),
          startWindow: Duration.hours(1),
          completionWindow: Duration.hours(8),
          deleteAfter: props.monthlyRetention,
          copyActions: copyActions(props.monthlyRetention),
        }),
      ],
    });
    this.plan.addSelection('Resources', {
      backupSelectionName: 'phi-database-and-documents',
      role: this.role,
      resources: [
        backup.BackupResource.fromRdsDatabaseInstance(props.database.instance),
        ...props.buckets.map((bucket) => backup.BackupResource.fromArn(bucket.bucketArn)),
      ],
    });

    this.restoreTestSecurityGroup = new ec2.SecurityGroup(this, 'RestoreTestSecurityGroup', {
      vpc: props.database.vpc,
      description: 'Restore tests of the PHI database: no traffic in or out',
      allowAllOutbound: false,
    });
    this.restoreTestingPlan = this.addRestoreTesting(props);
    this.acknowledgeManagedPolicies();
  }

  /**
   * Restore testing (L1: aws-cdk-lib has no L2). Every run restores the latest recovery point of the last week of
   * each selected resource, runs the validation window, then deletes the restored copy.
   */
  private addRestoreTesting(props: PhiBackupProps): backup.CfnRestoreTestingPlan {
    const planName = restoreTestingName(`${props.name}_restore_test`);
    const plan = new backup.CfnRestoreTestingPlan(this, 'RestoreTestingPlan', {
      restoreTestingPlanName: planName,
      scheduleExpression: props.restoreTestSchedule ?? 'cron(0 6 ? * SUN *)',
      startWindowHours: 24,
      recoveryPointSelection: {
        algorithm: 'LATEST_WITHIN_WINDOW',
        includeVaults: [this.vault.backupVaultArn],
        recoveryPointTypes: ['SNAPSHOT'],
        selectionWindowDays: 7,
      },
    });
    const database = new backup.CfnRestoreTestingSelection(this, 'RestoreTestDatabase', {
      restoreTestingPlanName: planName,
      restoreTestingSelectionName: 'database',
      protectedResourceType: 'RDS',
      protectedResourceArns: [props.database.instance.instanceArn],
      iamRoleArn: this.role.roleArn,
      validationWindowHours: 2,
      // The restored instance goes to the isolated subnets, behind a security group that admits nothing.
      restoreMetadataOverrides: {
        dbsubnetgroupname: props.database.restoreSubnetGroup.subnetGroupName,
        vpcsecuritygroupids: Fn.join('', ['["', this.restoreTestSecurityGroup.securityGroupId, '"]']),
      },
    });
    database.addResourceDependency(plan);
    if (props.buckets.length > 0) {
      const documents = new backup.CfnRestoreTestingSelection(this, 'RestoreTestDocuments', {
        restoreTestingPlanName: planName,
        restoreTestingSelectionName: 'documents',
        protectedResourceType: 'S3',
        protectedResourceArns: props.buckets.map((bucket) => bucket.bucketArn),
        iamRoleArn: this.role.roleArn,
        validationWindowHours: 2,
      });
      documents.addResourceDependency(plan);
    }
    return plan;
  }

  private acknowledgeManagedPolicies(): void {
    for (const name of BACKUP_SERVICE_POLICIES) {
      acknowledge(this.role, {
        rule: `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${name}]`,
        reason:
          'AWS Backup documents these AWS-maintained service policies as the permissions it needs to back up and restore RDS and S3; AWS updates them as the services change.',
        compensatingControl:
          'the role can be assumed only by backup.amazonaws.com, the selection names the protected resources one by one, the vault is locked and encrypted with the backup key',
      });
    }
  }
}
