import { Aws } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

export interface SecurityEventRoutingProps {
  /** The alarm topic (encrypted with the audit key, whose policy admits EventBridge of this account). */
  readonly topic: sns.ITopic;
}

/** GuardDuty severities are 1.0-8.9; 7.0 and above is High (or Critical). */
export const GUARDDUTY_MINIMUM_SEVERITY = 7;

/**
 * Sends the events a security officer must see to the alarm topic (164.308(a)(6) incident response, 164.308(a)(7)
 * contingency plan): high and critical GuardDuty and Security Hub findings, and AWS Backup jobs that failed. The
 * detectors may be the organization's; their findings still reach this account's event bus.
 */
export class SecurityEventRouting extends Construct {
  public readonly rules: readonly events.Rule[];

  constructor(scope: Construct, id: string, props: SecurityEventRoutingProps) {
    super(scope, id);
    // A bare target: `targets.SnsTopic` would add an unconditioned events.amazonaws.com statement to the topic
    // policy and to the audit key's policy, next to the account-scoped ones below and making them pointless.
    const target: events.IRuleTarget = { bind: () => ({ arn: props.topic.topicArn }) };
    this.rules = [
      new events.Rule(this, 'GuardDutyHighFindings', {
        description: 'GuardDuty findings of high or critical severity',
        eventPattern: {
          source: ['aws.guardduty'],
          detailType: ['GuardDuty Finding'],
          detail: { severity: [{ numeric: ['>=', GUARDDUTY_MINIMUM_SEVERITY] }] },
        },
        targets: [target],
      }),
      new events.Rule(this, 'SecurityHubHighFindings', {
        description: 'New, active Security Hub findings of high or critical severity',
        eventPattern: {
          source: ['aws.securityhub'],
          detailType: ['Security Hub Findings - Imported'],
          detail: {
            findings: {
              Severity: { Label: ['HIGH', 'CRITICAL'] },
              Workflow: { Status: ['NEW'] },
              RecordState: ['ACTIVE'],
            },
          },
        },
        targets: [target],
      }),
      new events.Rule(this, 'BackupJobFailures', {
        description: 'AWS Backup, copy and restore jobs that failed, aborted or expired',
        eventPattern: {
          source: ['aws.backup'],
          detailType: ['Backup Job State Change', 'Copy Job State Change', 'Restore Job State Change'],
          detail: { state: ['FAILED', 'ABORTED', 'EXPIRED'] },
        },
        targets: [target],
      }),
    ];
    // Only EventBridge rules of this account may publish; the audit key's policy has the matching statement.
    props.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'EventBridgeRulesOfThisAccount',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [props.topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );
  }
}
