import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledge } from '../../compliance/acknowledge';
import { VpcFunction } from './vpc-function';

/** What the API needs of the database: where it is, and a way to let a function connect as one user. */
export interface ApiDatabase {
  readonly endpointHost: string;
  readonly port: number;
  readonly databaseName: string;
  grantConnect(grantee: iam.IGrantable & ec2.IConnectable, dbUser: string): iam.Grant;
}

/** Where a function finds the database: the DB_* variables every database function of lambda/ reads. */
export function databaseEnvironment(
  database: Pick<ApiDatabase, 'endpointHost' | 'port' | 'databaseName'>,
  dbUser?: string,
): Record<string, string> {
  return {
    DB_HOST: database.endpointHost,
    DB_PORT: String(database.port),
    DB_NAME: database.databaseName,
    ...(dbUser === undefined ? {} : { DB_USER: dbUser }),
  };
}

/** What the API needs of the keys. */
export interface ApiKeys {
  readonly environment: kms.IKey;
  readonly logs: kms.IKey;
  readonly fieldLevel: kms.IKey;
  readonly blindIndex: kms.IKey;
  grantFieldEncryption(grantee: iam.IGrantable): iam.Grant;
  grantBlindIndex(grantee: iam.IGrantable): iam.Grant;
}

export interface PhiApiProps {
  readonly appName: string;
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.SubnetSelection;
  /** Security group of the VPC interface endpoints (KMS, SSM, STS, Logs, Secrets Manager). */
  readonly endpointSecurityGroup: ec2.ISecurityGroup;
  readonly database: ApiDatabase;
  readonly keys: ApiKeys;
  readonly userPool: cognito.IUserPool;
  readonly userPoolClient: cognito.IUserPoolClient;
  /** SSM parameter holding the Cognito JWKS (see JwksRefresher). */
  readonly jwksParameterName: string;
  /** HTTPS listener the API is served from. */
  readonly listener: elbv2.ApplicationListener;
  readonly logGroupName: string;
  /** Audit-relevant: the API logs break-glass use and other security events here. */
  readonly logRetention: logs.RetentionDays;
  readonly reservedConcurrency: number;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/** The database role the API connects as (created by lambda/api/migrations with the rds_iam role). */
export const API_DB_USER = 'phi_api';

/** Paths the listener forwards to the API; anything else gets the listener's 404. */
export const API_PATH_PATTERNS = ['/health', '/patients', '/patients/*', '/audit/*'];

/**
 * The reference PHI API behind the load balancer: one function in the application tier that reaches only the
 * database and the VPC endpoints, connects as one IAM-authenticated database user, and may create and open
 * field-level data keys only for requests whose encryption context names this application.
 */
export class PhiApi extends Construct {
  public readonly handler: VpcFunction;
  public readonly targetGroup: elbv2.ApplicationTargetGroup;

  constructor(scope: Construct, id: string, props: PhiApiProps) {
    super(scope, id);
    this.handler = new VpcFunction(this, 'Handler', {
      entry: 'lambda/api/handler.ts',
      description: `${props.appName} PHI API`,
      vpc: props.vpc,
      subnets: props.subnets,
      environmentKey: props.keys.environment,
      logGroupName: props.logGroupName,
      logsKey: props.keys.logs,
      logRetention: props.logRetention,
      // Break-glass grants and other security events of the API land here.
      auditLog: true,
      reservedConcurrency: props.reservedConcurrency,
      removalPolicy: props.removalPolicy,
      environment: {
        APP_NAME: props.appName,
        ...databaseEnvironment(props.database, API_DB_USER),
        FIELD_KEY_ARN: props.keys.fieldLevel.keyArn,
        BLIND_INDEX_KEY_ARN: props.keys.blindIndex.keyArn,
        COGNITO_USER_POOL_ID: props.userPool.userPoolId,
        COGNITO_CLIENT_ID: props.userPoolClient.userPoolClientId,
        JWKS_SOURCE: `ssm:${props.jwksParameterName}`,
      },
    });
    const fn = this.handler.function;

    props.database.grantConnect(fn, API_DB_USER);
    this.handler.allowHttpsTo(
      props.endpointSecurityGroup,
      'KMS, SSM and other AWS APIs through the VPC endpoints',
    );
    props.keys.grantFieldEncryption(fn);
    props.keys.grantBlindIndex(fn);
    this.handler.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ReadJwksParameter',
        actions: ['ssm:GetParameter'],
        resources: [
          `arn:${Aws.PARTITION}:ssm:${Aws.REGION}:${Aws.ACCOUNT_ID}:parameter${props.jwksParameterName}`,
        ],
      }),
    );

    this.targetGroup = props.listener.addTargets('Api', {
      priority: 10,
      conditions: [elbv2.ListenerCondition.pathPatterns(API_PATH_PATTERNS)],
      targets: [new targets.LambdaTarget(fn)],
      healthCheck: {
        enabled: true,
        path: '/health',
        interval: Duration.minutes(1),
        timeout: Duration.seconds(10),
      },
    });

    const noDlq = {
      reason:
        'The load balancer invokes the API synchronously and returns its answer to the caller; Lambda dead-letter queues apply only to asynchronous invocations.',
      compensatingControl:
        'the client receives every error response, and every request that touches PHI writes an audit record in the same transaction',
    };
    for (const rule of ['HIPAA.Security-LambdaDLQ', 'NIST.800.53.R5-LambdaDLQ']) {
      acknowledge(fn.node.defaultChild!, { rule, ...noDlq });
    }
  }
}
