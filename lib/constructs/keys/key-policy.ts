import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * Actions that manage a key without using it. Key administrators get these and nothing that encrypts, decrypts
 * or creates grants, so administering PHI keys never implies reading PHI (separation of duties, 164.308(a)(3)).
 */
export const KEY_ADMINISTRATION_ACTIONS = [
  'kms:CancelKeyDeletion',
  'kms:CreateAlias',
  'kms:DeleteAlias',
  'kms:DescribeKey',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:EnableKey',
  'kms:EnableKeyRotation',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListAliases',
  'kms:ListGrants',
  'kms:ListKeyPolicies',
  'kms:ListKeyRotations',
  'kms:ListResourceTags',
  'kms:PutKeyPolicy',
  'kms:RevokeGrant',
  'kms:RotateKeyOnDemand',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateAlias',
  'kms:UpdateKeyDescription',
];

/** Actions a key user needs for envelope encryption. */
export const KEY_USE_ACTIONS = [
  'kms:Decrypt',
  'kms:DescribeKey',
  'kms:Encrypt',
  'kms:GenerateDataKey*',
  'kms:ReEncrypt*',
];

/**
 * Administration through IAM: the account root gets the administration actions (and no use), so IAM policies
 * decide who administers. This statement is always present. KMS refuses to create a key whose policy would not
 * let the creating principal (CloudFormation's execution role) call PutKeyPolicy again, and later stack updates
 * need the same rights.
 */
export function accountKeyAdministrationStatement(): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'KeyAdministrationThroughIam',
    principals: [new iam.AccountRootPrincipal()],
    actions: KEY_ADMINISTRATION_ACTIONS,
    resources: ['*'],
  });
}

/**
 * Named key administrators, in addition to IAM: they can manage the key without an IAM policy saying so, and
 * still never use it. KMS requires these principals to exist when the key policy is set.
 */
export function namedKeyAdministratorsStatement(adminPrincipalArns: readonly string[]): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'NamedKeyAdministrators',
    principals: adminPrincipalArns.map((arn) => new iam.ArnPrincipal(arn)),
    actions: KEY_ADMINISTRATION_ACTIONS,
    resources: ['*'],
  });
}

/**
 * Lets the application's own IAM roles (named after its stacks, so `<prefix>-*`) use the key when an IAM policy
 * also allows it; principals with other names get no use from IAM alone. This is a name match, not an identity
 * check: whoever may create IAM roles can create one with the prefix. Close that with a service control policy or
 * permissions boundary that reserves the prefix for the deployment role (docs/keys.md), and watch the key's use
 * in CloudTrail.
 */
export function applicationRolesStatement(
  rolePrefix: string,
  actions: string[],
  extraConditions: Record<string, Record<string, unknown>> = {},
): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'UseByApplicationRoles',
    principals: [new iam.AccountRootPrincipal()],
    actions,
    resources: ['*'],
    conditions: {
      ArnLike: { 'aws:PrincipalArn': `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/${rolePrefix}-*` },
      ...extraConditions,
    },
  });
}

/**
 * Lets principals of this account use the key only through the named AWS services (the pattern of AWS managed
 * keys). This is how CloudFormation creates encrypted resources and how services read them on a caller's behalf.
 */
export function viaServicesStatement(services: readonly string[]): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'UseThroughAwsServices',
    principals: [new iam.AccountRootPrincipal()],
    actions: KEY_USE_ACTIONS,
    resources: ['*'],
    conditions: {
      StringEquals: {
        'kms:CallerAccount': Aws.ACCOUNT_ID,
        'kms:ViaService': services.map((s) => `${s}.${Aws.REGION}.amazonaws.com`),
      },
    },
  });
}

/** Services such as RDS and AWS Backup hold grants on the key for the resources they manage, and only those. */
export function persistentResourceGrantsStatement(): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'GrantsForAwsResources',
    principals: [new iam.AccountRootPrincipal()],
    actions: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
    resources: ['*'],
    conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
  });
}
