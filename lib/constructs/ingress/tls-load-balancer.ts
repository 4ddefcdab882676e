import { Duration } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge } from '../../compliance/acknowledge';
import { TLS13_ONLY_POLICIES, Tls13Policy } from '../../config';

export interface TlsLoadBalancerProps {
  readonly vpc: ec2.IVpc;
  /** Certificate for the HTTPS listener. */
  readonly certificate: acm.ICertificate;
  /**
   * The TLS policy; only TLS 1.3-only policies are accepted.
   * @default 'ELBSecurityPolicy-TLS13-1-3-PQ-2025-09' (TLS 1.3 only, with post-quantum hybrid key exchange)
   */
  readonly tlsPolicy?: Tls13Policy;
  /** Bucket for the access logs (SSE-S3: ALB log delivery cannot write with SSE-KMS). */
  readonly accessLogBucket: s3.IBucket;
  /**
   * Internal instead of internet-facing.
   * @default false
   */
  readonly internal?: boolean;
  /**
   * Refuse deletion of the load balancer through the API.
   * @default true
   */
  readonly deletionProtection?: boolean;
}

/**
 * An Application Load Balancer that speaks only TLS 1.3. Port 443 uses a pinned policy from an allow-list (CDK and
 * CloudFormation fall back to ELBSecurityPolicy-2016-08, which accepts TLS 1.0, when none is set); port 80 only
 * redirects to 443. Invalid header fields are dropped and HTTP desync mitigation is at its strictest.
 */
export class TlsLoadBalancer extends Construct {
  public readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  public readonly httpsListener: elbv2.ApplicationListener;
  public readonly securityGroup: ec2.ISecurityGroup;
  public readonly tlsPolicy: Tls13Policy;

  constructor(scope: Construct, id: string, props: TlsLoadBalancerProps) {
    super(scope, id);
    const tlsPolicy = props.tlsPolicy ?? TLS13_ONLY_POLICIES[0];
    if (!(TLS13_ONLY_POLICIES as readonly string[]).includes(tlsPolicy)) {
      throw new Error(
        `TlsLoadBalancer: tlsPolicy ${tlsPolicy} is not a TLS 1.3-only policy; use one of ${TLS13_ONLY_POLICIES.join(', ')}.`,
      );
    }
    this.tlsPolicy = tlsPolicy;
    const internal = props.internal ?? false;

    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'ALB: HTTPS, and HTTP only to redirect to HTTPS',
      allowAllOutbound: false,
    });
    const clients = internal ? ec2.Peer.ipv4(props.vpc.vpcCidrBlock) : ec2.Peer.anyIpv4();
    securityGroup.addIngressRule(clients, ec2.Port.tcp(443), 'HTTPS');
    securityGroup.addIngressRule(clients, ec2.Port.tcp(80), 'HTTP, redirected to HTTPS');
    this.securityGroup = securityGroup;

    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc: props.vpc,
      internetFacing: !internal,
      vpcSubnets: { subnetType: internal ? ec2.SubnetType.PRIVATE_WITH_EGRESS : ec2.SubnetType.PUBLIC },
      securityGroup,
      dropInvalidHeaderFields: true,
      desyncMitigationMode: elbv2.DesyncMitigationMode.STRICTEST,
      deletionProtection: props.deletionProtection ?? true,
      http2Enabled: true,
      idleTimeout: Duration.seconds(30),
    });
    this.loadBalancer.logAccessLogs(props.accessLogBucket, 'alb');

    this.httpsListener = this.loadBalancer.addListener('Https', {
      port: 443,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      sslPolicy: tlsPolicy as elbv2.SslPolicy,
      certificates: [props.certificate],
      open: false,
      defaultAction: elbv2.ListenerAction.fixedResponse(404, {
        contentType: 'application/json',
        messageBody: '{"error":{"code":"not_found","message":"Not found"}}',
      }),
    });
    const redirect = this.loadBalancer.addRedirect({
      sourcePort: 80,
      sourceProtocol: elbv2.ApplicationProtocol.HTTP,
      targetPort: 443,
      targetProtocol: elbv2.ApplicationProtocol.HTTPS,
      // The security group rules above already say who may connect; `open` would add 0.0.0.0/0 even when internal.
      open: false,
    });
    const redirectOnly = {
      reason:
        'The port 80 listener never serves content: its only action is a permanent redirect to the HTTPS listener, so it has no certificate to hold.',
      compensatingControl: 'the HTTPS listener with an ACM certificate and a pinned TLS 1.3-only policy',
    };
    for (const rule of [
      'HIPAA.Security-ELBv2ACMCertificateRequired',
      'NIST.800.53.R5-ELBv2ACMCertificateRequired',
    ]) {
      acknowledge(redirect.node.defaultChild!, { rule, ...redirectOnly });
    }
    if (!(props.deletionProtection ?? true)) {
      const teardown = {
        reason:
          'Deletion protection is off by configuration for a non-production deployment that is torn down with its stacks.',
        compensatingControl:
          'prod always enables it; the load balancer holds no data, and its access logs live in the retained access-log bucket',
      };
      for (const rule of [
        'HIPAA.Security-ELBDeletionProtectionEnabled',
        'NIST.800.53.R5-ELBDeletionProtectionEnabled',
      ]) {
        acknowledge(this.loadBalancer.node.defaultChild!, { rule, ...teardown });
      }
    }

    if (!internal) {
      acknowledge(securityGroup.node.defaultChild!, {
        rule: 'AwsSolutions-EC23',
        reason:
          'An internet-facing API load balancer must accept HTTPS from any client address; port 80 only answers with a redirect to 443.',
        compensatingControl:
          'WAF web ACL in block mode (AWS managed rule groups and a per-IP rate limit) in front of the listener, TLS 1.3-only policy, Cognito tokens verified on every request',
      });
    }
  }
}
