import { CfnResource } from 'aws-cdk-lib';

/**
 * Template metadata key that marks a resource as a store of audit records, so the Blueprint rules can hold it to
 * the audit controls (Object Lock, retention floor) and an auditor can find every such store in the templates.
 */
export const AUDIT_RECORD_METADATA_KEY = 'BlueprintAuditRecord';

/** What kind of audit record store a resource is. */
export enum AuditRecordStore {
  /** An S3 bucket with Object Lock that keeps audit records immutable for the audit retention. */
  ARCHIVE = 'archive',
  /** A CloudWatch log group that holds audit-relevant records (trail, flow logs, WAF, API audit). */
  LOG = 'log',
}

export interface AuditRecordMarker {
  readonly store: AuditRecordStore;
  /** The Object Lock mode the configuration chose for an archive (`COMPLIANCE` unless configured otherwise). */
  readonly objectLockMode?: 'COMPLIANCE' | 'GOVERNANCE';
}

/** Marks `resource` (an `AWS::S3::Bucket` or `AWS::Logs::LogGroup`) as an audit record store. */
export function markAuditRecordStore(resource: CfnResource, marker: AuditRecordMarker): void {
  resource.addMetadata(AUDIT_RECORD_METADATA_KEY, { ...marker });
}

/** The marker on `resource`, if any. */
export function auditRecordMarker(resource: CfnResource): AuditRecordMarker | undefined {
  const value = resource.getMetadata(AUDIT_RECORD_METADATA_KEY) as AuditRecordMarker | undefined;
  return value && typeof value === 'object' ? value : undefined;
}
