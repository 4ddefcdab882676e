import { CfnResource } from 'aws-cdk-lib';
import { CfnLogGroup } from 'aws-cdk-lib/aws-logs';
import { NagRuleCompliance, NagRuleResult, NagRules } from 'cdk-nag';
import { MINIMUM_AUDIT_RETENTION_DAYS } from '../../config/schema';
import { AuditRecordStore, auditRecordMarker } from '../audit-record';
import { BlueprintRule } from './rule';

/**
 * A log group marked as holding audit records keeps them for at least six years (164.316(b)(2)(i)). Log groups
 * become audit stores by `markAuditRecordStore`; an absent retention keeps records forever, which meets the floor
 * (the `LogGroupEncryptedAndRetained` rule separately demands that it be explicit).
 */
export const AuditLogRetentionFloor: BlueprintRule = {
  id: 'AuditLogRetentionFloor',
  info: `The audit log group keeps records for less than ${MINIMUM_AUDIT_RETENTION_DAYS} days (164.316(b)(2)(i) six-year retention, 164.312(b) audit controls).`,
  explanation:
    'Trail, flow, WAF and API audit logs are the evidence of who touched PHI; HIPAA asks for six years, so their retention may never fall under the audit retention floor.',
  check(node: CfnResource): NagRuleResult {
    if (!(node instanceof CfnLogGroup)) return NagRuleCompliance.NOT_APPLICABLE;
    if (auditRecordMarker(node)?.store !== AuditRecordStore.LOG) return NagRuleCompliance.NOT_APPLICABLE;
    const days = NagRules.resolveIfPrimitive(node, node.retentionInDays);
    return days === undefined || days >= MINIMUM_AUDIT_RETENTION_DAYS
      ? NagRuleCompliance.COMPLIANT
      : NagRuleCompliance.NON_COMPLIANT;
  },
};
