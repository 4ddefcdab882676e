import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as triggers from 'aws-cdk-lib/triggers';
import { Construct } from 'constructs';
import { acknowledge } from '../../compliance/acknowledge';
import { databaseEnvironment } from './phi-api';
import { VpcFunction } from './vpc-function';

/** What the migrations need of the database: where it is, its owner's secret and a way in through the network. */
export interface MigrationDatabase {
  readonly endpointHost: string;
  readonly port: number;
  readonly databaseName: string;
  readonly masterSecret: secretsmanager.ISecret;
  /** The key the master secret is encrypted with (the PHI key). */
  readonly masterSecretKey: kms.IKey;
  /** The database resource the run must wait for. */
  readonly instance: Construct;
  allowConnectionsFrom(peer: ec2.IConnectable, description: string): void;
}

export interface SchemaMigrationsProps {
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.SubnetSelection;
  readonly endpointSecurityGroup: ec2.ISecurityGroup;
  readonly database: MigrationDatabase;
  readonly environmentKey: kms.IKey;
  readonly logsKey: kms.IKey;
  readonly logGroupName: string;
  readonly logRetention: logs.RetentionDays;
  /** Resources that must not be created or updated before the schema is current (the API function). */
  readonly runBefore: Construct[];
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Applies lambda/api/migrations during the deployment, before the API's new version exists: DDL needs the owner
 * role, which the API must never hold, and a failing migration fails the deployment instead of the first patient
 * request. The function reads the master secret and reaches only the database and the VPC endpoints; it runs
 * again whenever its bundle, and so the migration files, change.
 */
export class SchemaMigrations extends Construct {
  public readonly handler: VpcFunction;

  constructor(scope: Construct, id: string, props: SchemaMigrationsProps) {
    super(scope, id);
    this.handler = new VpcFunction(this, 'Handler', {
      entry: 'lambda/api/migrate-handler.ts',
      description: 'PHI API schema migrations (deploy time, as the database owner)',
      vpc: props.vpc,
      subnets: props.subnets,
      environmentKey: props.environmentKey,
      logsKey: props.logsKey,
      logGroupName: props.logGroupName,
      logRetention: props.logRetention,
      reservedConcurrency: 1,
      timeout: Duration.minutes(5),
      removalPolicy: props.removalPolicy,
      copyIntoBundle: { from: 'lambda/api/migrations', to: 'migrations' },
      environment: {
        ...databaseEnvironment(props.database),
        DB_MASTER_SECRET_ARN: props.database.masterSecret.secretArn,
      },
    });
    const fn = this.handler.function;
    // Not `masterSecret.grantRead`: it names this role in the key policy (the key lives in the foundation stack),
    // which would make the foundation depend on this stack. The key policy already lets principals of the account
    // decrypt through Secrets Manager; this role gets the IAM half.
    this.handler.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ReadMasterSecret',
        actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        resources: [props.database.masterSecret.secretArn],
      }),
    );
    this.handler.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'DecryptMasterSecretThroughSecretsManager',
        actions: ['kms:Decrypt'],
        resources: [props.database.masterSecretKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Aws.REGION}.amazonaws.com` } },
      }),
    );
    props.database.allowConnectionsFrom(fn, 'schema migrations as the database owner');
    this.handler.allowHttpsTo(
      props.endpointSecurityGroup,
      'Secrets Manager and Logs through the VPC endpoints',
    );

    new triggers.Trigger(this, 'Run', {
      handler: fn,
      timeout: Duration.minutes(5),
      executeAfter: [props.database.instance],
      executeBefore: props.runBefore,
    });

    const synchronous = {
      reason:
        'The deployment invokes the function synchronously through a CDK trigger and fails when it fails; there is no asynchronous event to keep.',
      compensatingControl:
        'a failed migration rolls the deployment back before the API version that needs it exists',
    };
    for (const rule of ['HIPAA.Security-LambdaDLQ', 'NIST.800.53.R5-LambdaDLQ']) {
      acknowledge(fn.node.defaultChild!, { rule, ...synchronous });
    }
  }
}
