import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { blueprintRuleIds, fixtureStack } from '../../support/rule-fixture';

function flowLog(trafficType: ec2.FlowLogTrafficType) {
  const stack = fixtureStack();
  new ec2.CfnFlowLog(stack, 'FlowLog', {
    resourceId: 'vpc-00000000',
    resourceType: 'VPC',
    trafficType,
    logDestinationType: 's3',
    logDestination: 'arn:aws:s3:::fixture-bucket',
  });
  return stack;
}

describe('Blueprint-FlowLogAllTraffic', () => {
  it('passes a flow log of ALL traffic', () => {
    expect(blueprintRuleIds(flowLog(ec2.FlowLogTrafficType.ALL))).not.toContain(
      'Blueprint-FlowLogAllTraffic',
    );
  });

  it.each([ec2.FlowLogTrafficType.ACCEPT, ec2.FlowLogTrafficType.REJECT])(
    'flags a flow log of %s only',
    (type) => {
      expect(blueprintRuleIds(flowLog(type))).toContain('Blueprint-FlowLogAllTraffic');
    },
  );
});
