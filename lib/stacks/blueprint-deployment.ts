import { Annotations, Tags } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { BlueprintConfig, ConfigWarning, resourcePrefix } from '../config';
import { ApiStack } from './api-stack';
import { AuditStack } from './audit-stack';
import { BlueprintStack } from './blueprint-stack';
import { DataStack } from './data-stack';
import { FoundationStack } from './foundation-stack';
import { MonitoringStack } from './monitoring-stack';

export interface BlueprintDeploymentProps {
  readonly config: BlueprintConfig;
  /** Deliberate weakenings the configuration allowed; each is shown as a named warning on every synthesis. */
  readonly configWarnings?: readonly ConfigWarning[];
}

/**
 * One deployment of the blueprint: the stacks of one profile in one account and region.
 *
 * This is a plain construct, not a `Stage`, on purpose: the CDK CLI selects only top-level stacks when no stack is
 * named, and it filters the validation report to the selected stacks. Stacks inside a Stage would make a plain
 * `cdk synth` succeed without reporting a single check.
 */
export class BlueprintDeployment extends Construct {
  public readonly foundation: FoundationStack;
  public readonly data: DataStack;
  public readonly audit: AuditStack;
  public readonly api: ApiStack;
  public readonly monitoring: MonitoringStack;

  constructor(scope: Construct, id: string, props: BlueprintDeploymentProps) {
    super(scope, id);
    const { config } = props;
    const prefix = resourcePrefix(config);
    const env = { account: config.account, region: config.region };
    Tags.of(this).add('app', config.appName);
    Tags.of(this).add('profile', config.profile);
    Tags.of(this).add('data-classification', 'phi');

    this.foundation = new FoundationStack(this, 'Foundation', {
      config,
      env,
      stackName: `${prefix}-foundation`,
      description: `${prefix}: customer-managed KMS keys and the three-tier VPC`,
      terminationProtection: config.profile === 'prod',
    });

    this.audit = new AuditStack(this, 'Audit', {
      config,
      env,
      stackName: `${prefix}-audit`,
      description: `${prefix}: Object Lock audit archive`,
      terminationProtection: config.profile === 'prod',
      auditKey: this.foundation.keys.auditLogs,
      accessLogsBucket: this.foundation.accessLogs.bucket,
    });

    this.data = new DataStack(this, 'Data', {
      config,
      env,
      stackName: `${prefix}-data`,
      description: `${prefix}: PHI database, PHI document bucket and their backups`,
      terminationProtection: config.profile === 'prod',
      foundation: this.foundation,
    });

    this.api = new ApiStack(this, 'Api', {
      config,
      env,
      stackName: `${prefix}-api`,
      description: `${prefix}: TLS 1.3 load balancer, WAF, Cognito user directory and the PHI API`,
      terminationProtection: config.profile === 'prod',
      foundation: this.foundation,
      database: this.data.database,
      archive: this.audit.archive,
    });

    // Last: it watches everything deployed before it.
    this.monitoring = new MonitoringStack(this, 'Monitoring', {
      config,
      env,
      stackName: `${prefix}-monitoring`,
      description: `${prefix}: CloudTrail, security alarms, account-level detection`,
      terminationProtection: config.profile === 'prod',
      auditKey: this.foundation.keys.auditLogs,
      fieldLevelKey: this.foundation.keys.fieldLevel,
      archiveBucket: this.audit.archive.bucket,
      phiBuckets: [this.data.documents.bucket],
      apiFunctions: [this.api.api.handler.function],
      apiLogGroup: this.api.api.handler.logGroup,
      accessLogsBucket: this.foundation.accessLogs.bucket,
    });

    for (const warning of props.configWarnings ?? []) {
      Annotations.of(this.foundation).addWarningV2(warning.id, warning.message);
    }
  }

  /** Every stack of the deployment, for tests and the docs generator. */
  public get stacks(): BlueprintStack[] {
    return [this.foundation, this.audit, this.data, this.api, this.monitoring];
  }
}
