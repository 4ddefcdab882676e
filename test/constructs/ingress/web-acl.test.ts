/* eslint-disable @typescript-eslint/no-explicit-any -- synthesized templates are untyped JSON */
import { Match } from 'aws-cdk-lib/assertions';
import { MANAGED_RULE_GROUPS } from '../../../lib/constructs/ingress';
import { buildDeployment, sharedDeployment, templateOf } from '../../support/app';

describe('WebAcl in the dev API stack', () => {
  const template = templateOf(sharedDeployment('dev').deployment.api);
  const [acl] = Object.values(template.findResources('AWS::WAFv2::WebACL'));
  const rules = acl.Properties.Rules as Record<string, any>[];

  it('runs every AWS managed rule group in block mode', () => {
    const groups = rules.filter((r) => r.Statement.ManagedRuleGroupStatement);
    expect(groups.map((r) => r.Statement.ManagedRuleGroupStatement.Name).sort()).toEqual(
      [...MANAGED_RULE_GROUPS].sort(),
    );
    for (const group of groups) expect(group.OverrideAction).toEqual({ None: {} });
  });

  it('blocks a client IP above the configured rate', () => {
    const rate = rules.find((r) => r.Statement.RateBasedStatement)!;
    expect(rate.Action).toEqual({ Block: {} });
    expect(rate.Statement.RateBasedStatement).toEqual({ Limit: 1000, AggregateKeyType: 'IP' });
  });

  it('is associated with the load balancer', () => {
    template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
  });

  it('logs to an encrypted aws-waf-logs- group kept for the audit retention, without tokens or query strings', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: 'aws-waf-logs-hipaa-dev',
      RetentionInDays: 2192,
      KmsKeyId: Match.anyValue(),
    });
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      RedactedFields: [{ SingleHeader: { Name: 'authorization' } }, { QueryString: {} }],
    });
  });

  it('takes the rate limit from the configuration', () => {
    const prod = templateOf(buildDeployment('dev', { wafRateLimitPer5Minutes: 300 }).deployment.api);
    const [prodAcl] = Object.values(prod.findResources('AWS::WAFv2::WebACL'));
    const rate = (prodAcl.Properties.Rules as Record<string, any>[]).find(
      (r) => r.Statement.RateBasedStatement,
    )!;
    expect(rate.Statement.RateBasedStatement.Limit).toBe(300);
  });
});
