import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import { blueprintRuleIds, fixtureStack } from '../../support/rule-fixture';

const RULE = 'Blueprint-CloudTrailMultiRegionValidated';

function trail(props: Partial<cloudtrail.CfnTrailProps>) {
  const stack = fixtureStack();
  new cloudtrail.CfnTrail(stack, 'Trail', {
    isLogging: true,
    s3BucketName: 'fixture-bucket',
    isMultiRegionTrail: true,
    enableLogFileValidation: true,
    includeGlobalServiceEvents: true,
    ...props,
  });
  return stack;
}

describe(RULE, () => {
  it('passes a multi-region trail with global events and log file validation', () => {
    expect(blueprintRuleIds(trail({}))).not.toContain(RULE);
  });

  it.each([
    ['a single-region trail', { isMultiRegionTrail: false }],
    ['a trail without log file validation', { enableLogFileValidation: undefined }],
    ['a trail without global service events', { includeGlobalServiceEvents: false }],
  ])('flags %s', (_name, props) => {
    expect(blueprintRuleIds(trail(props))).toContain(RULE);
  });
});
