import { PolicyViolation } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { createCheckPacks } from '../../lib/compliance';

export interface Finding {
  readonly pack: string;
  readonly rule: string;
  readonly severity: string;
  readonly path: string;
}

function flatten(pack: string, violations: PolicyViolation[]): Finding[] {
  return violations.flatMap((v) =>
    v.violatingResources.map((r) => ({
      pack,
      rule: v.ruleName,
      severity: v.severity ?? 'error',
      path: (r as { constructPath?: string }).constructPath ?? r.resourceLogicalId ?? '(unknown)',
    })),
  );
}

/**
 * Runs every check pack (HIPAA Security, AwsSolutions, NIST 800-53 R5, the blueprint's own) on `scope` and returns
 * the unacknowledged findings. cdk-nag 3 writes no Annotations, so this is the only honest way to assert on it.
 */
export function checkFindings(scope: IConstruct): Finding[] {
  return createCheckPacks().flatMap((pack) => flatten(pack.name, pack.validateScope(scope).violations));
}

export function checkErrors(scope: IConstruct): Finding[] {
  return checkFindings(scope).filter((f) => f.severity === 'error');
}
