import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { encryptedLogGroup } from '../logging/encrypted-log-group';

export interface WebAclProps {
  /** Load balancer the web ACL protects. */
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;
  /** Requests one client IP may make in five minutes before it is blocked. */
  readonly rateLimitPer5Minutes: number;
  /** Log group name; WAF requires the `aws-waf-logs-` prefix. */
  readonly logGroupName: string;
  /** Key for the log group (the audit and logs key). */
  readonly logsKey: kms.IKey;
  /** Retention of the WAF logs: the audit retention. */
  readonly logRetention: logs.RetentionDays;
  /**
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** AWS managed rule groups, all in block mode (no `count` override), in evaluation order. */
export const MANAGED_RULE_GROUPS = [
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesSQLiRuleSet',
] as const;

/** Header redacted from WAF logs: it carries bearer tokens. */
export const REDACTED_HEADER = 'authorization';

/**
 * WAFv2 web ACL in front of the load balancer: AWS managed rule groups in block mode and a rate limit per client
 * IP, logging every request to a KMS-encrypted log group with the Authorization header redacted.
 */
export class WebAcl extends Construct {
  public readonly webAcl: wafv2.CfnWebACL;
  public readonly logGroup: logs.ILogGroup;

  constructor(scope: Construct, id: string, props: WebAclProps) {
    super(scope, id);
    if (!props.logGroupName.startsWith('aws-waf-logs-')) {
      throw new Error(
        `WebAcl: logGroupName must start with aws-waf-logs- (WAF refuses others); got ${props.logGroupName}.`,
      );
    }
    const metricPrefix = Stack.of(this).stackName.replace(/[^A-Za-z0-9]/g, '');
    const visibility = (name: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName: `${metricPrefix}${name}`,
    });

    const rules: wafv2.CfnWebACL.RuleProperty[] = [
      {
        name: 'RateLimitPerClientIp',
        priority: 0,
        action: { block: {} },
        statement: { rateBasedStatement: { limit: props.rateLimitPer5Minutes, aggregateKeyType: 'IP' } },
        visibilityConfig: visibility('RateLimit'),
      },
      ...MANAGED_RULE_GROUPS.map((name, index) => ({
        name,
        priority: index + 1,
        overrideAction: { none: {} },
        statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
        visibilityConfig: visibility(name),
      })),
    ];

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      rules,
      visibilityConfig: visibility('WebAcl'),
    });
    new wafv2.CfnWebACLAssociation(this, 'Association', {
      resourceArn: props.loadBalancer.loadBalancerArn,
      webAclArn: this.webAcl.attrArn,
    });

    const logGroup = encryptedLogGroup(this, 'LogGroup', {
      logGroupName: props.logGroupName,
      encryptionKey: props.logsKey,
      retention: props.logRetention,
      auditRecords: true,
      removalPolicy: props.removalPolicy,
    });
    this.logGroup = logGroup;
    // WAF wants the log group ARN without the trailing `:*` that the LogGroup's Arn attribute carries.
    const logGroupArn = Stack.of(this).formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: props.logGroupName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const logging = new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      logDestinationConfigs: [logGroupArn],
      // Bearer tokens, and query strings in case a client puts PHI there (the API takes none: search is POST).
      redactedFields: [{ singleHeader: { Name: REDACTED_HEADER } }, { queryString: {} }],
    });
    logging.node.addDependency(logGroup);
  }
}
