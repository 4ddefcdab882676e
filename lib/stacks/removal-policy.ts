import { RemovalPolicy } from 'aws-cdk-lib';
import { BlueprintConfig, StatefulRemovalPolicy } from '../config';

/**
 * The CDK removal policy for stateful resources under the configured choice. Only some resource types (RDS
 * instances, volumes) can take a final snapshot; for the others CloudFormation rejects `Snapshot`, so a
 * `snapshot` choice keeps them instead.
 */
export function removalPolicyOf(
  config: Pick<BlueprintConfig, 'removalPolicy'>,
  resource: { supportsSnapshot: boolean } = { supportsSnapshot: false },
): RemovalPolicy {
  switch (config.removalPolicy) {
    case StatefulRemovalPolicy.RETAIN:
      return RemovalPolicy.RETAIN;
    case StatefulRemovalPolicy.SNAPSHOT:
      return resource.supportsSnapshot ? RemovalPolicy.SNAPSHOT : RemovalPolicy.RETAIN;
    case StatefulRemovalPolicy.DESTROY:
      return RemovalPolicy.DESTROY;
  }
}
