/* eslint-disable @typescript-eslint/no-explicit-any -- synthesized templates are untyped JSON */
import { Match } from 'aws-cdk-lib/assertions';
import { API_ENV } from '../../../lambda/api/config';
import { AUDIT_EXPORT_ENV } from '../../../lambda/audit-export/config';
import { API_PATH_PATTERNS } from '../../../lib/constructs/api';
import { sharedDeployment, templateOf } from '../../support/app';

type Statement = {
  Sid?: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
  Effect: string;
};

const template = templateOf(sharedDeployment('dev').deployment.api);

function functionByDescription(description: string) {
  const [entry] = Object.entries(
    template.findResources('AWS::Lambda::Function', { Properties: { Description: description } }),
  );
  if (!entry) throw new Error(`no function described as ${description}`);
  return { id: entry[0], props: entry[1].Properties as Record<string, any> };
}

/** The statements of the customer-managed policy attached to a function's role, in order. */
function permissionsOf(functionId: string): Statement[] {
  const fn = template.findResources('AWS::Lambda::Function')[functionId];
  const roleId = fn.Properties.Role['Fn::GetAtt'][0];
  const policies = Object.values(template.findResources('AWS::IAM::ManagedPolicy')).filter((p) =>
    (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId),
  );
  expect(policies).toHaveLength(1);
  return (policies[0].Properties.PolicyDocument as { Statement: Statement[] }).Statement;
}

const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

describe('the PHI API function', () => {
  const api = functionByDescription('hipaa PHI API');

  it('runs the newest Node.js runtime on arm64 with tracing, reserved concurrency and an encrypted environment', () => {
    expect(api.props).toMatchObject({
      Runtime: 'nodejs26.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      ReservedConcurrentExecutions: 10,
      KmsKeyArn: expect.anything(),
      VpcConfig: expect.objectContaining({ SecurityGroupIds: expect.any(Array) }),
    });
  });

  it('gets exactly the environment the handler reads (AWS_REGION comes from Lambda)', () => {
    const names = Object.keys(api.props.Environment.Variables).sort();
    expect(names).toEqual([...API_ENV.filter((n) => n !== 'AWS_REGION'), 'NODE_OPTIONS'].sort());
    expect(api.props.Environment.Variables).toMatchObject({
      NODE_EXTRA_CA_CERTS: '/var/runtime/ca-cert.pem',
      DB_USER: 'phi_api',
      JWKS_SOURCE: 'ssm:/hipaa/dev/api/jwks',
    });
  });

  it('has exactly these permissions, none with a wildcard action, the field key only with the app context', () => {
    const statements = permissionsOf(api.id);
    expect(statements.map((s) => [s.Sid ?? '', actions(s)])).toEqual([
      ['', ['xray:PutTelemetryRecords', 'xray:PutTraceSegments']],
      [
        'VpcNetworkInterfaces',
        [
          'ec2:AssignPrivateIpAddresses',
          'ec2:CreateNetworkInterface',
          'ec2:DeleteNetworkInterface',
          'ec2:DescribeNetworkInterfaces',
          'ec2:DescribeSubnets',
          'ec2:UnassignPrivateIpAddresses',
        ],
      ],
      ['WriteOwnLogGroup', ['logs:CreateLogStream', 'logs:PutLogEvents']],
      ['', ['rds-db:connect']],
      ['', ['kms:Decrypt', 'kms:GenerateDataKey']],
      ['', ['kms:GenerateMac']],
      ['ReadJwksParameter', ['ssm:GetParameter']],
    ]);
    for (const statement of statements) {
      expect(actions(statement).some((a) => a.endsWith('*'))).toBe(false);
      expect(statement.Effect).toBe('Allow');
    }
    const field = statements.find((s) => actions(s).includes('kms:GenerateDataKey'))!;
    expect(field.Condition).toEqual({ StringEquals: { 'kms:EncryptionContext:app': 'hipaa' } });
    const connect = statements.find((s) => actions(s).includes('rds-db:connect'))!;
    expect(JSON.stringify(connect.Resource)).toContain('/phi_api');
    const wildcards = statements.filter((s) => s.Resource === '*').map((s) => s.Sid ?? actions(s)[0]);
    expect(wildcards).toEqual(['xray:PutTelemetryRecords', 'VpcNetworkInterfaces']);
  });

  it('reaches only the database (5432) and the VPC endpoints (443)', () => {
    const [groupId] = api.props.VpcConfig.SecurityGroupIds.map((g: any) => g['Fn::GetAtt'][0]);
    const group = template.findResources('AWS::EC2::SecurityGroup')[groupId];
    const inline = (group.Properties.SecurityGroupEgress ?? []) as Record<string, unknown>[];
    const separate = Object.values(template.findResources('AWS::EC2::SecurityGroupEgress'))
      .filter((e) => (e.Properties.GroupId as any)['Fn::GetAtt']?.[0] === groupId)
      .map((e) => e.Properties as Record<string, unknown>);
    const egress = [...inline, ...separate];
    // CDK's "disallow all" placeholder (255.255.255.255/32, ICMP 252-86) is the only CIDR rule allowed.
    const real = egress.filter((e) => e.CidrIp !== '255.255.255.255/32');
    expect(real.map((e) => [e.FromPort, e.ToPort]).sort()).toEqual([
      [443, 443],
      [5432, 5432],
    ]);
    for (const rule of real) expect(rule.DestinationSecurityGroupId).toBeDefined();
  });

  it('is served by a listener rule with a health check on /health', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: API_PATH_PATTERNS } }],
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      TargetType: 'lambda',
      HealthCheckEnabled: true,
      HealthCheckPath: '/health',
    });
  });

  it('logs to an encrypted log group kept for the audit retention', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/hipaa/dev/api',
      RetentionInDays: 2192,
      KmsKeyId: Match.anyValue(),
    });
  });
});

