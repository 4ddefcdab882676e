import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import {
  BLUEPRINT_TRAIL_ALARMS,
  BREAK_GLASS_FILTER_PATTERN,
  CIS_TRAIL_ALARMS,
  SecurityAlarms,
} from '../../../lib/constructs/monitoring';
import { fixtureStack } from '../../support/rule-fixture';

function alarms(withBreakGlass: boolean) {
  const stack = fixtureStack();
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  const construct = new SecurityAlarms(stack, 'Alarms', {
    topicKey: key,
    namePrefix: 'hipaa-test',
    metricNamespace: 'hipaa-test/Security',
    alarmEmail: 'soc@example.org',
  });
  construct.addTrailAlarms(
    logs.LogGroup.fromLogGroupName(stack, 'TrailLogs', '/hipaa/test/cloudtrail'),
    new kms.Key(stack, 'FieldKey', { enableKeyRotation: true }),
  );
  if (withBreakGlass) {
    construct.addBreakGlassAlarm(logs.LogGroup.fromLogGroupName(stack, 'ApiLogs', '/hipaa/test/api'));
  }
  return { construct, template: Template.fromStack(stack) };
}

/** CIS set, the blueprint's tampering alarms, field key Decrypt denied, break-glass. */
const ALARM_COUNT = CIS_TRAIL_ALARMS.length + BLUEPRINT_TRAIL_ALARMS.length + 2;

describe('SecurityAlarms', () => {
  const { construct, template } = alarms(true);

  it('covers the CIS monitoring set, audit record tampering, field key Decrypt denials and break-glass use', () => {
    const ids = CIS_TRAIL_ALARMS.map((a) => a.id);
    for (const id of [
      'UnauthorizedApiCalls',
      'ConsoleSignInWithoutMfa',
      'RootAccountUsage',
      'IamPolicyChanges',
      'CloudTrailConfigurationChanges',
      'ConsoleAuthenticationFailures',
      'CustomerManagedKeyDisabledOrScheduledForDeletion',
      'S3BucketPolicyChanges',
      'ConfigConfigurationChanges',
      'SecurityGroupChanges',
      'NetworkAclChanges',
      'NetworkGatewayChanges',
      'RouteTableChanges',
      'VpcChanges',
      'OrganizationsChanges',
    ]) {
      expect(ids).toContain(id);
    }
    expect(BLUEPRINT_TRAIL_ALARMS.map((a) => a.id)).toEqual([
      'ObjectLockConfigurationChanges',
      'LogOrAlarmTampering',
    ]);
    template.resourceCountIs('AWS::CloudWatch::Alarm', ALARM_COUNT);
    template.resourceCountIs('AWS::Logs::MetricFilter', ALARM_COUNT);
    expect(construct.alarms).toHaveLength(ALARM_COUNT);
  });

  it('gives every alarm the topic as its alarm action', () => {
    const topic = Object.keys(template.findResources('AWS::SNS::Topic'))[0];
    for (const alarm of Object.values(template.findResources('AWS::CloudWatch::Alarm'))) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topic }]);
      expect(alarm.Properties.TreatMissingData).toBe('notBreaching');
    }
  });

  it('encrypts the topic with the key, enforces TLS and subscribes the alarm e-mail', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'soc@example.org',
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Sid: 'CloudWatchAlarmsOfThisAccount',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
          }),
        ]),
      },
    });
  });

  it('filters Decrypt errors on the field-level key by its ARN', () => {
    const [filter] = Object.values(
      template.findResources('AWS::Logs::MetricFilter', {
        Properties: {
          MetricTransformations: [Match.objectLike({ MetricName: 'FieldLevelKeyDecryptDenied' })],
        },
      }),
    );
    const pattern = JSON.stringify(filter.Properties.FilterPattern);
    expect(pattern).toContain('$.eventName = \\"Decrypt\\"');
    expect(pattern).toContain('AccessDenied*');
    expect(pattern).toContain('FieldKey');
  });

  it('filters the API log group for break-glass events', () => {
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: '/hipaa/test/api',
      FilterPattern: BREAK_GLASS_FILTER_PATTERN,
    });
  });

  it('uses the event name the API logs for break-glass access', () => {
    const logger = readFileSync(join(__dirname, '../../../lambda/api/adapters/logger.ts'), 'utf8');
    const event = /\$\.event = "([A-Z_]+)"/.exec(BREAK_GLASS_FILTER_PATTERN)?.[1];
    expect(event).toBe('BREAK_GLASS_ACCESS');
    expect(logger).toContain(`'${event}'`);
  });

  it('creates no break-glass alarm until an API log group is given', () => {
    alarms(false).template.resourcePropertiesCountIs(
      'AWS::Logs::MetricFilter',
      { FilterPattern: BREAK_GLASS_FILTER_PATTERN },
      0,
    );
  });
});
