import * as config from 'aws-cdk-lib/aws-config';
import { Construct } from 'constructs';
import { HIPAA_CONFIG_RULE_IDS, HipaaConfigRuleId } from './hipaa-config-rules';

/** AWS Config refuses an inline conformance pack template (TemplateBody) longer than this many bytes. */
export const INLINE_TEMPLATE_BODY_LIMIT = 51_200;

/** Input parameters of the managed rules whose defaults do not fit, or that have no default. */
export const HIPAA_RULE_PARAMETERS: Readonly<Partial<Record<HipaaConfigRuleId, Record<string, string>>>> = {
  ACCESS_KEYS_ROTATED: { maxAccessKeyAge: '90' },
  ACM_CERTIFICATE_EXPIRATION_CHECK: { daysToExpiration: '90' },
  BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK: {
    requiredFrequencyUnit: 'days',
    requiredFrequencyValue: '1',
    requiredRetentionDays: '35',
  },
  // The blueprint's alarms notify on ALARM only; metric-filter alarms treat missing data as not breaching.
  CLOUDWATCH_ALARM_ACTION_CHECK: {
    alarmActionRequired: 'TRUE',
    insufficientDataActionRequired: 'FALSE',
    okActionRequired: 'FALSE',
  },
  EC2_STOPPED_INSTANCE: { AllowedDays: '30' },
  ELASTICACHE_REDIS_CLUSTER_AUTOMATIC_BACKUP_CHECK: { snapshotRetentionPeriod: '15' },
  // Classic load balancers cannot negotiate TLS 1.3; this is the strongest predefined classic policy.
  ELB_PREDEFINED_SECURITY_POLICY_SSL_CHECK: { predefinedPolicyName: 'ELBSecurityPolicy-TLS-1-2-2017-01' },
  IAM_CUSTOMER_POLICY_BLOCKED_KMS_ACTIONS: { blockedActionsPatterns: 'kms:Decrypt,kms:ReEncryptFrom' },
  IAM_INLINE_POLICY_BLOCKED_KMS_ACTIONS: { blockedActionsPatterns: 'kms:Decrypt,kms:ReEncryptFrom' },
  IAM_PASSWORD_POLICY: {
    MaxPasswordAge: '90',
    MinimumPasswordLength: '14',
    PasswordReusePrevention: '24',
    RequireLowercaseCharacters: 'true',
    RequireNumbers: 'true',
    RequireSymbols: 'true',
    RequireUppercaseCharacters: 'true',
  },
  IAM_USER_UNUSED_CREDENTIALS_CHECK: { maxCredentialUsageAge: '90' },
  REDSHIFT_CLUSTER_CONFIGURATION_CHECK: { clusterDbEncrypted: 'TRUE', loggingEnabled: 'TRUE' },
  REDSHIFT_CLUSTER_MAINTENANCESETTINGS_CHECK: { allowVersionUpgrade: 'TRUE' },
  RESTRICTED_INCOMING_TRAFFIC: {
    blockedPort1: '20',
    blockedPort2: '21',
    blockedPort3: '3389',
    blockedPort4: '3306',
    blockedPort5: '4333',
  },
  SECRETSMANAGER_ROTATION_ENABLED_CHECK: { maximumAllowedRotationFrequency: '90' },
  // The blueprint opens only HTTPS to the internet (the ALB); any other port open to 0.0.0.0/0 is a finding.
  VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS: { authorizedTcpPorts: '443' },
};

/** `ACCESS_KEYS_ROTATED` -> `AccessKeysRotated`, a template logical id. */
function logicalId(ruleId: string): string {
  return ruleId
    .toLowerCase()
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/**
 * The conformance pack template: one `AWS::Config::ConfigRule` per managed rule id, named after it, with the
 * parameters above. Compact JSON, because the inline limit counts bytes.
 */
export function hipaaConformancePackTemplate(
  ruleIds: readonly string[] = HIPAA_CONFIG_RULE_IDS,
  parameters: Readonly<Record<string, Record<string, string>>> = HIPAA_RULE_PARAMETERS,
): string {
  const resources: Record<string, unknown> = {};
  for (const id of ruleIds) {
    resources[logicalId(id)] = {
      Type: 'AWS::Config::ConfigRule',
      Properties: {
        ConfigRuleName: id.toLowerCase().replace(/_/g, '-'),
        Source: { Owner: 'AWS', SourceIdentifier: id },
        ...(parameters[id] ? { InputParameters: parameters[id] } : {}),
      },
    };
  }
  return JSON.stringify({ Resources: resources });
}

export interface HipaaConformancePackProps {
  /** Name of the conformance pack in the account. */
  readonly conformancePackName: string;
  /**
   * Managed rule ids to deploy.
   * @default HIPAA_CONFIG_RULE_IDS (the 130 rules of the HIPAA Security pack)
   */
  readonly ruleIds?: readonly string[];
}

/**
 * The "Operational Best Practices for HIPAA Security" rules as a conformance pack. It needs a running Config
 * recorder in the account (the blueprint's own, or the organization's). The template is inline: at 130 rules it is
 * well under the 51,200-byte TemplateBody limit (the tests measure it); the constructor refuses a template that
 * is not, because Config would reject it at deploy time.
 */
export class HipaaConformancePack extends Construct {
  public readonly conformancePack: config.CfnConformancePack;
  /** Size of the inline template in bytes. */
  public readonly templateBytes: number;

  constructor(scope: Construct, id: string, props: HipaaConformancePackProps) {
    super(scope, id);
    const body = hipaaConformancePackTemplate(props.ruleIds ?? HIPAA_CONFIG_RULE_IDS);
    this.templateBytes = Buffer.byteLength(body, 'utf8');
    if (this.templateBytes > INLINE_TEMPLATE_BODY_LIMIT) {
      throw new Error(
        `HipaaConformancePack ${this.node.path}: the template is ${this.templateBytes} bytes, over the ${INLINE_TEMPLATE_BODY_LIMIT}-byte inline limit; deliver it as an S3 asset (templateS3Uri) instead.`,
      );
    }
    this.conformancePack = new config.CfnConformancePack(this, 'ConformancePack', {
      conformancePackName: props.conformancePackName,
      templateBody: body,
    });
  }
}