describe('the audit export function', () => {
  const exporter = functionByDescription('hipaa audit export to the Object Lock archive');

  it('gets exactly the environment the exporter reads, and runs one at a time', () => {
    const names = Object.keys(exporter.props.Environment.Variables).sort();
    expect(names).toEqual(
      [...AUDIT_EXPORT_ENV.filter((n) => n !== 'AWS_REGION'), 'ARCHIVE_PREFIX', 'NODE_OPTIONS'].sort(),
    );
    expect(exporter.props.Environment.Variables).toMatchObject({
      DB_USER: 'audit_reader',
      ARCHIVE_OBJECT_LOCK_MODE: 'GOVERNANCE',
      ARCHIVE_RETENTION_DAYS: '2192',
      // Must match the prefix of the append grant, or every export is denied.
      ARCHIVE_PREFIX: 'audit-events',
    });
    expect(exporter.props.ReservedConcurrentExecutions).toBe(1);
    expect(exporter.props.DeadLetterConfig).toEqual({ TargetArn: expect.anything() });
  });

  it('may only read as audit_reader and add objects with retention under the export prefix', () => {
    const statements = permissionsOf(exporter.id);
    const s3 = statements.filter((s) => actions(s).some((a) => a.startsWith('s3:')));
    const write = s3.find((s) => actions(s).includes('s3:PutObject'))!;
    expect(actions(write).sort()).toEqual(['s3:PutObject', 's3:PutObjectRetention']);
    expect(JSON.stringify(write.Resource)).toContain(
      ':s3:::hipaa-dev-audit-archive-111111111111-us-east-1/audit-events/*',
    );
    const read = s3.find((s) => actions(s).includes('s3:GetObject'))!;
    expect(read.Sid).toBe('ReadArchivedChainHead');
    expect(JSON.stringify(read.Resource)).toContain('/audit-events/head.json"');
    expect(s3).toHaveLength(3); // write, read the head, list the head key (below)
    const connect = statements.find((s) => actions(s).includes('rds-db:connect'))!;
    expect(JSON.stringify(connect.Resource)).toContain('/audit_reader');
    // Nothing that deletes, bypasses the lock or reads beyond the chain-head pointer.
    expect(statements.flatMap(actions).filter((a) => /Delete|BypassGovernance|LegalHold/.test(a))).toEqual([
      'ec2:DeleteNetworkInterface',
    ]);
  });

  it('runs in the data tier, where its HTTPS egress has no route but to S3 and the VPC endpoints', () => {
    const subnets = JSON.stringify(exporter.props.VpcConfig.SubnetIds);
    expect(subnets).toContain('DataSubnet');
    expect(subnets).not.toContain('ApplicationSubnet');
    const foundation = templateOf(sharedDeployment('dev').deployment.foundation);
    const dataRouteTables = Object.keys(foundation.findResources('AWS::EC2::RouteTable')).filter((id) =>
      id.includes('DataSubnet'),
    );
    const routesOut = Object.values(foundation.findResources('AWS::EC2::Route')).filter(
      (r) =>
        dataRouteTables.includes(r.Properties.RouteTableId.Ref) &&
        r.Properties.DestinationCidrBlock === '0.0.0.0/0',
    );
    expect(dataRouteTables.length).toBeGreaterThan(0);
    expect(routesOut).toEqual([]);
  });

  it('runs on the configured schedule with retries and a dead-letter queue', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(15 minutes)',
      Targets: [
        Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 } }),
      ],
    });
  });
});

