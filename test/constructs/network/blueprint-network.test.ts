import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildDeployment, sharedDeployment, templateOf } from '../../support/app';

describe('BlueprintNetwork in the dev foundation', () => {
  const template = templateOf(sharedDeployment('dev').deployment.foundation);

  it('lays three tiers over the configured number of zones, picked at deploy time', () => {
    const subnets = Object.values(template.findResources('AWS::EC2::Subnet'));
    expect(subnets).toHaveLength(3 * 2);
    for (const subnet of subnets) {
      expect(JSON.stringify(subnet.Properties.AvailabilityZone)).toContain('Fn::GetAZs');
    }
  });

  it('assigns no public IPs automatically in any subnet', () => {
    for (const subnet of Object.values(template.findResources('AWS::EC2::Subnet'))) {
      expect(subnet.Properties.MapPublicIpOnLaunch).toBe(false);
    }
  });

  it('captures ALL traffic in flow logs to a KMS-encrypted log group kept for the audit retention', () => {
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      ResourceType: 'VPC',
      TrafficType: 'ALL',
      LogDestinationType: 'cloud-watch-logs',
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/hipaa/dev/vpc-flow-logs',
      RetentionInDays: 2192,
      KmsKeyId: Match.anyValue(),
    });
  });

  it('the flow log role has no inline policy and a confused-deputy guard', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
            Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': Match.anyValue() } }),
          }),
        ],
      },
      Policies: Match.absent(),
    });
  });

  it('closes the default security group', () => {
    template.resourceCountIs('Custom::VpcRestrictDefaultSG', 1);
  });

  it('has an S3 gateway endpoint and interface endpoints for KMS, Secrets Manager, STS, Logs and SSM', () => {
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Gateway',
      ServiceName: Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith(['.s3'])]) }),
    });
    const interfaces = Object.values(template.findResources('AWS::EC2::VPCEndpoint')).filter(
      (e) => e.Properties.VpcEndpointType === 'Interface',
    );
    const services = interfaces.map((e) => JSON.stringify(e.Properties.ServiceName));
    for (const name of ['.kms', '.secretsmanager', '.sts', '.logs', '.ssm']) {
      expect(services.some((s) => s.includes(`${name}"`))).toBe(true);
    }
    for (const endpoint of interfaces) expect(endpoint.Properties.PrivateDnsEnabled).toBe(true);
  });

  it('the endpoint security group admits only HTTPS from inside the VPC and sends nothing out', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'VPC interface endpoints: HTTPS from inside the VPC only',
      SecurityGroupIngress: [{ CidrIp: '10.40.0.0/16', FromPort: 443, ToPort: 443, IpProtocol: 'tcp' }],
      SecurityGroupEgress: [Match.objectLike({ CidrIp: '255.255.255.255/32' })],
    });
  });

  it('has the configured number of NAT gateways', () => {
    template.resourceCountIs('AWS::EC2::NatGateway', 1);
  });
});

describe('BlueprintNetwork options', () => {
  it('zero NAT gateways is allowed: the application tier then has no route out', () => {
    const template = templateOf(buildDeployment('dev', { natGateways: 0 }).deployment.foundation);
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    const routes = Object.values(template.findResources('AWS::EC2::Route'));
    expect(routes.every((r) => r.Properties.GatewayId !== undefined)).toBe(true);
  });

  it('prod spreads over three zones with a NAT gateway in each', () => {
    const template: Template = templateOf(sharedDeployment('prod').deployment.foundation);
    template.resourceCountIs('AWS::EC2::Subnet', 9);
    template.resourceCountIs('AWS::EC2::NatGateway', 3);
  });
});
