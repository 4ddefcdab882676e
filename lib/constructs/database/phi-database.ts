import { Aws, Duration, Names, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, IConstruct } from 'constructs';
import { acknowledge } from '../../compliance/acknowledge';
import { encryptedLogGroup } from '../logging/encrypted-log-group';

/** PostgreSQL port; the security group opens it only to security groups granted through a method. */
export const POSTGRES_PORT = 5432;

/** The newest PostgreSQL major version aws-cdk-lib offers; RDS picks the newest minor and upgrades it. */
export const POSTGRES_VERSION = rds.PostgresEngineVersion.VER_18;

/**
 * What pgaudit writes to the PostgreSQL log. Session auditing of `ddl` (schema changes), `role` (GRANT, REVOKE,
 * CREATE/ALTER ROLE) and `write` (INSERT, UPDATE, DELETE, TRUNCATE, COPY FROM): every change to the structure,
 * the privileges or the data, whoever makes it, app or human. Reads are not session-logged (the API writes its
 * own audit record of every PHI read in the same transaction, and session `read` logging would log every catalog
 * query too); reads of the PHI tables by anyone are audited with object auditing instead: grant SELECT on those
 * tables to the `rds_pgaudit` role (`pgaudit.role`). Statement parameters are never logged (`log_parameter` off),
 * so values bound by the application (PHI) do not reach the logs; catalog queries are skipped (`log_catalog` off).
 */
export const PGAUDIT_LOG = 'ddl,role,write';

/**
 * The parameter group values, as the literal strings RDS expects. Exported so tests and docs read the same table.
 */
export const POSTGRES_PARAMETERS: Readonly<Record<string, string>> = {
  // Encryption in transit (164.312(e)(1)): refuse non-TLS connections, and anything older than TLS 1.3.
  'rds.force_ssl': '1',
  ssl_min_protocol_version: 'TLSv1.3',
  // Audit controls (164.312(b)).
  shared_preload_libraries: 'pg_stat_statements,pgaudit',
  'pgaudit.log': PGAUDIT_LOG,
  'pgaudit.log_catalog': '0',
  'pgaudit.log_parameter': '0',
  'pgaudit.log_relation': '1',
  'pgaudit.role': 'rds_pgaudit',
  log_connections: '1',
  log_disconnections: '1',
  // Person or entity authentication (164.312(d)): SCRAM only for the password users (the master and rotation).
  password_encryption: 'scram-sha-256',
  'rds.accepted_password_auth_method': 'scram',
};

/** PostgreSQL log types exported to CloudWatch Logs. */
export const POSTGRES_LOG_EXPORTS = ['postgresql', 'upgrade'] as const;

const DB_USER = /^[a-z_][a-z0-9_]{0,62}$/;

export interface PhiDatabaseProps {
  readonly vpc: ec2.IVpc;
  /** Subnets without any route out of the VPC. */
  readonly subnets: ec2.SubnetSelection;
  /** Key for storage, snapshots, the master secret and Performance Insights: the PHI key. */
  readonly encryptionKey: kms.IKey;
  /**
   * Key for the exported log groups: the audit and logs key. If it is a key of this app, a statement letting
   * CloudWatch Logs use it for these log groups (and only these) is added to its policy.
   */
  readonly logsKey: kms.IKey;
  /** Retention of the exported logs (PostgreSQL and pgaudit records are audit records). */
  readonly logRetention: logs.RetentionDays;
  /**
   * DB instance identifier. Fixed, because the exported log group names derive from it and must exist (encrypted,
   * with retention) before RDS writes to them.
   */
  readonly instanceIdentifier: string;
  readonly instanceType: ec2.InstanceType;
  readonly multiAz: boolean;
  /** Initial storage; autoscaling may grow it to four times this. */
  readonly allocatedStorageGiB: number;
  /** How long RDS keeps automated backups (point-in-time recovery window). */
  readonly backupRetention: Duration;
  readonly deletionProtection: boolean;
  /**
   * Where the rotation function reaches Secrets Manager: the VPC interface endpoint. The function gets egress to it
   * on 443 and to the database on 5432, nothing else: rotation works without any internet route.
   */
  readonly secretsManagerEndpoint: ec2.IConnectable;
  /**
   * Subnets of the rotation function.
   * @default - the database subnets (no route out of the VPC)
   */
  readonly rotationSubnets?: ec2.SubnetSelection;
  /**
   * How often the master password rotates.
   * @default Duration.days(30)
   */
  readonly rotationInterval?: Duration;
  /**
   * Name of the database created with the instance.
   * @default 'phi'
   */
  readonly databaseName?: string;
  /**
   * Master user name. It is for administration and rotation only; applications connect with IAM authentication.
   * @default 'dbadmin'
   */
  readonly masterUsername?: string;
  /**
   * What happens to the instance (and its log groups) when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * RDS for PostgreSQL for PHI: isolated subnets, storage, secret and Performance Insights encrypted with the PHI
 * key, TLS 1.3 enforced by the server, IAM database authentication, pgaudit, connection logging, logs exported to
 * encrypted log groups kept for the audit retention, enhanced monitoring, a master password rotated inside the VPC.
 *
 * Network access is closed until granted: `grantConnect` (IAM + network, for IAM-authenticated users) or
 * `allowConnectionsFrom` (network only). Both create the rules in the grantee's stack, so a consumer stack
 * references this one and never the reverse.
 */
export class PhiDatabase extends Construct {
  public readonly instance: rds.DatabaseInstance;
  /** Admits 5432 only from the security groups granted through this construct's methods. */
  public readonly securityGroup: ec2.SecurityGroup;
  public readonly subnetGroup: rds.SubnetGroup;
  public readonly parameterGroup: rds.ParameterGroup;
  /** Master credentials (administration and rotation only), encrypted with the PHI key. */
  public readonly masterSecret: secretsmanager.ISecret;
  /** Security group of the rotation function. */
  public readonly rotationSecurityGroup: ec2.SecurityGroup;
  /** Exported log groups by log type. */
  public readonly logGroups: Readonly<Record<(typeof POSTGRES_LOG_EXPORTS)[number], logs.LogGroup>>;
  /** The database created with the instance. */
  public readonly databaseName: string;
  /** The master user name: administration and rotation only, never granted to an application. */
  public readonly masterUsername: string;

