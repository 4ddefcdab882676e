/* eslint-disable @typescript-eslint/no-explicit-any -- synthesized templates are untyped JSON */
import { Match } from 'aws-cdk-lib/assertions';
import { AUDIT_RECORD_METADATA_KEY } from '../../../lib/compliance/audit-record';
import { sharedDeployment, templateOf } from '../../support/app';

describe('security event routing (dev)', () => {
  const { deployment } = sharedDeployment('dev');
  const template = templateOf(deployment.monitoring);
  const rules = Object.values(template.findResources('AWS::Events::Rule'));
  const topicTargets = (pattern: Record<string, unknown>) =>
    rules.filter((r) =>
      JSON.stringify(r.Properties.EventPattern).includes(JSON.stringify(pattern).slice(1, -1)),
    );

  it.each([
    ['GuardDuty findings of severity 7 and above', { source: ['aws.guardduty'] }, '{"numeric":[">=",7]}'],
    ['Security Hub HIGH and CRITICAL findings', { source: ['aws.securityhub'] }, '["HIGH","CRITICAL"]'],
    [
      'failed AWS Backup, copy and restore jobs',
      { source: ['aws.backup'] },
      '["FAILED","ABORTED","EXPIRED"]',
    ],
  ])('sends %s to the alarm topic', (_label, source, filter) => {
    const [rule] = topicTargets(source);
    expect(rule).toBeDefined();
    expect(JSON.stringify(rule.Properties.EventPattern)).toContain(filter);
    expect(rule.Properties.Targets).toEqual([
      expect.objectContaining({ Arn: { Ref: expect.stringMatching(/AlarmsTopic/) } }),
    ]);
  });

  it('lets only EventBridge rules of this account publish to the topic', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'EventBridgeRulesOfThisAccount',
            Principal: { Service: 'events.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          }),
        ]),
      },
    });
  });

  it('no statement anywhere admits EventBridge without a condition', () => {
    for (const stack of sharedDeployment('dev').stacks) {
      const resources = Object.values(templateOf(stack).toJSON().Resources as Record<string, any>);
      for (const resource of resources) {
        const doc = resource.Properties?.PolicyDocument ?? resource.Properties?.KeyPolicy;
        for (const statement of doc?.Statement ?? []) {
          if (JSON.stringify(statement.Principal ?? {}).includes('events.amazonaws.com')) {
            expect(statement.Condition).toBeDefined();
          }
        }
      }
    }
  });

  it('the audit key lets EventBridge of this account encrypt messages for the topic', () => {
    const foundation = templateOf(deployment.foundation);
    const keys = Object.values(foundation.findResources('AWS::KMS::Key'));
    const statements = keys.flatMap(
      (k) => (k.Properties.KeyPolicy as { Statement: { Sid?: string }[] }).Statement,
    );
    expect(statements.filter((s) => s.Sid === 'EventBridgePublishesToEncryptedTopic')).toHaveLength(1);
  });
});

describe('audit record stores', () => {
  it.each(['/hipaa/dev/vpc-flow-logs', 'aws-waf-logs-hipaa-dev', '/hipaa/dev/api', '/hipaa/dev/cloudtrail'])(
    'log group %s is marked, so the retention floor rule holds it to the audit retention',
    (name) => {
      const { stacks } = sharedDeployment('dev');
      const groups = stacks.flatMap((s) =>
        Object.values(templateOf(s).findResources('AWS::Logs::LogGroup')).filter(
          (g) => g.Properties.LogGroupName === name,
        ),
      );
      expect(groups).toHaveLength(1);
      expect(groups[0].Metadata?.[AUDIT_RECORD_METADATA_KEY]).toEqual({ store: 'log' });
      expect(groups[0].Properties.RetentionInDays).toBe(2192);
    },
  );
});
