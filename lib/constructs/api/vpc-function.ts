import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { encryptedLogGroup } from '../logging/encrypted-log-group';
import { acknowledge } from '../../compliance/acknowledge';
import { ManagedPolicyRole } from './managed-policy-role';

/** The newest Node.js runtime aws-cdk-lib offers; pinned, not NODEJS_LATEST, so an upgrade is a reviewed diff. */
export const FUNCTION_RUNTIME = lambda.Runtime.NODEJS_26_X;

/** The Lambda Node.js runtime ships the RDS CA bundle here; TLS verify-full against RDS needs it. */
export const RDS_CA_BUNDLE = '/var/runtime/ca-cert.pem';

export interface VpcFunctionProps {
  /** Entry file of the handler (exports `handler`). */
  readonly entry: string;
  readonly description: string;
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.SubnetSelection;
  readonly environment: Record<string, string>;
  /** Key that encrypts the environment variables at rest. */
  readonly environmentKey: kms.IKey;
  /** Name of the function's log group (under the blueprint prefix, so the logs key admits it). */
  readonly logGroupName: string;
  readonly logsKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  /**
   * The function logs audit-relevant security events (break-glass use): its log group is an audit record store.
   * @default false
   */
  readonly auditLog?: boolean;
  readonly reservedConcurrency: number;
  /**
   * Where failed asynchronous invocations go.
   * @default - none (right for synchronous callers such as the load balancer)
   */
  readonly deadLetterQueue?: sqs.IQueue;
  /**
   * Files to copy next to the bundle, relative to the project root (for example SQL migrations).
   * @default - none
   */
  readonly copyIntoBundle?: { readonly from: string; readonly to: string };
  /** @default Duration.seconds(10) */
  readonly timeout?: Duration;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * A Node.js function inside the VPC with the blueprint's defaults in one place: arm64, minified esbuild bundle
 * with source maps, X-Ray active tracing, environment encrypted with a customer key, its own encrypted log group,
 * reserved concurrency, a security group with no egress until a rule says where, and a role whose permissions
 * live in one customer-managed policy.
 */
export class VpcFunction extends Construct {
  public readonly function: nodejs.NodejsFunction;
  public readonly role: ManagedPolicyRole;
  public readonly securityGroup: ec2.SecurityGroup;
  public readonly logGroup: logs.ILogGroup;

  constructor(scope: Construct, id: string, props: VpcFunctionProps) {
    super(scope, id);
    this.role = new ManagedPolicyRole(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: props.description,
    });
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `${props.description}: egress only where a rule names it`,
      allowAllOutbound: false,
    });
    const logGroup = encryptedLogGroup(this, 'LogGroup', {
      logGroupName: props.logGroupName,
      encryptionKey: props.logsKey,
      retention: props.logRetention,
      auditRecords: props.auditLog,
      removalPolicy: props.removalPolicy,
    });
    this.logGroup = logGroup;

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      runtime: FUNCTION_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 1024,
      timeout: props.timeout ?? Duration.seconds(10),
      role: this.role,
      vpc: props.vpc,
      vpcSubnets: props.subnets,
      securityGroups: [this.securityGroup],
      environment: {
        NODE_EXTRA_CA_CERTS: RDS_CA_BUNDLE,
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      environmentEncryption: props.environmentKey,
      logGroup,
      tracing: lambda.Tracing.ACTIVE,
      reservedConcurrentExecutions: props.reservedConcurrency,
      deadLetterQueue: props.deadLetterQueue,
      bundling: {
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        // The Lambda Node.js runtime provides the AWS SDK v3 service clients; bundling them would triple the bundle
        // and the cold start. Utility packages such as @aws-sdk/rds-signer are not a documented part of the
        // runtime's copy, so they are bundled.
        externalModules: ['@aws-sdk/client-*'],
        commandHooks: props.copyIntoBundle && copyHooks(props.copyIntoBundle.from, props.copyIntoBundle.to),
      },
    });

    // Lambda's own ENI management: these EC2 APIs have no resource-level permissions. (Active tracing adds the X-Ray
    // write actions on "*" in a statement of its own; the acknowledgement below covers both.)
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'VpcNetworkInterfaces',
        actions: [
          'ec2:AssignPrivateIpAddresses',
          'ec2:CreateNetworkInterface',
          'ec2:DeleteNetworkInterface',
          'ec2:DescribeNetworkInterfaces',
          'ec2:DescribeSubnets',
          'ec2:UnassignPrivateIpAddresses',
        ],
        resources: ['*'],
      }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'WriteOwnLogGroup',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    acknowledge(this.role.permissions.node.defaultChild!, {
      rule: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Creating and deleting the function ENIs and writing X-Ray segments are APIs without resource-level permissions, so IAM accepts only "*" for them.',
      compensatingControl:
        'the statements list only those EC2 network-interface and X-Ray write actions; every data permission in the same policy names its resource ARN',
    });
  }

  /** Lets the function open HTTPS connections to a peer (a VPC endpoint's security group). */
  public allowHttpsTo(peer: ec2.IPeer, description: string): void {
    this.securityGroup.addEgressRule(peer, ec2.Port.tcp(443), description);
  }
}

function copyHooks(from: string, to: string): nodejs.ICommandHooks {
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir: string, outputDir: string) => [
      `cp -R "${inputDir}/${from}" "${outputDir}/${to}"`,
    ],
  };
}
