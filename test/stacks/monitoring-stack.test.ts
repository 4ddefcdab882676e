import { Match } from 'aws-cdk-lib/assertions';
import { CfnWaitConditionHandle, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { loadConfig, PROFILE_NAMES } from '../../lib/config';
import { HIPAA_CONFIG_RULE_IDS } from '../../lib/constructs/monitoring';
import { MonitoringStack } from '../../lib/stacks';
import { sharedDeployment, templateOf, testApp } from '../support/app';
import { normalizedTemplate } from '../support/snapshot';

/** Resource types of each detection toggle. */
const TOGGLED = {
  enableGuardDuty: ['AWS::GuardDuty::Detector'],
  enableSecurityHub: ['AWS::SecurityHub::Hub', 'AWS::SecurityHub::Standard'],
  enableConfigRecorder: ['AWS::Config::ConfigurationRecorder', 'AWS::Config::DeliveryChannel'],
  enableHipaaConformancePack: ['AWS::Config::ConformancePack'],
  enableAccessAnalyzer: ['AWS::AccessAnalyzer::Analyzer'],
} as const;

describe.each(PROFILE_NAMES)('MonitoringStack (%s)', (profile) => {
  const { deployment } = sharedDeployment(profile);
  const { monitoring } = deployment;
  const template = templateOf(monitoring);

  it('carries app name and profile in its stack name and is deployed last', () => {
    expect(monitoring.stackName).toBe(`hipaa-${profile}-monitoring`);
    expect(deployment.stacks[deployment.stacks.length - 1]).toBe(monitoring);
    expect(monitoring.dependencies.map((s) => s.node.id)).toEqual(
      expect.arrayContaining(['Foundation', 'Audit']),
    );
  });

  it('creates the trail with its fixed name, multi-region, validated, encrypted, into the archive', () => {
    template.hasResourceProperties('AWS::CloudTrail::Trail', {
      TrailName: `hipaa-${profile}-trail`,
      IsLogging: true,
      IsMultiRegionTrail: true,
      IncludeGlobalServiceEvents: true,
      EnableLogFileValidation: true,
      KMSKeyId: Match.anyValue(),
      S3BucketName: Match.anyValue(),
      CloudWatchLogsLogGroupArn: Match.anyValue(),
    });
  });

  it('has the security alarms, and every alarm of every stack of the deployment has an action', () => {
    expect(Object.keys(template.findResources('AWS::CloudWatch::Alarm')).length).toBeGreaterThanOrEqual(18);
    const withoutAction = deployment.stacks.flatMap((stack) =>
      Object.entries(templateOf(stack).findResources('AWS::CloudWatch::Alarm'))
        .filter(([, alarm]) => !(alarm.Properties.AlarmActions?.length > 0))
        .map(([id]) => `${stack.node.id}/${id}`),
    );
    expect(withoutAction).toEqual([]);
  });

  it.each(Object.entries(TOGGLED))(
    `%s: resources ${profile === 'prod' ? 'present' : 'absent'}`,
    (key, types) => {
      const on = monitoring.config[key as keyof typeof TOGGLED];
      expect(on).toBe(profile === 'prod');
      for (const type of types) {
        expect(Object.keys(template.findResources(type)).length > 0).toBe(on);
      }
    },
  );

  (profile === 'prod' ? it : it.skip)('deploys the conformance pack with all 130 HIPAA rule ids', () => {
    const [pack] = Object.values(template.findResources('AWS::Config::ConformancePack'));
    const ids = Object.values(
      JSON.parse(pack.Properties.TemplateBody).Resources as Record<
        string,
        { Properties: { Source: { SourceIdentifier: string } } }
      >,
    ).map((rule) => rule.Properties.Source.SourceIdentifier);
    expect(new Set(ids).size).toBe(130);
    expect([...ids].sort()).toEqual([...HIPAA_CONFIG_RULE_IDS].sort());
  });

  it('matches the snapshot', () => {
    expect(normalizedTemplate(monitoring)).toMatchSnapshot();
  });
});

describe('MonitoringStack with the organization trail and the organization providing detection', () => {
  // A bare stack with imported dependencies: the variant needs no second full deployment.
  const { config } = loadConfig({
    profile: 'prod',
    'blueprint.useOrganizationTrail': true,
    ...Object.fromEntries(Object.keys(TOGGLED).map((key) => [`blueprint.${key}`, false])),
  });
  const app = testApp();
  const imports = new Stack(app, 'Imports', { env: { account: config.account, region: config.region } });
  new CfnWaitConditionHandle(imports, 'NonEmpty'); // a template needs one resource; the imports make none
  const key = kms.Key.fromKeyArn(
    imports,
    'Key',
    `arn:aws:kms:${config.region}:${config.account}:key/fixture`,
  );
  const bucket = s3.Bucket.fromBucketName(imports, 'Bucket', 'fixture-bucket');
  const monitoring = new MonitoringStack(app, 'Monitoring', {
    config,
    env: { account: config.account, region: config.region },
    auditKey: key,
    fieldLevelKey: key,
    archiveBucket: bucket,
    accessLogsBucket: bucket,
  });
  const template = templateOf(monitoring);

  it('creates no trail, no trail alarms and no detection resources, but keeps the alarm topic', () => {
    for (const type of [
      'AWS::CloudTrail::Trail',
      'AWS::Logs::MetricFilter',
      'AWS::CloudWatch::Alarm',
      ...Object.values(TOGGLED).flat(),
    ]) {
      template.resourceCountIs(type, 0);
    }
    template.resourceCountIs('AWS::SNS::Topic', 1);
  });
});
