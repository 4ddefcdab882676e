import { CfnOutput } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { auditArchiveBucketName, ObjectLockMode, trailName } from '../config';
import { AuditArchive } from '../constructs/audit';
import { BlueprintStack, BlueprintStackProps } from './blueprint-stack';

export interface AuditStackProps extends BlueprintStackProps {
  /** The audit and logs key (Foundation). */
  readonly auditKey: kms.IKey;
  /** The shared server access log bucket (Foundation). */
  readonly accessLogsBucket: s3.IBucket;
}

/**
 * The Object Lock audit archive. Its own stack, deployed right after the foundation: the API stack's audit export
 * writes into it and the monitoring stack's trail delivers to it, and neither may be a dependency of it.
 */
export class AuditStack extends BlueprintStack {
  public readonly archive: AuditArchive;

  constructor(scope: Construct, id: string, props: AuditStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.archive = new AuditArchive(this, 'Archive', {
      bucketName: auditArchiveBucketName(config),
      encryptionKey: props.auditKey,
      objectLockMode:
        config.objectLockMode === ObjectLockMode.COMPLIANCE
          ? s3.ObjectLockMode.COMPLIANCE
          : s3.ObjectLockMode.GOVERNANCE,
      retentionDays: config.auditRetentionDays,
      serverAccessLogsBucket: props.accessLogsBucket,
      trailName: config.useOrganizationTrail ? undefined : trailName(config),
    });
    new CfnOutput(this, 'ArchiveBucketName', {
      description: 'Object Lock audit archive: CloudTrail log and digest files, exported PHI audit records',
      value: this.archive.bucket.bucketName,
    });
  }
}
