import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { logGroupPrefix, resourcePrefix, trailName } from '../config';
import { AuditTrail } from '../constructs/audit';
import {
  AccountDetection,
  ConfigRecorder,
  HipaaConformancePack,
  SecurityAlarms,
  SecurityEventRouting,
} from '../constructs/monitoring';
import { BlueprintStack, BlueprintStackProps } from './blueprint-stack';
import { removalPolicyOf } from './removal-policy';

export interface MonitoringStackProps extends BlueprintStackProps {
  /** The audit and logs key (Foundation): trail, log group, alarm topic, Config deliveries. */
  readonly auditKey: kms.IKey;
  /** The field-level encryption key (Foundation): Decrypt denials on it raise an alarm. */
  readonly fieldLevelKey: kms.IKey;
  /** The Object Lock audit archive (AuditStack): the trail delivers there. */
  readonly archiveBucket: s3.IBucket;
  /** The shared server access log bucket (Foundation). */
  readonly accessLogsBucket: s3.IBucket;
  /**
   * Buckets holding PHI: the trail records their S3 data events.
   * @default - none
   */
  readonly phiBuckets?: readonly s3.IBucket[];
  /**
   * Functions serving PHI: the trail records their invocations.
   * @default - none
   */
  readonly apiFunctions?: readonly lambda.IFunction[];
  /**
   * The API's log group with its structured security events: break-glass use raises an alarm.
   * @default - no break-glass alarm
   */
  readonly apiLogGroup?: logs.ILogGroup;
}

/**
 * Security monitoring, deployed last because it watches everything before it: the trail (unless the organization's
 * is used), the alarms and their topic, and the account-level detections the configuration turns on.
 */
export class MonitoringStack extends BlueprintStack {
  public readonly trail?: AuditTrail;
  public readonly alarms: SecurityAlarms;
  public readonly configRecorder?: ConfigRecorder;
  public readonly conformancePack?: HipaaConformancePack;
  public readonly detection: AccountDetection;
  public readonly eventRouting: SecurityEventRouting;

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, props);
    const { config } = props;
    const prefix = resourcePrefix(config);

    this.alarms = new SecurityAlarms(this, 'Alarms', {
      topicKey: props.auditKey,
      namePrefix: prefix,
      metricNamespace: `${prefix}/Security`,
      alarmEmail: config.alarmEmail,
    });

    if (!config.useOrganizationTrail) {
      this.trail = new AuditTrail(this, 'Trail', {
        trailName: trailName(config),
        archiveBucket: props.archiveBucket,
        encryptionKey: props.auditKey,
        logGroupName: `${logGroupPrefix(config)}cloudtrail`,
        logRetention: config.auditRetentionDays as logs.RetentionDays,
        phiBuckets: props.phiBuckets,
        apiFunctions: props.apiFunctions,
        removalPolicy: removalPolicyOf(config),
      });
      this.alarms.addTrailAlarms(this.trail.logGroup, props.fieldLevelKey);
    }
    if (props.apiLogGroup) this.alarms.addBreakGlassAlarm(props.apiLogGroup);
    this.eventRouting = new SecurityEventRouting(this, 'SecurityEvents', { topic: this.alarms.topic });

    if (config.enableConfigRecorder) {
      this.configRecorder = new ConfigRecorder(this, 'Config', {
        namePrefix: prefix,
        encryptionKey: props.auditKey,
        retentionDays: config.auditRetentionDays,
        serverAccessLogsBucket: props.accessLogsBucket,
        removalPolicy: removalPolicyOf(config),
      });
    }
    if (config.enableHipaaConformancePack) {
      this.conformancePack = new HipaaConformancePack(this, 'HipaaConformancePack', {
        conformancePackName: `${prefix}-hipaa-security`,
      });
      if (this.configRecorder) {
        this.conformancePack.node.addDependency(this.configRecorder.deliveryChannel);
      }
    }
    this.detection = new AccountDetection(this, 'Detection', {
      namePrefix: prefix,
      guardDuty: config.enableGuardDuty,
      securityHub: config.enableSecurityHub,
      accessAnalyzer: config.enableAccessAnalyzer,
      configRecorder: this.configRecorder?.deliveryChannel,
    });
  }
}