describe('the JWKS refresher', () => {
  it('may only write the JWKS parameter and its own logs', () => {
    const refresher = functionByDescription(
      'Copies the Cognito JWKS into SSM for the API in private subnets',
    );
    expect(permissionsOf(refresher.id).flatMap(actions)).toEqual([
      'ssm:PutParameter',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
    ]);
  });
});

describe('the schema migrations', () => {
  const migrate = functionByDescription('PHI API schema migrations (deploy time, as the database owner)');

  it('read the master secret, decrypt it only through Secrets Manager, and nothing else of PHI', () => {
    const statements = permissionsOf(migrate.id).filter(
      (s) => s.Sid && !['VpcNetworkInterfaces', 'WriteOwnLogGroup'].includes(s.Sid),
    );
    expect(statements.map((s) => [s.Sid, actions(s)])).toEqual([
      ['ReadMasterSecret', ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']],
      ['DecryptMasterSecretThroughSecretsManager', ['kms:Decrypt']],
    ]);
    expect(JSON.stringify(statements[1].Condition)).toContain('secretsmanager.');
  });

  it('run during the deployment, after the database and before the API function exists', () => {
    const triggers = template.findResources('Custom::Trigger', {
      Properties: { HandlerArn: Match.objectLike({ Ref: Match.stringLikeRegexp('Migrations') }) },
    });
    const [triggerId] = Object.keys(triggers);
    expect(triggerId).toBeDefined();
    const apiFunction = functionByDescription('hipaa PHI API');
    const resource = template.findResources('AWS::Lambda::Function')[apiFunction.id];
    expect(resource.DependsOn).toEqual(expect.arrayContaining([triggerId]));
  });
});

describe('the audit export can find its chain head', () => {
  it('may list the archive for exactly the head key, so a missing head is a 404 and not a 403', () => {
    const exporter = functionByDescription('hipaa audit export to the Object Lock archive');
    const list = permissionsOf(exporter.id).find((s) => s.Sid === 'FindArchivedChainHead')!;
    expect(actions(list)).toEqual(['s3:ListBucket']);
    expect(list.Condition).toEqual({ StringEquals: { 's3:prefix': 'audit-events/head.json' } });
    expect(JSON.stringify(list.Resource)).toContain(':s3:::hipaa-dev-audit-archive-111111111111-us-east-1"');
  });
});
