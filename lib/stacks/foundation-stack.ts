import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { logGroupPrefix, resourcePrefix, trailName, wafLogGroupPrefix } from '../config';
import { AccessLogBucket } from '../constructs/audit';
import { BlueprintKeys } from '../constructs/keys';
import { BlueprintNetwork } from '../constructs/network';
import { BlueprintStack, BlueprintStackProps } from './blueprint-stack';
import { removalPolicyOf } from './removal-policy';

export type FoundationStackProps = BlueprintStackProps;

/** Keys, network and the access-log bucket: what every other stack stands on. */
export class FoundationStack extends BlueprintStack {
  public readonly keys: BlueprintKeys;
  public readonly network: BlueprintNetwork;
  public readonly accessLogs: AccessLogBucket;

  constructor(scope: Construct, id: string, props: FoundationStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.keys = new BlueprintKeys(this, 'Keys', {
      resourcePrefix: resourcePrefix(config),
      appName: config.appName,
      logGroupNamePrefix: logGroupPrefix(config),
      wafLogGroupNamePrefix: wafLogGroupPrefix(config),
      trailName: trailName(config),
      keyAdminPrincipals: config.keyAdminPrincipals,
    });

    this.network = new BlueprintNetwork(this, 'Network', {
      azCount: config.azCount,
      cidr: config.vpcCidr,
      natGateways: config.natGateways,
      logsKey: this.keys.auditLogs,
      flowLogGroupName: `${logGroupPrefix(config)}vpc-flow-logs`,
      flowLogRetention: config.auditRetentionDays as logs.RetentionDays,
      removalPolicy: removalPolicyOf(config),
    });

    this.accessLogs = new AccessLogBucket(this, 'AccessLogs', {
      retentionDays: config.auditRetentionDays,
      removalPolicy: removalPolicyOf(config),
    });
  }
}
