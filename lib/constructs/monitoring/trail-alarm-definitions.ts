/**
 * The alarms on the trail's log group: the CIS AWS Foundations Benchmark monitoring set (CloudWatch.1 to .14 in
 * Security Hub) plus the blueprint's own. Each pattern is a CloudWatch Logs filter over CloudTrail's JSON events.
 */
export interface TrailAlarmDefinition {
  /** Construct id and alarm name suffix; a public contract (PascalCase, stable). */
  readonly id: string;
  /** What the alarm means, for the person who receives it. */
  readonly description: string;
  /** The control it implements. */
  readonly control: string;
  readonly filterPattern: string;
  /**
   * Matching events in five minutes that raise the alarm.
   * @default 1
   */
  readonly threshold?: number;
}

const anyEvent = (names: readonly string[]) => names.map((n) => `($.eventName = "${n}")`).join(' || ');

export const CIS_TRAIL_ALARMS: readonly TrailAlarmDefinition[] = [
  {
    id: 'UnauthorizedApiCalls',
    description: 'API calls denied for missing permissions: probing, or a broken deployment',
    control: 'CIS 4.1 / CloudWatch.2, 164.308(a)(1)(ii)(D)',
    filterPattern:
      '{ (($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*")) && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }',
    // AWS services and consoles probe permissions all day; five denials in five minutes is worth a look.
    threshold: 5,
  },
  {
    id: 'ConsoleSignInWithoutMfa',
    description: 'An IAM user signed in to the console without MFA',
    control: 'CIS 4.2 / CloudWatch.3, 164.312(d)',
    filterPattern:
      '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
  },
  {
    id: 'RootAccountUsage',
    description: 'The root user was used',
    control: 'CIS 4.3 / CloudWatch.1, 164.308(a)(3)(ii)(A)',
    filterPattern:
      '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
  },
  {
    id: 'IamPolicyChanges',
    description: 'An IAM policy was created, changed, attached or detached',
    control: 'CIS 4.4 / CloudWatch.4, 164.308(a)(4)',
    filterPattern: `{ ${anyEvent([
      'DeleteGroupPolicy',
      'DeleteRolePolicy',
      'DeleteUserPolicy',
      'PutGroupPolicy',
      'PutRolePolicy',
      'PutUserPolicy',
      'CreatePolicy',
      'DeletePolicy',
      'CreatePolicyVersion',
      'DeletePolicyVersion',
      'SetDefaultPolicyVersion',
      'AttachRolePolicy',
      'DetachRolePolicy',
      'AttachUserPolicy',
      'DetachUserPolicy',
      'AttachGroupPolicy',
      'DetachGroupPolicy',
    ])} }`,
  },
  {
    id: 'CloudTrailConfigurationChanges',
    description: 'A trail was created, changed, stopped or deleted',
    control: 'CIS 4.5 / CloudWatch.5, 164.312(b)',
    filterPattern: `{ ${anyEvent(['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging', 'PutEventSelectors'])} }`,
  },
  {
    id: 'ConsoleAuthenticationFailures',
    description: 'Console sign-in failed',
    control: 'CIS 4.6 / CloudWatch.6, 164.308(a)(5)(ii)(C)',
    filterPattern: '{ ($.eventName = "ConsoleLogin") && ($.errorMessage = "Failed authentication") }',
    threshold: 3,
  },
  {
    id: 'CustomerManagedKeyDisabledOrScheduledForDeletion',
    description:
      'A customer-managed KMS key was disabled or scheduled for deletion: data under it becomes unreadable',
    control: 'CIS 4.7 / CloudWatch.7, 164.312(a)(2)(iv)',
    filterPattern: `{ ($.eventSource = "kms.amazonaws.com") && (${anyEvent(['DisableKey', 'ScheduleKeyDeletion'])}) }`,
  },
  {
    id: 'KeyPolicyOrGrantChanges',
    description:
      'A key policy was replaced or a grant created by a person: the way a key administrator could give themselves use of a key',
    control: '164.308(a)(3)(ii)(A), 164.312(a)(1)',
    // Grants that AWS services create for their resources (RDS, Backup, Lambda) carry invokedBy; only direct calls
    // by a principal alarm.
    filterPattern: `{ ($.eventSource = "kms.amazonaws.com") && ($.eventName = "PutKeyPolicy" || ($.eventName = "CreateGrant" && $.userIdentity.invokedBy NOT EXISTS)) }`,
  },
  {
    id: 'S3BucketPolicyChanges',
    description: 'A bucket policy, ACL, CORS, lifecycle or replication setting changed',
    control: 'CIS 4.8 / CloudWatch.8, 164.312(a)(1)',
    filterPattern: `{ ($.eventSource = "s3.amazonaws.com") && (${anyEvent([
      'PutBucketAcl',
      'PutBucketPolicy',
      'PutBucketCors',
      'PutBucketLifecycle',
      'PutBucketReplication',
      'DeleteBucketPolicy',
      'DeleteBucketCors',
      'DeleteBucketLifecycle',
      'DeleteBucketReplication',
    ])}) }`,
  },
  {
    id: 'ConfigConfigurationChanges',
    description: 'AWS Config recording or delivery was changed or stopped',
    control: 'CIS 4.9 / CloudWatch.9, 164.308(a)(1)(ii)(D)',
    filterPattern: `{ ($.eventSource = "config.amazonaws.com") && (${anyEvent([
      'StopConfigurationRecorder',
      'DeleteDeliveryChannel',
      'PutDeliveryChannel',
      'PutConfigurationRecorder',
    ])}) }`,
  },
  {
    id: 'SecurityGroupChanges',
    description: 'A security group or one of its rules changed',
    control: 'CIS 4.10 / CloudWatch.10, 164.312(e)(1)',
    filterPattern: `{ ${anyEvent([
      'AuthorizeSecurityGroupIngress',
      'AuthorizeSecurityGroupEgress',
      'RevokeSecurityGroupIngress',
      'RevokeSecurityGroupEgress',
      'CreateSecurityGroup',
      'DeleteSecurityGroup',
      'ModifySecurityGroupRules',
    ])} }`,
  },
  {
    id: 'NetworkAclChanges',
    description: 'A network ACL or one of its entries changed',
    control: 'CIS 4.11 / CloudWatch.11, 164.312(e)(1)',
    filterPattern: `{ ${anyEvent([
      'CreateNetworkAcl',
      'CreateNetworkAclEntry',
      'DeleteNetworkAcl',
      'DeleteNetworkAclEntry',
      'ReplaceNetworkAclEntry',
      'ReplaceNetworkAclAssociation',
    ])} }`,
  },
  {
    id: 'NetworkGatewayChanges',
    description: 'An internet, customer or transit gateway changed',
    control: 'CIS 4.12 / CloudWatch.12, 164.312(e)(1)',
    filterPattern: `{ ${anyEvent([
      'CreateCustomerGateway',
      'DeleteCustomerGateway',
      'AttachInternetGateway',
      'CreateInternetGateway',
      'DeleteInternetGateway',
      'DetachInternetGateway',
      'CreateTransitGateway',
      'DeleteTransitGateway',
    ])} }`,
  },
  {
    id: 'RouteTableChanges',
    description: 'A route or route table changed',
    control: 'CIS 4.13 / CloudWatch.13, 164.312(e)(1)',
    filterPattern: `{ ($.eventSource = "ec2.amazonaws.com") && (${anyEvent([
      'CreateRoute',
      'CreateRouteTable',
      'ReplaceRoute',
      'ReplaceRouteTableAssociation',
      'DeleteRouteTable',
      'DeleteRoute',
      'DisassociateRouteTable',
    ])}) }`,
  },
  {
    id: 'VpcChanges',
    description: 'A VPC, its attributes or a peering connection changed',
    control: 'CIS 4.14 / CloudWatch.14, 164.312(e)(1)',
    filterPattern: `{ ${anyEvent([
      'CreateVpc',
      'DeleteVpc',
      'ModifyVpcAttribute',
      'AcceptVpcPeeringConnection',
      'CreateVpcPeeringConnection',
      'DeleteVpcPeeringConnection',
      'RejectVpcPeeringConnection',
      'AttachClassicLinkVpc',
      'DetachClassicLinkVpc',
      'DisableVpcClassicLink',
      'EnableVpcClassicLink',
    ])} }`,
  },
  {
    id: 'OrganizationsChanges',
    description: 'The AWS Organization, its accounts, units or policies changed',
    control: 'CIS 4.15, 164.308(a)(4)',
    filterPattern: `{ ($.eventSource = "organizations.amazonaws.com") && (${anyEvent([
      'AcceptHandshake',
      'AttachPolicy',
      'CreateAccount',
      'CreateOrganizationalUnit',
      'CreatePolicy',
      'DeclineHandshake',
      'DeleteOrganization',
      'DeleteOrganizationalUnit',
      'DeletePolicy',
      'DetachPolicy',
      'DisablePolicyType',
      'EnablePolicyType',
      'InviteAccountToOrganization',
      'LeaveOrganization',
      'MoveAccount',
      'RemoveAccountFromOrganization',
      'UpdatePolicy',
      'UpdateOrganizationalUnit',
    ])}) }`,
  },
];

