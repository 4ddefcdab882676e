import { Match, Template } from 'aws-cdk-lib/assertions';
import { listAcknowledgements } from '../../lib/compliance';
import { PROFILE_NAMES } from '../../lib/config';
import { PGAUDIT_LOG } from '../../lib/constructs/database';
import { sharedDeployment } from '../support/app';
import { normalizedTemplate } from '../support/snapshot';

const templates = new Map<string, Template>();
function templateOf(profile: string): Template {
  let template = templates.get(profile);
  if (!template) {
    template = Template.fromStack(sharedDeployment(profile).deployment.data);
    templates.set(profile, template);
  }
  return template;
}

/** The logical id of the only resource of `type` (looked up, never hard-coded). */
function onlyLogicalId(template: Template, type: string): string {
  const ids = Object.keys(template.findResources(type));
  expect(ids).toHaveLength(1);
  return ids[0];
}

/** A cross-stack reference to a Foundation output whose name contains `fragment`. */
function foundationOutput(fragment: string) {
  return {
    'Fn::GetStackOutput': Match.objectLike({ OutputName: Match.stringLikeRegexp(fragment) }),
  };
}

/** The same reference, as a Jest matcher (for plain `expect` on extracted properties). */
function foundationOutputLike(fragment: string) {
  return {
    'Fn::GetStackOutput': expect.objectContaining({ OutputName: expect.stringMatching(fragment) }),
  };
}

/**
 * The template without the outputs CDK publishes for consumer stacks (`PublishOutput...`): those change when a
 * later stack starts or stops referencing this one, not when the data tier changes.
 */
function withoutConsumerOutputs(template: unknown): unknown {
  const { Outputs, ...rest } = template as { Outputs?: Record<string, unknown> };
  const own = Object.fromEntries(
    Object.entries(Outputs ?? {}).filter(([id]) => !id.startsWith('PublishOutput')),
  );
  return Object.keys(own).length > 0 ? { ...rest, Outputs: own } : rest;
}

