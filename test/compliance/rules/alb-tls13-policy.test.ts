import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { TLS13_ONLY_POLICIES } from '../../../lib/config';
import { blueprintRuleIds, fixtureStack } from '../../support/rule-fixture';

const RULE = 'Blueprint-AlbTls13Policy';
const CERTIFICATE = 'arn:aws:acm:us-east-1:111111111111:certificate/00000000-0000-4000-8000-000000000001';

function listener(props: Partial<elbv2.CfnListenerProps>) {
  const stack = fixtureStack();
  new elbv2.CfnListener(stack, 'Listener', {
    loadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/fixture/0',
    defaultActions: [{ type: 'fixed-response', fixedResponseConfig: { statusCode: '404' } }],
    port: 443,
    protocol: 'HTTPS',
    certificates: [{ certificateArn: CERTIFICATE }],
    ...props,
  });
  return blueprintRuleIds(stack);
}

describe(RULE, () => {
  it.each(TLS13_ONLY_POLICIES)('passes an HTTPS listener pinned to %s', (sslPolicy) => {
    expect(listener({ sslPolicy })).not.toContain(RULE);
  });

  it('flags an HTTPS listener without a policy (CloudFormation would apply ELBSecurityPolicy-2016-08)', () => {
    expect(listener({})).toContain(RULE);
  });

  it.each(['ELBSecurityPolicy-2016-08', 'ELBSecurityPolicy-TLS13-1-2-2021-06'])('flags %s', (sslPolicy) => {
    expect(listener({ sslPolicy })).toContain(RULE);
  });

  it('ignores a plain HTTP listener (the redirect)', () => {
    expect(listener({ port: 80, protocol: 'HTTP', certificates: undefined })).not.toContain(RULE);
  });
});
