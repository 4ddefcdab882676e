import { Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Tls13Policy } from '../../../lib/config';
import { TlsLoadBalancer } from '../../../lib/constructs/ingress';
import { sharedDeployment, templateOf } from '../../support/app';

function attributes(template: ReturnType<typeof templateOf>): Record<string, string> {
  const [lb] = Object.values(template.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'));
  return Object.fromEntries(
    (lb.Properties.LoadBalancerAttributes as { Key: string; Value: string }[]).map((a) => [a.Key, a.Value]),
  );
}

describe('TlsLoadBalancer in the dev API stack', () => {
  const template = templateOf(sharedDeployment('dev').deployment.api);

  it('pins the TLS 1.3-only post-quantum policy and the configured certificate on 443', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Protocol: 'HTTPS',
      SslPolicy: 'ELBSecurityPolicy-TLS13-1-3-PQ-2025-09',
      Certificates: [
        {
          CertificateArn:
            'arn:aws:acm:us-east-1:111111111111:certificate/00000000-0000-4000-8000-000000000001',
        },
      ],
    });
  });

  it('answers port 80 only with a permanent redirect to 443', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [
        { Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } },
      ],
    });
  });

  it('drops invalid headers, mitigates desync at the strictest level and logs access', () => {
    expect(attributes(template)).toMatchObject({
      'routing.http.drop_invalid_header_fields.enabled': 'true',
      'routing.http.desync_mitigation_mode': 'strictest',
      'access_logs.s3.enabled': 'true',
      'access_logs.s3.prefix': 'alb',
      'deletion_protection.enabled': 'false',
    });
  });

  it('admits 443 and 80 and nothing else', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'ALB: HTTPS, and HTTP only to redirect to HTTPS',
      SecurityGroupIngress: [
        Match.objectLike({ CidrIp: '0.0.0.0/0', FromPort: 443, ToPort: 443 }),
        Match.objectLike({ CidrIp: '0.0.0.0/0', FromPort: 80, ToPort: 80 }),
      ],
    });
  });
});

describe('TlsLoadBalancer in prod', () => {
  it('has deletion protection', () => {
    expect(
      attributes(templateOf(sharedDeployment('prod').deployment.api))['deletion_protection.enabled'],
    ).toBe('true');
  });
});

describe('TlsLoadBalancer validation', () => {
  it('refuses a policy that accepts TLS 1.2, naming the allowed ones', () => {
    const stack = new Stack();
    const vpc = new ec2.Vpc(stack, 'Vpc');
    expect(
      () =>
        new TlsLoadBalancer(stack, 'Lb', {
          vpc,
          certificate: acm.Certificate.fromCertificateArn(
            stack,
            'Cert',
            'arn:aws:acm:us-east-1:1:certificate/x',
          ),
          accessLogBucket: new s3.Bucket(stack, 'Logs'),
          tlsPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' as Tls13Policy,
        }),
    ).toThrow(/not a TLS 1.3-only policy; use one of ELBSecurityPolicy-TLS13-1-3-PQ-2025-09/);
  });
});
