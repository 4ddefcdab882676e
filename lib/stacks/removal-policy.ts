import { RemovalPolicy } from 'aws-cdk-lib';
import { BlueprintConfig, StatefulRemovalPolicy } from '../config';

/** The CDK removal policy for stateful resources under the configured choice. */
export function removalPolicyOf(config: Pick<BlueprintConfig, 'removalPolicy'>): RemovalPolicy {
  switch (config.removalPolicy) {
    case StatefulRemovalPolicy.RETAIN:
      return RemovalPolicy.RETAIN;
    case StatefulRemovalPolicy.SNAPSHOT:
      return RemovalPolicy.SNAPSHOT;
    case StatefulRemovalPolicy.DESTROY:
      return RemovalPolicy.DESTROY;
  }
}
