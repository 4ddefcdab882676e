import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnBucket } from 'aws-cdk-lib/aws-s3';
import { NagRuleCompliance, NagRuleResult, NagRules } from 'cdk-nag';
import { MINIMUM_AUDIT_RETENTION_DAYS } from '../../config/schema';
import { AuditRecordStore, auditRecordMarker } from '../audit-record';
import { BlueprintRule } from './rule';

interface DefaultRetention {
  readonly mode?: string;
  readonly days?: number;
  readonly years?: number;
}

interface LifecycleRule {
  readonly status?: string;
  readonly expirationInDays?: number;
  readonly expirationDate?: unknown;
  readonly noncurrentVersionExpiration?: { readonly noncurrentDays?: number };
  readonly noncurrentVersionExpirationInDays?: number;
}

/**
 * Default retention in days; a retention in years counts the most leap days it can span, so six years meet the
 * 2192-day floor and a lifecycle rule is compared with the latest day the lock can end.
 */
function retentionDays(retention: DefaultRetention | undefined): number | undefined {
  if (typeof retention?.days === 'number') return retention.days;
  if (typeof retention?.years === 'number') return retention.years * 365 + Math.ceil(retention.years / 4);
  return undefined;
}

/** Whether a lifecycle rule can remove an object version before `days` have passed. */
function expiresEarly(rule: LifecycleRule, days: number): boolean {
  if (rule.status === 'Disabled') return false;
  if (rule.expirationDate !== undefined) return true;
  if (rule.expirationInDays !== undefined && rule.expirationInDays < days) return true;
  const noncurrent =
    rule.noncurrentVersionExpiration?.noncurrentDays ?? rule.noncurrentVersionExpirationInDays;
  return noncurrent !== undefined && noncurrent < days;
}

/**
 * A bucket marked as an audit archive has Object Lock with a default retention in the configured mode (COMPLIANCE
 * unless the configuration chose GOVERNANCE) of at least six years, and no lifecycle rule that expires objects
 * sooner (164.312(b) audit controls, 164.312(c)(1) integrity, 164.316(b)(2)(i) six-year retention).
 */
export const AuditArchiveObjectLock: BlueprintRule = {
  id: 'AuditArchiveObjectLock',
  info: `The audit archive bucket lacks Object Lock in the configured mode with at least ${MINIMUM_AUDIT_RETENTION_DAYS} days default retention, or a lifecycle rule expires objects sooner (164.312(b), 164.312(c)(1), 164.316(b)(2)(i)).`,
  explanation:
    'Audit records must be immutable for six years: Object Lock can only be enabled when the bucket is created, its default retention is what protects each record, and a lifecycle expiration shorter than the retention would remove records the lock is meant to keep.',
  check(node: CfnResource): NagRuleResult {
    if (!(node instanceof CfnBucket)) return NagRuleCompliance.NOT_APPLICABLE;
    const marker = auditRecordMarker(node);
    if (marker?.store !== AuditRecordStore.ARCHIVE) return NagRuleCompliance.NOT_APPLICABLE;
    const stack = Stack.of(node);
    if (NagRules.resolveIfPrimitive(node, node.objectLockEnabled) !== true) {
      return NagRuleCompliance.NON_COMPLIANT;
    }
    const lock = stack.resolve(node.objectLockConfiguration) as
      { objectLockEnabled?: string; rule?: { defaultRetention?: DefaultRetention } } | undefined;
    const retention = lock?.rule?.defaultRetention;
    const days = retentionDays(retention);
    const requiredMode = marker.objectLockMode ?? 'COMPLIANCE';
    if (
      lock?.objectLockEnabled !== 'Enabled' ||
      retention?.mode !== requiredMode ||
      days === undefined ||
      days < MINIMUM_AUDIT_RETENTION_DAYS
    ) {
      return NagRuleCompliance.NON_COMPLIANT;
    }
    const lifecycle = stack.resolve(node.lifecycleConfiguration) as { rules?: LifecycleRule[] } | undefined;
    if ((lifecycle?.rules ?? []).some((rule) => expiresEarly(rule, days))) {
      return NagRuleCompliance.NON_COMPLIANT;
    }
    return NagRuleCompliance.COMPLIANT;
  },
};
