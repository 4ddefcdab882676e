import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import { PhiDatabase, POSTGRES_VERSION } from '../../../lib/constructs/database';

/** A producer stack with the database and a consumer stack with a function in the VPC, as the API stack will be. */
function producerAndConsumer(removalPolicy?: RemovalPolicy) {
  const app = new App();
  const env = { account: '111111111111', region: 'us-east-1' };
  const producer = new Stack(app, 'Producer', { env });
  const vpc = new ec2.Vpc(producer, 'Vpc', {
    maxAzs: 2,
    natGateways: 0,
    subnetConfiguration: [{ name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
  vpc.node.tryRemoveChild('RestrictDefaultSecurityGroupCustomResource');
  const endpoint = vpc.addInterfaceEndpoint('SecretsManager', {
    service: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
  });
  const database = new PhiDatabase(producer, 'Database', {
    vpc,
    subnets: { subnetGroupName: 'Data' },
    encryptionKey: new kms.Key(producer, 'PhiKey'),
    logsKey: new kms.Key(producer, 'LogsKey'),
    logRetention: logs.RetentionDays.SIX_YEARS,
    instanceIdentifier: 'fixture-database',
    instanceType: new ec2.InstanceType('t4g.medium'),
    multiAz: false,
    allocatedStorageGiB: 20,
    backupRetention: Duration.days(7),
    deletionProtection: false,
    secretsManagerEndpoint: endpoint,
    removalPolicy,
  });
  const consumer = new Stack(app, 'Consumer', { env });
  const fn = new lambda.Function(consumer, 'Api', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => 1;'),
    vpc,
    allowAllOutbound: false,
  });
  return { app, producer, consumer, database, fn };
}

describe('PhiDatabase.grantConnect', () => {
  const { app, producer, consumer, database, fn } = producerAndConsumer();
  database.grantConnect(fn, 'app_user');
  const assembly = app.synth();
  const producerTemplate = Template.fromJSON(assembly.getStackByName('Producer').template);
  const consumerTemplate = Template.fromJSON(assembly.getStackByName('Consumer').template);

  it('grants rds-db:connect for exactly that user of this instance, by its DbiResourceId', () => {
    const instance = Object.keys(producerTemplate.findResources('AWS::RDS::DBInstance'))[0];
    const statements = Object.values(consumerTemplate.findResources('AWS::IAM::Policy')).flatMap(
      (p) => p.Properties.PolicyDocument.Statement,
    );
    const connect = statements.filter((s) => s.Action === 'rds-db:connect');
    expect(connect).toHaveLength(1);
    const resource = JSON.stringify(connect[0].Resource);
    expect(resource).toContain(':dbuser:');
    expect(resource).toContain('/app_user');
    expect(resource).toContain(`${instance}`);
    expect(resource).toContain('DbiResourceId');
    expect(resource).not.toContain('*');
  });

  it('opens 5432 to the grantee security group, with the rules in the consumer stack', () => {
    const ingress = Object.values(consumerTemplate.findResources('AWS::EC2::SecurityGroupIngress')).map(
      (r) => r.Properties,
    );
    expect(ingress).toEqual([
      expect.objectContaining({
        IpProtocol: 'tcp',
        FromPort: 5432,
        ToPort: 5432,
        SourceSecurityGroupId: expect.anything(),
      }),
    ]);
    consumerTemplate.hasResourceProperties('AWS::EC2::SecurityGroupEgress', { FromPort: 5432, ToPort: 5432 });
  });

  it('keeps the producer free of references to the consumer (no dependency cycle)', () => {
    expect(producer.dependencies).toEqual([]);
    expect(consumer.dependencies).toContain(producer);
    expect(JSON.stringify(assembly.getStackByName('Producer').template)).not.toContain('Consumer');
  });
});

/** One untouched producer for the tests that only read it or expect a refusal. */
const fixture = producerAndConsumer();

describe('PhiDatabase log groups', () => {
  const template = Template.fromStack(fixture.producer);

  it("lets CloudWatch Logs use the logs key for this instance's log groups only", () => {
    const keys = Object.values(template.findResources('AWS::KMS::Key'));
    const statements = keys.flatMap((k) => k.Properties.KeyPolicy.Statement);
    const logs = statements.filter((s) => JSON.stringify(s.Principal).includes('logs.'));
    expect(logs).toHaveLength(1);
    expect(JSON.stringify(logs[0].Condition.ArnLike)).toContain(
      ':log-group:/aws/rds/instance/fixture-database*',
    );
  });
});

describe('PhiDatabase removal policy', () => {
  it('snapshots the instance under SNAPSHOT, keeps its log groups, and deletes the subnet group', () => {
    const template = Template.fromStack(producerAndConsumer(RemovalPolicy.SNAPSHOT).producer);
    template.hasResource('AWS::RDS::DBInstance', { DeletionPolicy: 'Snapshot' });
    template.allResources('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain' });
    template.hasResource('AWS::RDS::DBSubnetGroup', { DeletionPolicy: 'Delete' });
  });
});

describe('PhiDatabase refusals', () => {
  const { database, fn } = fixture;

  it.each(['App', 'app-user', '', '1app'])('refuses the database user name %j', (user) => {
    expect(() => database.grantConnect(fn, user)).toThrow(/lowercase PostgreSQL identifier/);
  });

  it('refuses to grant the master user', () => {
    expect(() => database.grantConnect(fn, 'dbadmin')).toThrow(/master user/);
  });

  it('refuses a peer without a security group (never a CIDR)', () => {
    const peer = { connections: new ec2.Connections({ peer: ec2.Peer.ipv4('10.0.0.0/8') }) };
    expect(() => database.allowConnectionsFrom(peer, 'cidr')).toThrow(/never CIDR ranges/);
  });
});

describe('PhiDatabase engine', () => {
  it('runs the newest PostgreSQL major version aws-cdk-lib offers (fails when an upgrade brings a newer one)', () => {
    const majors = Object.values(rds.PostgresEngineVersion)
      .filter((v): v is rds.PostgresEngineVersion => v instanceof rds.PostgresEngineVersion)
      .map((v) => Number(v.postgresMajorVersion));
    expect(majors.length).toBeGreaterThan(10);
    expect(Number(POSTGRES_VERSION.postgresMajorVersion)).toBe(Math.max(...majors));
  });
});
