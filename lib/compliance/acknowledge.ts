import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** What an acknowledgement must say. */
export interface Acknowledgement {
  /**
   * The rule id, without the `Pack::` prefix; finding-level for rules that report findings, e.g.
   * `AwsSolutions-IAM5[Action::kms:GenerateDataKey*]`.
   */
  readonly rule: string;
  /** Why the finding does not apply or is accepted here; at least 40 characters. */
  readonly reason: string;
  /** The control that covers the risk instead (a resource, setting or process a reviewer can check). */
  readonly compensatingControl: string;
}

/** One acknowledgement as recorded on the construct tree. */
export interface RecordedAcknowledgement {
  readonly path: string;
  readonly rule: string;
  readonly reason: string;
}

export const MINIMUM_REASON_LENGTH = 40;
const MINIMUM_CONTROL_LENGTH = 10;
const COMPENSATING_CONTROL_LABEL = 'Compensating control:';

/**
 * The one way to acknowledge a check finding in this project: on the narrowest construct, for one rule or
 * finding, with a reason and the compensating control named. Acknowledgements live in the construct tree's
 * metadata (CDK's own mechanism, which cdk-nag reads), so `listAcknowledgements` can always list them all.
 */
export function acknowledge(scope: IConstruct, ack: Acknowledgement): void {
  const problems: string[] = [];
  if (!/^[A-Za-z0-9.]+-[A-Za-z0-9]+(\[.+\])?$/.test(ack.rule)) {
    problems.push(
      `rule "${ack.rule}" is not a rule id such as HIPAA.Security-LambdaDLQ (no "Pack::" prefix)`,
    );
  }
  if (ack.reason.trim().length < MINIMUM_REASON_LENGTH) {
    problems.push(
      `reason must be at least ${MINIMUM_REASON_LENGTH} characters and say why the finding is accepted`,
    );
  }
  if (ack.compensatingControl.trim().length < MINIMUM_CONTROL_LENGTH) {
    problems.push('compensatingControl must name the control that covers the risk instead');
  }
  if (problems.length > 0) {
    throw new Error(`Refused acknowledgement at ${scope.node.path}: ${problems.join('; ')}.`);
  }
  Validations.of(scope).acknowledge({
    id: ack.rule,
    reason: `${ack.reason.trim()} ${COMPENSATING_CONTROL_LABEL} ${ack.compensatingControl.trim()}`,
  });
}

/** Every acknowledgement under `scope`, in construct-tree order: the registry that tests and docs read. */
export function listAcknowledgements(scope: IConstruct): RecordedAcknowledgement[] {
  const found: RecordedAcknowledgement[] = [];
  for (const construct of scope.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !entry.data) continue;
      for (const [qualifiedId, reason] of Object.entries(entry.data as Record<string, string>)) {
        found.push({ path: construct.node.path, rule: qualifiedId.replace(/^annotation::/i, ''), reason });
      }
    }
  }
  return found;
}

/** Whether a recorded reason names its compensating control (acknowledgements made outside the helper do not). */
export function namesCompensatingControl(reason: string): boolean {
  return reason.includes(COMPENSATING_CONTROL_LABEL);
}
