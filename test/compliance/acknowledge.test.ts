import { Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { HIPAASecurityChecks } from 'cdk-nag';
import { acknowledge, listAcknowledgements, namesCompensatingControl } from '../../lib/compliance';
import { PROFILE_NAMES } from '../../lib/config';
import { sharedDeployment } from '../support/app';

const VALID = {
  rule: 'HIPAA.Security-S3BucketReplicationEnabled',
  reason: 'Fixture bucket holds synthetic data only and is rebuilt from source on every deployment.',
  compensatingControl: 'versioning and AWS Backup of the bucket',
};

describe('acknowledge()', () => {
  it('records the reason with its compensating control where cdk-nag reads it', () => {
    const stack = new Stack();
    const bucket = new s3.Bucket(stack, 'Bucket');
    const resource = bucket.node.defaultChild!;
    const before = new HIPAASecurityChecks().validateScope(stack).violations.map((v) => v.ruleName);
    expect(before).toContain(VALID.rule);

    acknowledge(resource, VALID);

    const after = new HIPAASecurityChecks().validateScope(stack).violations.map((v) => v.ruleName);
    expect(after).not.toContain(VALID.rule);
    expect(listAcknowledgements(stack)).toEqual([
      {
        path: resource.node.path,
        rule: VALID.rule,
        reason: `${VALID.reason} Compensating control: ${VALID.compensatingControl}`,
      },
    ]);
  });

  it.each([
    [{ ...VALID, reason: 'not needed' }, /reason must be at least 40 characters/],
    [{ ...VALID, compensatingControl: '' }, /compensatingControl must name the control/],
    [{ ...VALID, rule: 'HIPAA.Security::HIPAA.Security-LambdaDLQ' }, /no "Pack::" prefix/],
  ])('refuses %j', (ack, message) => {
    const stack = new Stack();
    expect(() => acknowledge(stack, ack)).toThrow(message);
    expect(listAcknowledgements(stack)).toEqual([]);
  });
});

describe.each(PROFILE_NAMES)('acknowledgements of the %s deployment', (profile) => {
  const { app } = sharedDeployment(profile);
  const acknowledgements = listAcknowledgements(app);

  it('every one names its compensating control (none bypasses the helper)', () => {
    expect(acknowledgements.filter((a) => !namesCompensatingControl(a.reason))).toEqual([]);
  });

  it('none is made on a whole stack or the app', () => {
    const stackPaths = new Set(
      app.node
        .findAll()
        .filter((c) => Stack.isStack(c))
        .map((s) => s.node.path),
    );
    expect(acknowledgements.filter((a) => stackPaths.has(a.path) || a.path === '')).toEqual([]);
  });
});
