import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { registerCheckPacks } from '../../lib/compliance';
import { testApp } from '../support/app';

/**
 * The guard: proves the checks are live. A deliberately naive stack goes through the same registration that
 * bin/app.ts uses, and synthesis must fail naming the weakened controls. If the packs stop being registered, or
 * a pack stops running, this test fails.
 */
function synthNaiveStack(): string {
  const app = testApp();
  const stack = new Stack(app, 'Naive', { env: { account: '111111111111', region: 'us-east-1' } });
  new s3.Bucket(stack, 'BucketWithoutKmsKey');
  new kms.Key(stack, 'KeyWithoutRotation', { enableKeyRotation: false });
  const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['us-east-1a', 'us-east-1b'], natGateways: 0 });
  const open = new ec2.SecurityGroup(stack, 'OpenSecurityGroup', { vpc });
  open.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.allTraffic());
  registerCheckPacks(app);
  try {
    app.synth();
  } catch (error) {
    return (error as Error).message;
  }
  return '';
}

describe('the check harness is live', () => {
  const report = synthNaiveStack();

  it('synthesis of a naive stack fails', () => {
    expect(report).not.toBe('');
  });

  it.each([
    // bucket without a KMS key
    'HIPAA.Security-S3DefaultEncryptionKMS',
    'NIST.800.53.R5-S3DefaultEncryptionKMS',
    'AwsSolutions-S10',
    // key without rotation
    'Blueprint-KmsKeyRotation',
    'NIST.800.53.R5-KMSBackingKeyRotationEnabled',
    'AwsSolutions-KMS5',
    // security group open to the world
    'HIPAA.Security-EC2RestrictedCommonPorts',
    'NIST.800.53.R5-EC2RestrictedSSH',
    'AwsSolutions-EC23',
    // VPC without flow logs
    'HIPAA.Security-VPCFlowLogsEnabled',
  ])('names %s', (ruleId) => {
    expect(report).toContain(ruleId);
  });
});
