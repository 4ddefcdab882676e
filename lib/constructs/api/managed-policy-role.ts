import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

export interface ManagedPolicyRoleProps {
  readonly assumedBy: iam.IPrincipal;
  readonly description: string;
}

/**
 * An IAM role whose every grant lands in one customer-managed policy instead of an inline default policy. CDK
 * grants (`grantRead`, `grantConnect`, ...) call `addToPrincipalPolicy`; routing them here keeps the role free of
 * inline policies (HIPAA 164.308(a)(4): permissions are reviewable, versioned objects) without acknowledging
 * `IAMNoInlinePolicy` findings.
 */
export class ManagedPolicyRole extends iam.Role {
  public readonly permissions: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: ManagedPolicyRoleProps) {
    super(scope, id, { assumedBy: props.assumedBy, description: props.description });
    this.permissions = new iam.ManagedPolicy(this, 'Permissions', {
      description: `Permissions of ${props.description}`,
      roles: [this],
    });
  }

  public override addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    this.permissions.addStatements(statement);
    return { statementAdded: true, policyDependable: this.permissions };
  }
}
