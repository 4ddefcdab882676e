import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { logGroupPrefix, resourcePrefix, trailName, wafLogGroupPrefix } from '../config';
import { BlueprintKeys } from '../constructs/keys';
import { BlueprintNetwork } from '../constructs/network';
import { BlueprintStack, BlueprintStackProps } from './blueprint-stack';
import { removalPolicyOf } from './removal-policy';

export type FoundationStackProps = BlueprintStackProps;

/** Keys and network: what every other stack stands on. */
export class FoundationStack extends BlueprintStack {
  public readonly keys: BlueprintKeys;
  public readonly network: BlueprintNetwork;

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
  }
}
