import { Aws, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { encryptedLogGroup } from '../logging/encrypted-log-group';
import { acknowledge } from '../../compliance/acknowledge';

export interface BlueprintNetworkProps {
  /** How many of the stack's availability zones to lay the subnets over. */
  readonly azCount: number;
  /** IPv4 CIDR of the VPC. */
  readonly cidr: string;
  /** NAT gateways, 0 up to one per zone. */
  readonly natGateways: number;
  /** Key that encrypts the flow log group (the audit and logs key). */
  readonly logsKey: kms.IKey;
  /** Name of the flow log group. */
  readonly flowLogGroupName: string;
  /** Retention of the flow logs: the audit retention. */
  readonly flowLogRetention: logs.RetentionDays;
  /**
   * What happens to the flow log group when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** Subnet group names; the constructs of later tiers select subnets by these. */
export const SubnetTier = {
  /** Load balancer and NAT gateways. */
  PUBLIC: 'Public',
  /** Lambda functions: egress only through NAT (if any) and the VPC endpoints. */
  APPLICATION: 'Application',
  /** Databases: no route out of the VPC at all. */
  DATA: 'Data',
} as const;

/** Interface endpoints that keep calls to these services inside the VPC (and possible with zero NAT). */
export const INTERFACE_ENDPOINTS = {
  Kms: ec2.InterfaceVpcEndpointAwsService.KMS,
  SecretsManager: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
  Sts: ec2.InterfaceVpcEndpointAwsService.STS,
  Logs: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
  // The API reads Cognito's signing keys (JWKS) from Parameter Store: Cognito publishes them only at a public URL.
  Ssm: ec2.InterfaceVpcEndpointAwsService.SSM,
} as const;

/**
 * A three-tier VPC (public, application, data) with flow logs of all traffic, a closed default security group,
 * no automatic public IPs anywhere, an S3 gateway endpoint and interface endpoints for the AWS services the
 * application calls. The ALB assigns its own addresses and NAT gateways use Elastic IPs, so even the public tier
 * needs no auto-assigned public IPs.
 */
export class BlueprintNetwork extends Construct {
  public readonly vpc: ec2.IVpc;
  /** Security group of the interface endpoints: HTTPS from inside the VPC only. */
  public readonly endpointSecurityGroup: ec2.ISecurityGroup;
  public readonly flowLogGroup: logs.ILogGroup;
  public readonly interfaceEndpoints: Readonly<
    Record<keyof typeof INTERFACE_ENDPOINTS, ec2.InterfaceVpcEndpoint>
  >;

  constructor(scope: Construct, id: string, props: BlueprintNetworkProps) {
    super(scope, id);
    const vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(props.cidr),
      maxAzs: props.azCount,
      natGateways: props.natGateways,
      restrictDefaultSecurityGroup: true,
      subnetConfiguration: [
        {
          name: SubnetTier.PUBLIC,
          subnetType: ec2.SubnetType.PUBLIC,
          cidrMask: 24,
          mapPublicIpOnLaunch: false,
        },
        { name: SubnetTier.APPLICATION, subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
        { name: SubnetTier.DATA, subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
      gatewayEndpoints: {
        S3: {
          service: ec2.GatewayVpcEndpointAwsService.S3,
          subnets: [{ subnetGroupName: SubnetTier.APPLICATION }, { subnetGroupName: SubnetTier.DATA }],
        },
      },
    });
    this.vpc = vpc;
    this.acknowledgePublicRoutes(vpc);

    const flowLogGroup = encryptedLogGroup(this, 'FlowLogGroup', {
      logGroupName: props.flowLogGroupName,
      encryptionKey: props.logsKey,
      retention: props.flowLogRetention,
      auditRecords: true,
      removalPolicy: props.removalPolicy,
    });
    this.flowLogGroup = flowLogGroup;
    this.addFlowLog(vpc, flowLogGroup);

    const endpointSecurityGroup = new ec2.SecurityGroup(this, 'EndpointSecurityGroup', {
      vpc,
      description: 'VPC interface endpoints: HTTPS from inside the VPC only',
      allowAllOutbound: false,
    });
    endpointSecurityGroup.addIngressRule(
      // The configured CIDR, not the VPC's token: the check packs can only judge a literal.
      ec2.Peer.ipv4(props.cidr),
      ec2.Port.tcp(443),
      'HTTPS from inside the VPC',
    );
    this.endpointSecurityGroup = endpointSecurityGroup;

    const endpoints: Partial<Record<keyof typeof INTERFACE_ENDPOINTS, ec2.InterfaceVpcEndpoint>> = {};
    for (const [name, service] of Object.entries(INTERFACE_ENDPOINTS) as [
      keyof typeof INTERFACE_ENDPOINTS,
      ec2.InterfaceVpcEndpointAwsService,
    ][]) {
      endpoints[name] = vpc.addInterfaceEndpoint(`${name}Endpoint`, {
        service,
        privateDnsEnabled: true,
        securityGroups: [endpointSecurityGroup],
        subnets: { subnetGroupName: SubnetTier.APPLICATION },
        open: false,
      });
    }
    this.interfaceEndpoints = endpoints as Record<keyof typeof INTERFACE_ENDPOINTS, ec2.InterfaceVpcEndpoint>;
  }

  /**
   * Flow logs of ALL traffic. Written with the L1 resource because the L2 puts the delivery permissions in an
   * inline policy; a managed policy is reviewable on its own and keeps the role free of inline grants.
   */
  private addFlowLog(vpc: ec2.Vpc, logGroup: logs.LogGroup): void {
    const role = new iam.Role(this, 'FlowLogRole', {
      description: 'VPC Flow Logs delivery to the encrypted flow log group',
      assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com', {
        // Confused-deputy guard: only flow logs of this account may assume the role.
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: {
            'aws:SourceArn': `arn:${Aws.PARTITION}:ec2:${Aws.REGION}:${Aws.ACCOUNT_ID}:vpc-flow-log/*`,
          },
        },
      }),
    });
    const delivery = new iam.ManagedPolicy(this, 'FlowLogDeliveryPolicy', {
      description: 'Write VPC flow log records to the flow log group only',
      statements: [
        new iam.PolicyStatement({
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          resources: [logGroup.logGroupArn],
        }),
      ],
    });
    role.addManagedPolicy(delivery);
    const flowLog = new ec2.CfnFlowLog(this, 'FlowLog', {
      resourceId: vpc.vpcId,
      resourceType: 'VPC',
      trafficType: ec2.FlowLogTrafficType.ALL,
      logDestinationType: 'cloud-watch-logs',
      logGroupName: logGroup.logGroupName,
      deliverLogsPermissionArn: role.roleArn,
      maxAggregationInterval: 60,
    });
    flowLog.node.addDependency(delivery);
  }

  /** The public tier exists to be reachable from the internet; its default route to the IGW is its purpose. */
  private acknowledgePublicRoutes(vpc: ec2.Vpc): void {
    for (const subnet of vpc.publicSubnets) {
      const route = subnet.node.findChild('DefaultRoute');
      for (const rule of [
        'HIPAA.Security-VPCNoUnrestrictedRouteToIGW',
        'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW',
      ]) {
        acknowledge(route, {
          rule,
          reason:
            'Public-tier route table: only the internet-facing ALB and the NAT gateways live here, and they need the internet gateway route.',
          compensatingControl:
            'no automatic public IPs in any subnet, the ALB security group admits only 443 and 80 (redirect), WAF in block mode, flow logs of ALL traffic',
        });
      }
    }
  }

  /** Subnets for Lambda functions. */
  public get applicationSubnets(): ec2.SubnetSelection {
    return { subnetGroupName: SubnetTier.APPLICATION };
  }

  /** Subnets for databases. */
  public get dataSubnets(): ec2.SubnetSelection {
    return { subnetGroupName: SubnetTier.DATA };
  }
}
