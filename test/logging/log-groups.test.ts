import { Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { PROFILE_NAMES, logGroupPrefix, wafLogGroupPrefix } from '../../lib/config';
import { buildDeployment, sharedDeployment, templateOf } from '../support/app';

interface LogGroupResource {
  readonly Properties: { LogGroupName?: unknown; KmsKeyId?: unknown; RetentionInDays?: unknown };
  readonly Metadata?: Record<string, unknown>;
}

/**
 * Every log group of every stack: a customer-managed key and an explicit retention; the audit retention for the
 * ones that hold audit records (trail, VPC flow logs, WAF, API audit), recognised by name and by the audit marker.
 */
describe.each(PROFILE_NAMES)('log groups of the %s deployment', (profile) => {
  const { deployment } = sharedDeployment(profile);
  const config = deployment.foundation.config;
  const prefix = logGroupPrefix(config);
  // The API's log group carries its security events (break-glass); the audit export's log reports shipping.
  const auditNames = [
    `${prefix}cloudtrail`,
    `${prefix}vpc-flow-logs`,
    `${prefix}api`,
    `${prefix}audit-export`,
  ];
  const groups = deployment.stacks.flatMap((stack: Stack) =>
    Object.entries(templateOf(stack).findResources('AWS::Logs::LogGroup')).map(
      ([id, resource]) => [`${stack.node.id}/${id}`, resource as LogGroupResource] as const,
    ),
  );
  const isAudit = (group: LogGroupResource) => {
    const name = group.Properties.LogGroupName;
    return (
      group.Metadata?.BlueprintAuditRecord !== undefined ||
      (typeof name === 'string' && (auditNames.includes(name) || name.startsWith(wafLogGroupPrefix(config))))
    );
  };

  it('finds the trail and flow log groups', () => {
    const names = groups.map(([, g]) => g.Properties.LogGroupName);
    expect(names).toEqual(expect.arrayContaining([`${prefix}cloudtrail`, `${prefix}vpc-flow-logs`]));
  });

  it.each(groups)('%s has a KMS key and an explicit retention', (_id, group) => {
    expect(group.Properties.KmsKeyId).toBeDefined();
    expect(typeof group.Properties.RetentionInDays).toBe('number');
  });

  it.each(groups.filter(([, g]) => isAudit(g)))(
    '%s keeps audit records for auditRetentionDays',
    (_id, group) => {
      expect(group.Properties.RetentionInDays).toBe(config.auditRetentionDays);
    },
  );
});

describe('one retention setting', () => {
  // A second dev deployment with a longer retention: everything that keeps audit records follows the one setting.
  const { deployment } = buildDeployment('dev', { auditRetentionDays: 2557 });
  const prefix = logGroupPrefix(deployment.foundation.config);

  it('moves the archive lock and every audit log group together', () => {
    templateOf(deployment.audit).hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: Match.objectLike({ Days: 2557 }) },
      },
    });
    const retention = Object.fromEntries(
      deployment.stacks.flatMap((stack) =>
        Object.values(templateOf(stack).findResources('AWS::Logs::LogGroup')).map((g) => [
          g.Properties.LogGroupName,
          g.Properties.RetentionInDays,
        ]),
      ),
    );
    expect(retention).toMatchObject({ [`${prefix}cloudtrail`]: 2557, [`${prefix}vpc-flow-logs`]: 2557 });
  });
});