/** The blueprint's own alarms on trail events, beyond the CIS set: tampering with the audit records themselves. */
export const BLUEPRINT_TRAIL_ALARMS: readonly TrailAlarmDefinition[] = [
  {
    id: 'ObjectLockConfigurationChanges',
    description:
      "A bucket's Object Lock configuration was changed: the audit archive's retention may be shortened",
    control: '164.312(c)(1) integrity, 164.316(b)(2)(i)',
    filterPattern: '{ ($.eventSource = "s3.amazonaws.com") && ($.eventName = "PutObjectLockConfiguration") }',
  },
  {
    id: 'LogOrAlarmTampering',
    description:
      'A log group, its retention, key or metric filters, or an alarm was deleted or changed: audit records or their alarms may be cut short (CloudFormation deployments raise it too)',
    control: '164.312(b) audit controls, 164.312(c)(1) integrity',
    filterPattern: `{ (($.eventSource = "logs.amazonaws.com") && (${anyEvent([
      'DeleteLogGroup',
      'DeleteLogStream',
      'PutRetentionPolicy',
      'DisassociateKmsKey',
      'DeleteMetricFilter',
    ])})) || (($.eventSource = "monitoring.amazonaws.com") && (${anyEvent(['DeleteAlarms', 'DisableAlarmActions'])})) }`,
  },
];

/**
 * Blueprint alarm: KMS refused to decrypt with the field-level key. Access denied means a principal outside the
 * API tried to open field ciphertext; an invalid ciphertext means the encryption context did not match, that is,
 * a ciphertext moved to another record or column. `keyArn` is the field-level key's ARN.
 */
export function fieldKeyDecryptDeniedPattern(keyArn: string): string {
  return (
    '{ ($.eventSource = "kms.amazonaws.com") && ($.eventName = "Decrypt") && ' +
    '(($.errorCode = "AccessDenied*") || ($.errorCode = "InvalidCiphertextException")) && ' +
    `(($.resources[0].ARN = "${keyArn}") || ($.requestParameters.keyId = "${keyArn}")) }`
  );
}

/**
 * The API's structured log line for break-glass access: lambda/api/adapters/logger.ts writes JSON lines with an
 * `event` field, and the break-glass route logs `BREAK_GLASS_ACCESS` once per granted emergency access. The alarm
 * and the API must agree on this shape: change both together (the API's LOG_EVENTS list names this filter).
 */
export const BREAK_GLASS_FILTER_PATTERN = '{ $.event = "BREAK_GLASS_ACCESS" }';