describe.each(PROFILE_NAMES)('DataStack (%s)', (profile) => {
  const { data } = sharedDeployment(profile).deployment;
  const template = () => templateOf(profile);

  it('carries app name and profile in its stack name, and is protected from deletion in prod only', () => {
    expect(data.stackName).toBe(`hipaa-${profile}-data`);
    expect(data.terminationProtection).toBe(profile === 'prod');
  });

  describe('PHI database', () => {
    it('runs the newest PostgreSQL major of aws-cdk-lib in the isolated subnets, never publicly', () => {
      template().hasResourceProperties('AWS::RDS::DBInstance', {
        Engine: 'postgres',
        EngineVersion: '18',
        PubliclyAccessible: false,
        DBInstanceIdentifier: `hipaa-${profile}-database`,
        DBName: 'phi',
      });
      template().hasResourceProperties('AWS::RDS::DBSubnetGroup', {
        SubnetIds: Match.arrayWith([foundationOutput('DataSubnet1')]),
      });
      const subnets = template().findResources('AWS::RDS::DBSubnetGroup');
      expect(JSON.stringify(subnets)).not.toMatch(/PublicSubnet|ApplicationSubnet/);
    });

    it('encrypts storage and Performance Insights with the PHI key', () => {
      template().hasResourceProperties('AWS::RDS::DBInstance', {
        StorageEncrypted: true,
        KmsKeyId: foundationOutput('PhiDataKey'),
        EnablePerformanceInsights: true,
        PerformanceInsightsKMSKeyId: foundationOutput('PhiDataKey'),
      });
    });

    it('enforces TLS 1.3, loads pgaudit and logs connections, with the literal values RDS expects', () => {
      template().hasResourceProperties('AWS::RDS::DBParameterGroup', {
        Family: 'postgres18',
        Parameters: {
          'rds.force_ssl': '1',
          ssl_min_protocol_version: 'TLSv1.3',
          shared_preload_libraries: 'pg_stat_statements,pgaudit',
          'pgaudit.log': 'ddl,role,write',
          'pgaudit.log_parameter': '0',
          'pgaudit.log_catalog': '0',
          'pgaudit.role': 'rds_pgaudit',
          log_connections: '1',
          log_disconnections: '1',
          password_encryption: 'scram-sha-256',
          'rds.accepted_password_auth_method': 'scram',
        },
      });
      expect(PGAUDIT_LOG).toBe('ddl,role,write');
      const parameterGroup = onlyLogicalId(template(), 'AWS::RDS::DBParameterGroup');
      template().hasResourceProperties('AWS::RDS::DBInstance', {
        DBParameterGroupName: { Ref: parameterGroup },
      });
    });

    it('accepts IAM database authentication and pins the RDS CA for verify-full clients', () => {
      template().hasResourceProperties('AWS::RDS::DBInstance', {
        EnableIAMDatabaseAuthentication: true,
        CACertificateIdentifier: 'rds-ca-rsa2048-g1',
      });
    });

    it('exports postgresql and upgrade logs into log groups encrypted with the audit key and kept six years', () => {
      template().hasResourceProperties('AWS::RDS::DBInstance', {
        EnableCloudwatchLogsExports: ['postgresql', 'upgrade'],
      });
      for (const type of ['postgresql', 'upgrade']) {
        template().hasResourceProperties('AWS::Logs::LogGroup', {
          LogGroupName: `/aws/rds/instance/hipaa-${profile}-database/${type}`,
          KmsKeyId: foundationOutput('AuditLogsKey'),
          RetentionInDays: 2192,
        });
      }
      // pgaudit and connection records are audit records: marked for the Blueprint audit rules.
      template().hasResource('AWS::Logs::LogGroup', {
        Metadata: Match.objectLike({ BlueprintAuditRecord: { store: 'log' } }),
        Properties: Match.objectLike({
          LogGroupName: `/aws/rds/instance/hipaa-${profile}-database/postgresql`,
        }),
      });
      // The instance waits for its log groups, so RDS never creates them unencrypted.
      const instance = Object.values(template().findResources('AWS::RDS::DBInstance'))[0];
      expect(instance.DependsOn).toEqual(
        expect.arrayContaining(Object.keys(template().findResources('AWS::Logs::LogGroup'))),
      );
    });

    it('has enhanced monitoring, minor version upgrades and tags copied to snapshots', () => {
      template().hasResourceProperties('AWS::RDS::DBInstance', {
        MonitoringInterval: 60,
        MonitoringRoleArn: Match.anyValue(),
        AutoMinorVersionUpgrade: true,
        CopyTagsToSnapshot: true,
        StorageType: 'gp3',
      });
    });

    it('keeps the master secret under the PHI key and rotates it every 30 days inside the VPC', () => {
      template().hasResourceProperties('AWS::SecretsManager::Secret', {
        KmsKeyId: foundationOutput('PhiDataKey'),
      });
      const rotationGroup = Object.keys(template().findResources('AWS::EC2::SecurityGroup')).find((id) =>
        id.startsWith('DatabaseRotationSecurityGroup'),
      );
      template().hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
        RotationRules: { ScheduleExpression: 'rate(30 days)' },
        HostedRotationLambda: Match.objectLike({
          RotationType: 'PostgreSQLSingleUser',
          KmsKeyArn: foundationOutput('PhiDataKey'),
          VpcSecurityGroupIds: { 'Fn::GetAtt': [rotationGroup, 'GroupId'] },
          VpcSubnetIds: Match.anyValue(),
        }),
      });
    });

    it('lets the rotation function reach only the Secrets Manager endpoint (443) and the database (5432)', () => {
      const groups = template().findResources('AWS::EC2::SecurityGroup');
      const rotation = Object.keys(groups).find((id) => id.startsWith('DatabaseRotationSecurityGroup'))!;
      const database = Object.keys(groups).find((id) => id.startsWith('DatabaseSecurityGroup'))!;
      const egress = Object.values(template().findResources('AWS::EC2::SecurityGroupEgress'))
        .map((r) => r.Properties)
        .filter((p) => JSON.stringify(p.GroupId).includes(rotation));
      expect(egress).toEqual([
        expect.objectContaining({
          FromPort: 443,
          ToPort: 443,
          DestinationSecurityGroupId: foundationOutputLike('EndpointSecurityGroup'),
        }),
        expect.objectContaining({
          FromPort: 5432,
          ToPort: 5432,
          DestinationSecurityGroupId: { 'Fn::GetAtt': [database, 'GroupId'] },
        }),
      ]);
      // No inline rule either: no "allow all outbound" default.
      expect(groups[rotation].Properties.SecurityGroupEgress).toBeUndefined();
    });

    it('admits 5432 from security groups only, never from a CIDR range', () => {
      const groups = template().findResources('AWS::EC2::SecurityGroup');
      const database = Object.keys(groups).find((id) => id.startsWith('DatabaseSecurityGroup'))!;
      expect(groups[database].Properties.SecurityGroupIngress).toBeUndefined();
      const ingress = Object.values(template().findResources('AWS::EC2::SecurityGroupIngress'))
        .map((r) => r.Properties)
        .filter((p) => JSON.stringify(p.GroupId).includes(database));
      expect(ingress.length).toBeGreaterThan(0);
      for (const rule of ingress) {
        expect(rule).toMatchObject({ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432 });
        expect(rule.SourceSecurityGroupId).toBeDefined();
        expect(rule.CidrIp).toBeUndefined();
      }
    });

    it('takes its removal policy from the configuration', () => {
      const expected = profile === 'prod' ? 'Retain' : 'Delete';
      template().hasResource('AWS::RDS::DBInstance', {
        DeletionPolicy: expected,
        UpdateReplacePolicy: expected,
      });
    });
  });

  describe('PHI document bucket', () => {
    it('uses SSE-KMS with the PHI key and bucket keys, versioning, no public access, no ACLs', () => {
      template().hasResourceProperties('AWS::S3::Bucket', {
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            {
              BucketKeyEnabled: true,
              ServerSideEncryptionByDefault: {
                SSEAlgorithm: 'aws:kms',
                KMSMasterKeyID: foundationOutput('PhiDataKey'),
              },
            },
          ],
        },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      });
    });

    it('writes access logs to the access-log bucket and ages out noncurrent versions', () => {
      template().hasResourceProperties('AWS::S3::Bucket', {
        LoggingConfiguration: {
          DestinationBucketName: foundationOutput('AccessLogsBucket'),
          LogFilePrefix: `hipaa-${profile}-phi-documents/`,
        },
        LifecycleConfiguration: {
          Rules: [
            Match.objectLike({
              Status: 'Enabled',
              NoncurrentVersionExpiration: { NoncurrentDays: 365 },
              NoncurrentVersionTransitions: [{ StorageClass: 'GLACIER_IR', TransitionInDays: 30 }],
              AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
            }),
          ],
        },
      });
    });

    it('denies requests without TLS or below TLS 1.2, and uploads under any other encryption', () => {
      const statements = Object.values(template().findResources('AWS::S3::BucketPolicy'))[0].Properties
        .PolicyDocument.Statement;
      expect(statements).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          expect.objectContaining({
            Effect: 'Deny',
            Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } },
          }),
          expect.objectContaining({
            Sid: 'DenyUploadsNotEncryptedWithKms',
            Effect: 'Deny',
            Action: 's3:PutObject',
            Condition: { StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
          }),
          expect.objectContaining({
            Sid: 'DenyUploadsWithAnotherKmsKey',
            Effect: 'Deny',
            Action: 's3:PutObject',
          }),
        ]),
      );
    });

    it('has no replication by default (AWS Backup protects it)', () => {
      const bucket = Object.values(template().findResources('AWS::S3::Bucket'))[0];
      expect(bucket.Properties.ReplicationConfiguration).toBeUndefined();
    });
  });

  describe('AWS Backup', () => {
    it('keeps recovery points in a vault encrypted with the backup key and locked', () => {
      template().hasResourceProperties('AWS::Backup::BackupVault', {
        BackupVaultName: `hipaa-${profile}-phi`,
        EncryptionKeyArn: foundationOutput('BackupKey'),
        LockConfiguration: {
          MinRetentionDays: 35,
          MaxRetentionDays: 2192,
          ...(profile === 'prod' ? { ChangeableForDays: 3 } : {}),
        },
      });
    });

    it('runs a daily rule kept 35 days and a monthly rule kept a year', () => {
      template().hasResourceProperties('AWS::Backup::BackupPlan', {
        BackupPlan: {
          BackupPlanName: `hipaa-${profile}-phi`,
          BackupPlanRule: [
            Match.objectLike({
              RuleName: 'Daily',
              ScheduleExpression: 'cron(0 5 * * ? *)',
              Lifecycle: { DeleteAfterDays: 35 },
            }),
            Match.objectLike({
              RuleName: 'Monthly',
              ScheduleExpression: 'cron(0 5 1 * ? *)',
              Lifecycle: { DeleteAfterDays: 365 },
            }),
          ],
        },
      });
    });

    it('selects the database and the PHI bucket by resource, not by tag', () => {
      const database = onlyLogicalId(template(), 'AWS::RDS::DBInstance');
      const bucket = onlyLogicalId(template(), 'AWS::S3::Bucket');
      template().hasResourceProperties('AWS::Backup::BackupSelection', {
        BackupSelection: {
          SelectionName: 'phi-database-and-documents',
          Resources: Match.arrayWith([
            { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':db:$'), { Ref: database }])] },
            { 'Fn::GetAtt': [bucket, 'Arn'] },
          ]),
          ListOfTags: Match.absent(),
        },
      });
    });

    it('tests restores weekly: the database into the isolated subnets behind a closed group, and the documents', () => {
      const plan = onlyLogicalId(template(), 'AWS::Backup::RestoreTestingPlan');
      template().hasResourceProperties('AWS::Backup::RestoreTestingPlan', {
        RestoreTestingPlanName: `hipaa_${profile}_phi_restore_test`,
        ScheduleExpression: 'cron(0 6 ? * SUN *)',
        RecoveryPointSelection: {
          Algorithm: 'LATEST_WITHIN_WINDOW',
          RecoveryPointTypes: ['SNAPSHOT'],
          IncludeVaults: [
            { 'Fn::GetAtt': [onlyLogicalId(template(), 'AWS::Backup::BackupVault'), 'BackupVaultArn'] },
          ],
          SelectionWindowDays: 7,
        },
      });
      const subnetGroup = onlyLogicalId(template(), 'AWS::RDS::DBSubnetGroup');
      const restoreGroup = Object.keys(template().findResources('AWS::EC2::SecurityGroup')).find((id) =>
        id.startsWith('BackupRestoreTestSecurityGroup'),
      );
      template().hasResource('AWS::Backup::RestoreTestingSelection', {
        DependsOn: [plan],
        Properties: Match.objectLike({
          ProtectedResourceType: 'RDS',
          ValidationWindowHours: 2,
          RestoreMetadataOverrides: {
            dbsubnetgroupname: { Ref: subnetGroup },
            vpcsecuritygroupids: {
              'Fn::Join': ['', ['["', { 'Fn::GetAtt': [restoreGroup, 'GroupId'] }, '"]']],
            },
          },
        }),
      });
      template().hasResourceProperties('AWS::Backup::RestoreTestingSelection', {
        ProtectedResourceType: 'S3',
      });
      const groups = template().findResources('AWS::EC2::SecurityGroup');
      const restore = Object.entries(groups).find(([id]) =>
        id.startsWith('BackupRestoreTestSecurityGroup'),
      )![1];
      expect(restore.Properties.SecurityGroupIngress).toBeUndefined();
      expect(restore.Properties.SecurityGroupEgress).toEqual([
        expect.objectContaining({ CidrIp: '255.255.255.255/32' }),
      ]);
    });
  });

  it('matches the snapshot', () => {
    expect(withoutConsumerOutputs(normalizedTemplate(data))).toMatchSnapshot();
  });
});

