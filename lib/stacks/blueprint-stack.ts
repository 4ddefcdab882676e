import { Fn, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { BlueprintConfig } from '../config';

export interface BlueprintStackProps extends StackProps {
  readonly config: BlueprintConfig;
}

/**
 * Base of every blueprint stack. A stack with an explicit account would ask AWS for its availability zones during
 * synthesis, which fails without credentials; instead the zones are picked at deploy time with `Fn::GetAZs`, as
 * CDK does for environment-agnostic stacks, and the configured count says how many.
 */
export abstract class BlueprintStack extends Stack {
  public readonly config: BlueprintConfig;

  protected constructor(scope: Construct, id: string, props: BlueprintStackProps) {
    super(scope, id, props);
    this.config = props.config;
  }

  public override get availabilityZones(): string[] {
    return Array.from({ length: this.config.azCount }, (_, index) => Fn.select(index, Fn.getAzs()));
  }
}
