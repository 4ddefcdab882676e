import { Aws } from 'aws-cdk-lib';
import * as accessanalyzer from 'aws-cdk-lib/aws-accessanalyzer';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import * as securityhub from 'aws-cdk-lib/aws-securityhub';
import { Construct, IDependable } from 'constructs';

/** GuardDuty protection plans the blueprint turns on: S3 (PHI bucket), RDS (database logins), Lambda (API egress). */
export const GUARDDUTY_FEATURES = ['S3_DATA_EVENTS', 'RDS_LOGIN_EVENTS', 'LAMBDA_NETWORK_LOGS'] as const;

/** Security Hub standards enabled, as `standards/<path>` of their ARNs. */
export const SECURITY_HUB_STANDARDS = {
  FoundationalBestPractices: 'standards/aws-foundational-security-best-practices/v/1.0.0',
  Nist80053: 'standards/nist-800-53/v/5.0.0',
} as const;

export interface AccountDetectionProps {
  /** Prefix of the analyzer's name. */
  readonly namePrefix: string;
  /**
   * Create a GuardDuty detector.
   * @default true
   */
  readonly guardDuty?: boolean;
  /**
   * Enable Security Hub and its standards.
   * @default true
   */
  readonly securityHub?: boolean;
  /**
   * Create an account IAM Access Analyzer.
   * @default true
   */
  readonly accessAnalyzer?: boolean;
  /**
   * Deployed before Security Hub's standards, whose controls evaluate through AWS Config (the recorder).
   * @default - none
   */
  readonly configRecorder?: IDependable;
}

/**
 * Account-level threat and posture detection. Each is an account-wide singleton, so each can be left to the
 * organization (a delegated administrator) by turning it off.
 */
export class AccountDetection extends Construct {
  public readonly detector?: guardduty.CfnDetector;
  public readonly hub?: securityhub.CfnHub;
  public readonly standards: securityhub.CfnStandard[] = [];
  public readonly analyzer?: accessanalyzer.CfnAnalyzer;

  constructor(scope: Construct, id: string, props: AccountDetectionProps) {
    super(scope, id);
    if (props.guardDuty ?? true) {
      this.detector = new guardduty.CfnDetector(this, 'GuardDuty', {
        enable: true,
        findingPublishingFrequency: 'FIFTEEN_MINUTES',
        features: GUARDDUTY_FEATURES.map((name) => ({ name, status: 'ENABLED' })),
      });
    }
    if (props.securityHub ?? true) {
      const hub = new securityhub.CfnHub(this, 'SecurityHub', {
        enableDefaultStandards: false,
        controlFindingGenerator: 'SECURITY_CONTROL',
        autoEnableControls: true,
      });
      this.hub = hub;
      for (const [name, path] of Object.entries(SECURITY_HUB_STANDARDS)) {
        const standard = new securityhub.CfnStandard(this, name, {
          standardsArn: `arn:${Aws.PARTITION}:securityhub:${Aws.REGION}::${path}`,
        });
        standard.node.addDependency(hub);
        if (props.configRecorder) standard.node.addDependency(props.configRecorder);
        this.standards.push(standard);
      }
    }
    if (props.accessAnalyzer ?? true) {
      this.analyzer = new accessanalyzer.CfnAnalyzer(this, 'AccessAnalyzer', {
        analyzerName: `${props.namePrefix}-access-analyzer`,
        type: 'ACCOUNT',
      });
    }
  }
}