  constructor(scope: Construct, id: string, props: PhiDatabaseProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const masterUsername = props.masterUsername ?? 'dbadmin';
    this.masterUsername = masterUsername;
    this.databaseName = props.databaseName ?? 'phi';
    if (!DB_USER.test(this.databaseName)) {
      throw new Error(
        `PhiDatabase ${this.node.path}: databaseName "${this.databaseName}" must be a lowercase PostgreSQL identifier.`,
      );
    }
    if (!DB_USER.test(masterUsername)) {
      throw new Error(
        `PhiDatabase ${this.node.path}: masterUsername "${masterUsername}" must be a lowercase PostgreSQL identifier.`,
      );
    }
    const engine = rds.DatabaseInstanceEngine.postgres({ version: POSTGRES_VERSION });

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'PHI database: PostgreSQL from granted security groups only',
      allowAllOutbound: false,
    });

    this.subnetGroup = new rds.SubnetGroup(this, 'SubnetGroup', {
      vpc: props.vpc,
      vpcSubnets: props.subnets,
      description: 'PHI database: isolated subnets without a route out of the VPC',
      removalPolicy: removalPolicy === RemovalPolicy.SNAPSHOT ? RemovalPolicy.DESTROY : removalPolicy,
    });

    this.parameterGroup = new rds.ParameterGroup(this, 'Parameters', {
      engine,
      description: 'PHI database: TLS 1.3 enforced, pgaudit, connection logging, SCRAM passwords',
      parameters: { ...POSTGRES_PARAMETERS },
    });

    this.logGroups = this.createLogGroups(props, removalPolicy);

    this.instance = new rds.DatabaseInstance(this, 'Instance', {
      engine,
      instanceIdentifier: props.instanceIdentifier,
      databaseName: this.databaseName,
      instanceType: props.instanceType,
      vpc: props.vpc,
      subnetGroup: this.subnetGroup,
      securityGroups: [this.securityGroup],
      publiclyAccessible: false,
      port: POSTGRES_PORT,
      multiAz: props.multiAz,
      allocatedStorage: props.allocatedStorageGiB,
      maxAllocatedStorage: props.allocatedStorageGiB * 4,
      storageType: rds.StorageType.GP3,
      storageEncrypted: true,
      storageEncryptionKey: props.encryptionKey,
      credentials: rds.Credentials.fromGeneratedSecret(masterUsername, {
        encryptionKey: props.encryptionKey,
        secretName: `${props.instanceIdentifier}/master`,
      }),
      iamAuthentication: true,
      parameterGroup: this.parameterGroup,
      caCertificate: rds.CaCertificate.RDS_CA_RSA2048_G1,
      enablePerformanceInsights: true,
      performanceInsightEncryptionKey: props.encryptionKey,
      performanceInsightRetention: rds.PerformanceInsightRetention.DEFAULT,
      monitoringInterval: Duration.seconds(60),
      cloudwatchLogsExports: [...POSTGRES_LOG_EXPORTS],
      autoMinorVersionUpgrade: true,
      copyTagsToSnapshot: true,
      backupRetention: props.backupRetention,
      deleteAutomatedBackups: false,
      deletionProtection: props.deletionProtection,
      removalPolicy,
    });
    // RDS creates a missing log group itself, unencrypted and kept forever: the instance waits for ours.
    const cfnInstance = this.instance.node.defaultChild as rds.CfnDBInstance;
    for (const logGroup of Object.values(this.logGroups)) cfnInstance.node.addDependency(logGroup);
    this.masterSecret = this.instance.secret!;

