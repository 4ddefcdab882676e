import { Match } from 'aws-cdk-lib/assertions';
import { PROFILE_NAMES } from '../../lib/config';
import { sharedDeployment, templateOf } from '../support/app';
import { normalizedTemplate } from '../support/snapshot';

describe.each(PROFILE_NAMES)('AuditStack (%s)', (profile) => {
  const { deployment } = sharedDeployment(profile);
  const { audit } = deployment;
  const config = audit.config;
  const template = templateOf(audit);

  it('carries app name and profile in its stack name and is protected from deletion in prod only', () => {
    expect(audit.stackName).toBe(`hipaa-${profile}-audit`);
    expect(audit.terminationProtection).toBe(profile === 'prod');
  });

  it(`locks the archive in ${profile === 'prod' ? 'COMPLIANCE' : 'GOVERNANCE'} mode for the audit retention`, () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: {
          DefaultRetention: {
            Mode: profile === 'prod' ? 'COMPLIANCE' : 'GOVERNANCE',
            Days: config.auditRetentionDays,
          },
        },
      },
    });
  });

  it('admits the blueprint trail by its fixed name', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'CloudTrailWrite',
            Condition: Match.objectLike({
              StringEquals: Match.objectLike({
                'aws:SourceArn': Match.objectLike({
                  'Fn::Join': ['', Match.arrayWith([`:trail/hipaa-${profile}-trail`])],
                }),
              }),
            }),
          }),
        ]),
      },
    });
  });

  it('depends on the foundation only', () => {
    expect(audit.dependencies.map((s) => s.node.id)).toEqual(['Foundation']);
  });

  it('matches the snapshot', () => {
    expect(normalizedTemplate(audit)).toMatchSnapshot();
  });
});
