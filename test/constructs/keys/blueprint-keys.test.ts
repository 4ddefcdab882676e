import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { BlueprintKeys, KEY_ADMINISTRATION_ACTIONS } from '../../../lib/constructs/keys';
import { buildDeployment, sharedDeployment, templateOf } from '../../support/app';

interface Statement {
  Sid?: string;
  Action: string | string[];
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

const CRYPTO_ACTIONS = /^kms:(Decrypt|Encrypt|GenerateDataKey|ReEncrypt|CreateGrant|\*)/;

interface KeyResource {
  Properties: Record<string, unknown>;
  DeletionPolicy?: string;
}

function keysOf(template: Template): Record<string, KeyResource> {
  return template.findResources('AWS::KMS::Key') as Record<string, KeyResource>;
}

function statementsOf(key: { Properties: Record<string, unknown> }): Statement[] {
  return (key.Properties.KeyPolicy as { Statement: Statement[] }).Statement;
}

function actionsOf(statement: Statement): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

function keyByAlias(template: Template, aliasSuffix: string) {
  const aliases = template.findResources('AWS::KMS::Alias');
  const alias = Object.values(aliases).find((a) => (a.Properties.AliasName as string).endsWith(aliasSuffix));
  if (!alias) throw new Error(`no alias ending ${aliasSuffix}`);
  const keyId = (alias.Properties.TargetKeyId as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
  return keysOf(template)[keyId];
}

describe('BlueprintKeys in the dev foundation', () => {
  const template = templateOf(sharedDeployment('dev').deployment.foundation);
  const keys = Object.values(keysOf(template));

  it('creates one key per domain with an alias under the app prefix', () => {
    expect(keys).toHaveLength(5);
    for (const domain of ['phi-data', 'field-level', 'blind-index', 'audit-logs', 'backup']) {
      template.hasResourceProperties('AWS::KMS::Alias', { AliasName: `alias/hipaa-dev/${domain}` });
    }
  });

  it('every key waits 30 days before deletion and is retained', () => {
    for (const key of keys) {
      expect(key.Properties.PendingWindowInDays).toBe(30);
      expect(key.DeletionPolicy).toBe('Retain');
    }
  });

  it('every symmetric key rotates; the HMAC blind-index key is the only one that cannot', () => {
    const notRotating = keys.filter((k) => k.Properties.EnableKeyRotation !== true);
    expect(notRotating.map((k) => k.Properties.KeySpec)).toEqual(['HMAC_256']);
  });

  it('the blind-index key only computes MACs, for application roles', () => {
    const statements = statementsOf(keyByAlias(template, '/blind-index'));
    const use = statements.find((s) => s.Sid === 'UseByApplicationRoles')!;
    expect(actionsOf(use).sort()).toEqual(['kms:DescribeKey', 'kms:GenerateMac']);
    expect(statements).toHaveLength(2);
  });

  it("no role uses the PHI, audit or backup keys directly: only AWS services do, on a principal's behalf", () => {
    for (const alias of ['/phi-data', '/audit-logs', '/backup']) {
      const sids = statementsOf(keyByAlias(template, alias)).map((s) => s.Sid);
      expect(sids).not.toContain('UseByApplicationRoles');
    }
  });

  it('every statement for a service principal outside CloudWatch Logs is scoped to this account or resource', () => {
    for (const key of keys) {
      for (const statement of statementsOf(key)) {
        if (JSON.stringify(statement.Principal).includes('Service'))
          expect(statement.Condition).toBeDefined();
      }
    }
  });

  it('no statement of any key policy grants kms:* ', () => {
    for (const key of keys) {
      for (const statement of statementsOf(key)) expect(actionsOf(statement)).not.toContain('kms:*');
    }
  });

  it('administrators can manage but never use a key', () => {
    for (const key of keys) {
      const admin = statementsOf(key).find((s) => s.Sid === 'KeyAdministrationThroughIam');
      expect(admin).toBeDefined();
      expect(actionsOf(admin!).filter((a) => CRYPTO_ACTIONS.test(a))).toEqual([]);
      expect(actionsOf(admin!).sort()).toEqual([...KEY_ADMINISTRATION_ACTIONS].sort());
    }
  });

  it('the field-level key is usable only by application roles with the app encryption context', () => {
    const statements = statementsOf(keyByAlias(template, '/field-level'));
    expect(statements.map((s) => s.Sid).sort()).toEqual([
      'KeyAdministrationThroughIam',
      'UseByApplicationRoles',
    ]);
    const use = statements.find((s) => s.Sid === 'UseByApplicationRoles')!;
    expect(actionsOf(use).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    expect(use.Condition).toMatchObject({
      StringEquals: { 'kms:EncryptionContext:app': 'hipaa' },
      ArnLike: { 'aws:PrincipalArn': expect.anything() },
    });
    expect(JSON.stringify(use.Condition!.ArnLike)).toContain(':role/hipaa-dev-*');
  });

  it('CloudWatch Logs may use the audit key only for the blueprint log groups (aws:logs:arn)', () => {
    const logs = statementsOf(keyByAlias(template, '/audit-logs')).find(
      (s) => s.Sid === 'CloudWatchLogsForBlueprintLogGroups',
    )!;
    const arns = JSON.stringify(logs.Condition!.ArnLike['kms:EncryptionContext:aws:logs:arn']);
    expect(arns).toContain('log-group:/hipaa/dev/*');
    expect(arns).toContain('log-group:aws-waf-logs-hipaa-dev*');
  });

  it('CloudTrail may encrypt only for the blueprint trail (aws:SourceArn)', () => {
    const trail = statementsOf(keyByAlias(template, '/audit-logs')).find(
      (s) => s.Sid === 'CloudTrailEncryptsBlueprintTrail',
    )!;
    expect(JSON.stringify(trail.Condition!.StringEquals['aws:SourceArn'])).toContain(
      ':trail/hipaa-dev-trail',
    );
    expect(trail.Condition!.StringLike).toHaveProperty(['kms:EncryptionContext:aws:cloudtrail:arn']);
  });

  it('service use of the PHI key is limited to this account through named services', () => {
    const via = statementsOf(keyByAlias(template, '/phi-data')).find(
      (s) => s.Sid === 'UseThroughAwsServices',
    )!;
    expect(via.Condition!.StringEquals).toHaveProperty(['kms:CallerAccount']);
    expect(JSON.stringify(via.Condition!.StringEquals['kms:ViaService'])).toContain('rds.');
  });
});

describe('BlueprintKeys options', () => {
  it('configured key administrators are added; administration through IAM stays (KMS refuses a policy without it)', () => {
    const admin = 'arn:aws:iam::111111111111:role/KeyAdmins';
    const { deployment } = buildDeployment('dev', { keyAdminPrincipals: [admin] });
    const keys = Object.values(keysOf(templateOf(deployment.foundation)));
    for (const key of keys) {
      const named = statementsOf(key).find((s) => s.Sid === 'NamedKeyAdministrators')!;
      expect(named.Principal).toEqual({ AWS: admin });
      expect(actionsOf(named).filter((a) => CRYPTO_ACTIONS.test(a))).toEqual([]);
      const throughIam = statementsOf(key).find((s) => s.Sid === 'KeyAdministrationThroughIam')!;
      expect(actionsOf(throughIam)).toContain('kms:PutKeyPolicy');
      expect(JSON.stringify(throughIam.Principal)).toContain(':root');
    }
  });

  it('grantFieldEncryption carries the encryption-context condition into the grantee policy', () => {
    const stack = new Stack();
    const keys = new BlueprintKeys(stack, 'Keys', {
      resourcePrefix: 'app-test',
      appName: 'app',
      logGroupNamePrefix: '/app/test/',
      wafLogGroupNamePrefix: 'aws-waf-logs-app-test',
      trailName: 'app-test-trail',
    });
    const role = new iam.Role(stack, 'ApiRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    keys.grantFieldEncryption(role);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
            Condition: { StringEquals: { 'kms:EncryptionContext:app': 'app' } },
            Effect: 'Allow',
          },
        ],
      },
    });
  });
});
