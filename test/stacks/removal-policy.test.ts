import { RemovalPolicy } from 'aws-cdk-lib';
import { StatefulRemovalPolicy } from '../../lib/config';
import { removalPolicyOf } from '../../lib/stacks';
import { buildDeployment, templateOf } from '../support/app';

describe('removalPolicyOf', () => {
  it.each([
    [StatefulRemovalPolicy.RETAIN, false, RemovalPolicy.RETAIN],
    [StatefulRemovalPolicy.DESTROY, false, RemovalPolicy.DESTROY],
    [StatefulRemovalPolicy.SNAPSHOT, true, RemovalPolicy.SNAPSHOT],
    [StatefulRemovalPolicy.SNAPSHOT, false, RemovalPolicy.RETAIN],
  ])('%s for a resource that %s snapshots is %s', (choice, supportsSnapshot, expected) => {
    expect(removalPolicyOf({ removalPolicy: choice }, { supportsSnapshot })).toBe(expected);
  });

  it('a snapshot choice puts Snapshot only on resources CloudFormation can snapshot', () => {
    const { stacks } = buildDeployment('dev', { removalPolicy: 'snapshot' });
    const snapshotted = stacks.flatMap((stack) =>
      Object.values(
        templateOf(stack).toJSON().Resources as Record<string, { Type: string; DeletionPolicy?: string }>,
      )
        .filter((r) => r.DeletionPolicy === 'Snapshot')
        .map((r) => r.Type),
    );
    expect(snapshotted.length).toBeGreaterThan(0);
    expect([...new Set(snapshotted)]).toEqual(['AWS::RDS::DBInstance']);
  });
});
