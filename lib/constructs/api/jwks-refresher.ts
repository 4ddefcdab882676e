import { Annotations, Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as triggers from 'aws-cdk-lib/triggers';
import { Construct } from 'constructs';
import { encryptedLogGroup } from '../logging/encrypted-log-group';
import { acknowledge } from '../../compliance/acknowledge';
import { ManagedPolicyRole } from './managed-policy-role';
import { FUNCTION_RUNTIME } from './vpc-function';

export interface JwksRefresherProps {
  readonly userPool: cognito.IUserPool;
  /** SSM parameter (a name starting with `/`) the API reads the JWKS from. */
  readonly parameterName: string;
  readonly logGroupName: string;
  readonly logsKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  readonly environmentKey: kms.IKey;
  /** @default Duration.hours(6) */
  readonly interval?: Duration;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Keeps Cognito's signing keys in Parameter Store for the API, which has no internet route. The function runs
 * once during every deployment that changes it (a CDK trigger) and then on a schedule, so a key rotation in
 * Cognito reaches the API within `interval`. The function owns the parameter (created on first run), so a stack
 * update never resets it to a placeholder.
 */
export class JwksRefresher extends Construct {
  public readonly function: lambda.IFunction;

  constructor(scope: Construct, id: string, props: JwksRefresherProps) {
    super(scope, id);
    const role = new ManagedPolicyRole(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'JWKS refresher (copies public Cognito signing keys to SSM)',
    });
    const logGroup = encryptedLogGroup(this, 'LogGroup', {
      logGroupName: props.logGroupName,
      encryptionKey: props.logsKey,
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    const fn = new nodejs.NodejsFunction(this, 'Function', {
      entry: 'lambda/jwks-refresh/handler.ts',
      handler: 'handler',
      description: 'Copies the Cognito JWKS into SSM for the API in private subnets',
      runtime: FUNCTION_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.seconds(30),
      role,
      logGroup,
      reservedConcurrentExecutions: 1,
      environment: { USER_POOL_ID: props.userPool.userPoolId, JWKS_PARAMETER_NAME: props.parameterName },
      environmentEncryption: props.environmentKey,
      bundling: {
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        externalModules: ['@aws-sdk/client-*'],
      },
    });
    this.function = fn;
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'WriteJwksParameter',
        actions: ['ssm:PutParameter'],
        resources: [
          `arn:${Aws.PARTITION}:ssm:${Aws.REGION}:${Aws.ACCOUNT_ID}:parameter${props.parameterName}`,
        ],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'WriteOwnLogGroup',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );

    new events.Rule(this, 'Schedule', {
      description: 'Refresh the Cognito JWKS copy in SSM',
      schedule: events.Schedule.rate(props.interval ?? Duration.hours(6)),
      targets: [new targets.LambdaFunction(fn, { retryAttempts: 2 })],
    });
    new triggers.Trigger(this, 'OnDeploy', { handler: fn, executeAfter: [props.userPool] });
    // CDK warns that invoke permissions granted on a function do not cover its versions or aliases; this function
    // has neither, and EventBridge and the trigger invoke the function itself.
    Annotations.of(fn).acknowledgeWarning(
      '@aws-cdk/aws-lambda:addPermissionsToVersionOrAlias',
      'No versions or aliases: the schedule and the deploy-time trigger invoke the unqualified function.',
    );

    const notInVpc = {
      reason:
        'The function must reach the public Cognito JWKS URL, which the blueprint VPC cannot do without NAT; it handles only public signing keys, never PHI.',
      compensatingControl:
        'its role may only write one SSM parameter and its own log group; the JWKS is validated as RSA public keys before it is stored',
    };
    const noDlq = {
      reason:
        'A failed refresh needs no replay: the next scheduled run copies the current keys again, and the deploy-time run fails the deployment.',
      compensatingControl: 'EventBridge retries twice, and the scheduled rerun every few hours',
    };
    const resource = fn.node.defaultChild!;
    for (const [rule, why] of [
      ['HIPAA.Security-LambdaInsideVPC', notInVpc],
      ['NIST.800.53.R5-LambdaInsideVPC', notInVpc],
      ['HIPAA.Security-LambdaDLQ', noDlq],
      ['NIST.800.53.R5-LambdaDLQ', noDlq],
    ] as const) {
      acknowledge(resource, { rule, ...why });
    }
  }
}
