import { BlueprintConfig } from './schema';

/**
 * Names derived from the configuration. Stack names start with `resourcePrefix`, so the roles CloudFormation
 * names after their stack share it too: the key policies use that to recognise the application's own roles.
 */
export function resourcePrefix(config: Pick<BlueprintConfig, 'appName' | 'profile'>): string {
  return `${config.appName}-${config.profile}`;
}

/** Every log group of the blueprint lives under this prefix, so the logs service's key grant can be narrow. */
export function logGroupPrefix(config: Pick<BlueprintConfig, 'appName' | 'profile'>): string {
  return `/${config.appName}/${config.profile}/`;
}

/** WAF requires log group names that start with `aws-waf-logs-`. */
export function wafLogGroupPrefix(config: Pick<BlueprintConfig, 'appName' | 'profile'>): string {
  return `aws-waf-logs-${resourcePrefix(config)}`;
}

/** The trail's name is fixed so the audit key's policy can name it without a cross-stack reference. */
export function trailName(config: Pick<BlueprintConfig, 'appName' | 'profile'>): string {
  return `${resourcePrefix(config)}-trail`;
}

/**
 * The audit archive's bucket name is fixed (S3 names are global, so it carries account and region): the API
 * stack's append-only grant then names it literally, with no cross-stack reference, and auditors find it by name.
 */
export function auditArchiveBucketName(
  config: Pick<BlueprintConfig, 'appName' | 'profile' | 'account' | 'region'>,
) {
  return `${resourcePrefix(config)}-audit-archive-${config.account}-${config.region}`;
}