describe('DataStack prod versus dev', () => {
  const instanceOf = (profile: string) =>
    Object.values(templateOf(profile).findResources('AWS::RDS::DBInstance'))[0].Properties;

  it('prod is Multi-AZ with deletion protection and 35 days of point-in-time recovery; dev is neither', () => {
    expect(instanceOf('prod')).toMatchObject({
      MultiAZ: true,
      DeletionProtection: true,
      BackupRetentionPeriod: 35,
      DBInstanceClass: 'db.m7g.large',
      AllocatedStorage: '100',
      MaxAllocatedStorage: 400,
    });
    expect(instanceOf('dev')).toMatchObject({
      MultiAZ: false,
      DeletionProtection: false,
      BackupRetentionPeriod: 7,
      DBInstanceClass: 'db.t4g.medium',
      AllocatedStorage: '20',
    });
  });

  it('prod locks the vault in compliance mode; dev leaves it in governance mode', () => {
    const lockOf = (profile: string) =>
      Object.values(templateOf(profile).findResources('AWS::Backup::BackupVault'))[0].Properties
        .LockConfiguration;
    expect(lockOf('prod').ChangeableForDays).toBe(3);
    expect(lockOf('dev').ChangeableForDays).toBeUndefined();
  });

  it('prod retains the database, bucket and vault; dev deletes them with the stack', () => {
    for (const type of ['AWS::RDS::DBInstance', 'AWS::S3::Bucket', 'AWS::Backup::BackupVault']) {
      templateOf('prod').hasResource(type, { DeletionPolicy: 'Retain' });
      templateOf('dev').hasResource(type, { DeletionPolicy: 'Delete' });
    }
  });

  it('acknowledges single-AZ and unprotected database findings in dev only', () => {
    const acknowledged = (profile: string) =>
      listAcknowledgements(sharedDeployment(profile).deployment.data.database)
        .map((a) => a.rule)
        .join(' ');
    expect(acknowledged('dev')).toContain('RDSMultiAZSupport');
    expect(acknowledged('dev')).toContain('RDSInstanceDeletionProtectionEnabled');
    expect(acknowledged('prod')).not.toContain('RDSMultiAZSupport');
    expect(acknowledged('prod')).not.toContain('RDSInstanceDeletionProtectionEnabled');
  });
});
