import { Aws, Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import {
  BREAK_GLASS_FILTER_PATTERN,
  CIS_TRAIL_ALARMS,
  BLUEPRINT_TRAIL_ALARMS,
  TrailAlarmDefinition,
  fieldKeyDecryptDeniedPattern,
} from './trail-alarm-definitions';

export interface SecurityAlarmsProps {
  /** Encrypts the alarm topic (the audit and logs key; its policy lets CloudWatch alarms publish). */
  readonly topicKey: kms.IKey;
  /** Prefix of the topic and alarm names, `<appName>-<profile>`. */
  readonly namePrefix: string;
  /** CloudWatch namespace of the metrics the filters emit. */
  readonly metricNamespace: string;
  /**
   * E-mail address subscribed to the topic; the subscription must be confirmed from the mailbox.
   * @default - no subscription
   */
  readonly alarmEmail?: string;
}

/**
 * The security alarm topic and the alarms that notify it. Every alarm created here, or added through the
 * methods, has the topic as its alarm action; nothing else can publish to the topic but this account's alarms.
 */
export class SecurityAlarms extends Construct {
  public readonly topic: sns.ITopic;
  private readonly alarmList: cloudwatch.Alarm[] = [];
  private readonly props: SecurityAlarmsProps;
  private readonly action: actions.SnsAction;

  constructor(scope: Construct, id: string, props: SecurityAlarmsProps) {
    super(scope, id);
    this.props = props;
    const topic = new sns.Topic(this, 'Topic', {
      topicName: `${props.namePrefix}-security-alarms`,
      displayName: `${props.namePrefix} security alarms`,
      masterKey: props.topicKey,
      enforceSSL: true,
    });
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsOfThisAccount',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: {
            'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*`,
          },
        },
      }),
    );
    if (props.alarmEmail) topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    this.topic = topic;
    this.action = new actions.SnsAction(topic);
  }

  /** Every alarm of this construct. */
  public get alarms(): readonly cloudwatch.IAlarm[] {
    return [...this.alarmList];
  }

  /**
   * The CIS monitoring set and the blueprint's tampering alarms on the trail's log group, plus the field-level key's
   * Decrypt-denied alarm when that key is given.
   */
  public addTrailAlarms(trailLogGroup: logs.ILogGroup, fieldLevelKey?: kms.IKey): void {
    for (const definition of [...CIS_TRAIL_ALARMS, ...BLUEPRINT_TRAIL_ALARMS]) {
      this.addLogAlarm(trailLogGroup, definition);
    }
    if (fieldLevelKey) {
      this.addLogAlarm(trailLogGroup, {
        id: 'FieldLevelKeyDecryptDenied',
        description:
          'KMS refused a Decrypt with the field-level key: a principal outside the API, or a ciphertext moved to another record or column',
        control: '164.312(a)(2)(iv), 164.312(c)(1)',
        filterPattern: fieldKeyDecryptDeniedPattern(fieldLevelKey.keyArn),
      });
    }
  }

  /** Alarm on every break-glass access the API logs to `apiLogGroup`. */
  public addBreakGlassAlarm(apiLogGroup: logs.ILogGroup): void {
    this.addLogAlarm(apiLogGroup, {
      id: 'BreakGlassAccess',
      description: 'A clinician used break-glass access to a patient record outside their care team',
      control: '164.312(a)(2)(ii) emergency access procedure, 164.308(a)(1)(ii)(D)',
      filterPattern: BREAK_GLASS_FILTER_PATTERN,
    });
  }

  /** A metric filter on `logGroup` and an alarm on its count, notifying the topic. */
  public addLogAlarm(logGroup: logs.ILogGroup, definition: TrailAlarmDefinition): cloudwatch.Alarm {
    const filter = new logs.MetricFilter(this, `${definition.id}Filter`, {
      logGroup,
      filterPattern: logs.FilterPattern.literal(definition.filterPattern),
      metricNamespace: this.props.metricNamespace,
      metricName: definition.id,
      metricValue: '1',
    });
    const alarm = new cloudwatch.Alarm(this, `${definition.id}Alarm`, {
      alarmName: `${this.props.namePrefix}-${definition.id}`,
      alarmDescription: `${definition.description} (${definition.control}).`,
      metric: filter.metric({ statistic: cloudwatch.Stats.SUM, period: Duration.minutes(5) }),
      threshold: definition.threshold ?? 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.action);
    this.alarmList.push(alarm);
    return alarm;
  }
}