    this.rotationSecurityGroup = new ec2.SecurityGroup(this, 'RotationSecurityGroup', {
      vpc: props.vpc,
      description: 'PHI database master password rotation: Secrets Manager endpoint and the database only',
      allowAllOutbound: false,
    });
    for (const endpointGroup of props.secretsManagerEndpoint.connections.securityGroups) {
      this.rotationSecurityGroup.addEgressRule(
        endpointGroup,
        ec2.Port.tcp(443),
        'Secrets Manager through the VPC interface endpoint',
      );
    }
    this.allowConnectionsFrom(this.rotationSecurityGroup, 'Master password rotation');
    this.masterSecret.addRotationSchedule('Rotation', {
      automaticallyAfter: props.rotationInterval ?? Duration.days(30),
      hostedRotation: secretsmanager.HostedRotation.postgreSqlSingleUser({
        functionName: `${props.instanceIdentifier}-rotation`,
        vpc: props.vpc,
        vpcSubnets: props.rotationSubnets ?? props.subnets,
        securityGroups: [this.rotationSecurityGroup],
      }),
    });

    this.acknowledgeFindings(props);
  }

  /**
   * Lets `grantee` connect as `dbUser` with IAM database authentication: `rds-db:connect` for exactly that user of
   * this instance (by its DbiResourceId), and PostgreSQL through the security groups. The user must exist in the
   * database with the `rds_iam` role (docs/data.md). The master user cannot be granted: it is for administration.
   */
  public grantConnect(grantee: iam.IGrantable & ec2.IConnectable, dbUser: string): iam.Grant {
    if (Token.isUnresolved(dbUser) || !DB_USER.test(dbUser)) {
      throw new Error(
        `PhiDatabase.grantConnect: dbUser "${dbUser}" must be a literal lowercase PostgreSQL identifier (letters, digits, underscores).`,
      );
    }
    if (dbUser === this.masterUsername) {
      throw new Error(
        `PhiDatabase.grantConnect: "${dbUser}" is the master user; grant an application user created with the rds_iam role instead.`,
      );
    }
    this.allowConnectionsFrom(grantee, `IAM-authenticated database user ${dbUser}`);
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['rds-db:connect'],
      resourceArns: [this.dbUserArn(dbUser)],
    });
  }

  /** The `rds-db:connect` resource of one database user of this instance. */
  public dbUserArn(dbUser: string): string {
    return `arn:${Aws.PARTITION}:rds-db:${Aws.REGION}:${Aws.ACCOUNT_ID}:dbuser:${this.instance.instanceResourceId}/${dbUser}`;
  }

  /**
   * Opens PostgreSQL to the security groups of `peer` (network only; the peer still needs credentials). The ingress
   * rule and the peer's egress rule are created next to the peer's security group, in the peer's stack.
   */
  public allowConnectionsFrom(peer: ec2.IConnectable, description: string): void {
    const groups = peer.connections.securityGroups;
    if (groups.length === 0) {
      throw new Error(
        `PhiDatabase.allowConnectionsFrom: the peer has no security group; the database admits security groups only, never CIDR ranges.`,
      );
    }
    const port = ec2.Port.tcp(POSTGRES_PORT);
    for (const group of groups) {
      const id = `PostgresTo${Names.uniqueId(this.securityGroup)}`;
      if (group.node.tryFindChild(id)) continue;
      new ec2.CfnSecurityGroupIngress(group as unknown as Construct, id, {
        groupId: this.securityGroup.securityGroupId,
        sourceSecurityGroupId: group.securityGroupId,
        ipProtocol: 'tcp',
        fromPort: POSTGRES_PORT,
        toPort: POSTGRES_PORT,
        description,
      });
      group.addEgressRule(this.securityGroup, port, `PostgreSQL to the PHI database: ${description}`);
    }
  }

  private createLogGroups(
    props: PhiDatabaseProps,
    removalPolicy: RemovalPolicy,
  ): Record<(typeof POSTGRES_LOG_EXPORTS)[number], logs.LogGroup> {
    const prefix = `/aws/rds/instance/${props.instanceIdentifier}/`;
    // The grant also covers instances whose identifier extends this one (`<id>-restore`), so the log groups of a
    // restored copy can be created under the same key before it starts (docs/data.md, restore procedure).
    props.logsKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: `CloudWatchLogsFor${props.instanceIdentifier.replace(/[^A-Za-z0-9]/g, '')}LogGroups`,
        principals: [new iam.ServicePrincipal(`logs.${Aws.REGION}.amazonaws.com`)],
        actions: ['kms:Decrypt*', 'kms:Describe*', 'kms:Encrypt*', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:/aws/rds/instance/${props.instanceIdentifier}*`,
          },
        },
      }),
      true,
    );
    const groups = {} as Record<(typeof POSTGRES_LOG_EXPORTS)[number], logs.LogGroup>;
    for (const type of POSTGRES_LOG_EXPORTS) {
      groups[type] = encryptedLogGroup(this, `${type[0].toUpperCase()}${type.slice(1)}LogGroup`, {
        logGroupName: `${prefix}${type}`,
        encryptionKey: props.logsKey,
        retention: props.logRetention,
        // pgaudit and connection records are audit records: the Blueprint rules hold them to the audit floor.
        auditRecords: type === 'postgresql',
        removalPolicy,
      });
    }
    return groups;
  }

  private acknowledgeFindings(props: PhiDatabaseProps): void {
    const instance = this.instance.node.defaultChild as IConstruct;
    acknowledge(instance, {
      rule: 'AwsSolutions-RDS11',
      reason:
        'The PHI database listens on the PostgreSQL default port 5432: a non-default port hides nothing from a scan inside the VPC and breaks every client default.',
      compensatingControl:
        'isolated subnets without a route out of the VPC, a security group that admits 5432 only from security groups granted in code, TLS 1.3 required by the server, IAM database authentication',
    });
    const monitoringRole = this.instance.node.tryFindChild('MonitoringRole');
    if (monitoringRole) {
      acknowledge(monitoringRole, {
        rule: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]',
        reason:
          'Enhanced monitoring needs the AWS-maintained RDS monitoring policy; AWS updates it when the monitoring agent changes, and it only writes OS metrics to the RDSOSMetrics log group.',
        compensatingControl:
          'the role can be assumed only by monitoring.rds.amazonaws.com and carries no other policy; CloudTrail records every use',
      });
    }
    if (!props.deletionProtection) this.acknowledgeUnprotected(instance);
    if (!props.multiAz) this.acknowledgeSingleAz(instance);
  }

  /** Dev only (the prod profile warns when deletion protection is off): a throw-away database with no PHI. */
  private acknowledgeUnprotected(instance: IConstruct): void {
    const why = {
      reason:
        'Deletion protection is off by configuration (databaseDeletionProtection: false, the dev default) so a throw-away environment without PHI can be torn down.',
      compensatingControl:
        'AWS Backup daily and monthly recovery points in a locked vault, RDS automated backups, and a config warning (BlueprintConfig-ProdDatabaseDeletionUnprotected) if prod ever turns it off',
    };
    for (const rule of [
      'HIPAA.Security-RDSInstanceDeletionProtectionEnabled',
      'NIST.800.53.R5-RDSInstanceDeletionProtectionEnabled',
      'AwsSolutions-RDS10',
    ]) {
      acknowledge(instance, { rule, ...why });
    }
  }

  /** Dev only (the prod profile warns when Multi-AZ is off): availability of a throw-away database. */
  private acknowledgeSingleAz(instance: IConstruct): void {
    const why = {
      reason:
        'Single-AZ by configuration (databaseMultiAz: false, the dev default): a zone outage only interrupts a development environment without PHI.',
      compensatingControl:
        'AWS Backup daily and monthly recovery points with a weekly restore test, RDS automated backups for point-in-time recovery, and a config warning (BlueprintConfig-ProdDatabaseSingleAz) if prod is single-AZ',
    };
    for (const rule of [
      'HIPAA.Security-RDSMultiAZSupport',
      'NIST.800.53.R5-RDSMultiAZSupport',
      'AwsSolutions-RDS3',
    ]) {
      acknowledge(instance, { rule, ...why });
    }
  }
}
