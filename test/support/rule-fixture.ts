import { App, Stack } from 'aws-cdk-lib';
import { BlueprintChecks } from '../../lib/compliance';

/** A bare stack for one rule fixture. */
export function fixtureStack(): Stack {
  return new Stack(new App(), 'Fixture', { env: { account: '111111111111', region: 'us-east-1' } });
}

/** The Blueprint pack's rule ids reported on `stack` (unacknowledged, any severity). */
export function blueprintRuleIds(stack: Stack): string[] {
  return new BlueprintChecks().validateScope(stack).violations.map((v) => v.ruleName);
}
