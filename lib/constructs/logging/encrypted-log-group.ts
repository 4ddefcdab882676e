import { RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { AuditRecordStore, markAuditRecordStore } from '../../compliance/audit-record';

export interface EncryptedLogGroupProps {
  /** Under the blueprint's prefix, so the audit key's policy admits CloudWatch Logs for it. */
  readonly logGroupName: string;
  /** The audit and logs key. */
  readonly encryptionKey: kms.IKey;
  /** Explicit, always: the audit retention for audit records, a documented shorter one otherwise. */
  readonly retention: logs.RetentionDays;
  /**
   * Holds audit-relevant records: marked so the Blueprint retention-floor rule holds it to the audit retention.
   * @default false
   */
  readonly auditRecords?: boolean;
  /**
   * A log group cannot be snapshotted, so SNAPSHOT keeps it.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** A CloudWatch log group with the blueprint's defaults in one place: a customer-managed key and a retention. */
export function encryptedLogGroup(
  scope: Construct,
  id: string,
  props: EncryptedLogGroupProps,
): logs.LogGroup {
  const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
  const logGroup = new logs.LogGroup(scope, id, {
    logGroupName: props.logGroupName,
    encryptionKey: props.encryptionKey,
    retention: props.retention,
    removalPolicy: removalPolicy === RemovalPolicy.SNAPSHOT ? RemovalPolicy.RETAIN : removalPolicy,
  });
  if (props.auditRecords) {
    markAuditRecordStore(logGroup.node.defaultChild as logs.CfnLogGroup, { store: AuditRecordStore.LOG });
  }
  return logGroup;
}
