import { Duration } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AuditRecordStore, markAuditRecordStore } from '../../../lib/compliance';
import { blueprintRuleIds, fixtureStack } from '../../support/rule-fixture';

const RULE = 'Blueprint-AuditArchiveObjectLock';

function archive(
  props: Partial<s3.BucketProps>,
  marked: 'COMPLIANCE' | 'GOVERNANCE' | 'unmarked' = 'COMPLIANCE',
) {
  const stack = fixtureStack();
  const bucket = new s3.Bucket(stack, 'Archive', {
    objectLockEnabled: true,
    objectLockDefaultRetention: s3.ObjectLockRetention.compliance(Duration.days(2192)),
    versioned: true,
    ...props,
  });
  if (marked !== 'unmarked') {
    markAuditRecordStore(bucket.node.defaultChild as s3.CfnBucket, {
      store: AuditRecordStore.ARCHIVE,
      objectLockMode: marked,
    });
  }
  return stack;
}

describe(RULE, () => {
  it('passes a COMPLIANCE lock of 2192 days that expires nothing sooner', () => {
    const stack = archive({ lifecycleRules: [{ expiration: Duration.days(2192) }] });
    expect(blueprintRuleIds(stack)).not.toContain(RULE);
  });

  it('passes GOVERNANCE when the configuration chose it (dev)', () => {
    const stack = archive(
      { objectLockDefaultRetention: s3.ObjectLockRetention.governance(Duration.days(2192)) },
      'GOVERNANCE',
    );
    expect(blueprintRuleIds(stack)).not.toContain(RULE);
  });

  it('passes a retention of six years given in years', () => {
    const stack = archive({}, 'COMPLIANCE');
    (stack.node.findChild('Archive').node.defaultChild as s3.CfnBucket).addPropertyOverride(
      'ObjectLockConfiguration.Rule.DefaultRetention',
      { Mode: 'COMPLIANCE', Years: 6 },
    );
    expect(blueprintRuleIds(stack)).not.toContain(RULE);
  });

  it('ignores buckets that are not marked as audit archives', () => {
    expect(
      blueprintRuleIds(
        archive({ objectLockEnabled: false, objectLockDefaultRetention: undefined }, 'unmarked'),
      ),
    ).not.toContain(RULE);
  });

  it('flags a marked archive without Object Lock', () => {
    expect(
      blueprintRuleIds(archive({ objectLockEnabled: false, objectLockDefaultRetention: undefined })),
    ).toContain(RULE);
  });

  it('flags a retention under 2192 days', () => {
    const stack = archive({
      objectLockDefaultRetention: s3.ObjectLockRetention.compliance(Duration.days(365)),
    });
    expect(blueprintRuleIds(stack)).toContain(RULE);
  });

  it('flags GOVERNANCE where the configuration chose COMPLIANCE (an escape-hatch override)', () => {
    const stack = archive({
      objectLockDefaultRetention: s3.ObjectLockRetention.governance(Duration.days(2192)),
    });
    expect(blueprintRuleIds(stack)).toContain(RULE);
  });

  it('flags a lifecycle rule that expires objects before the retention ends', () => {
    const stack = archive({ lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }] });
    expect(blueprintRuleIds(stack)).toContain(RULE);
  });
});
