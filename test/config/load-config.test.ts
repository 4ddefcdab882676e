import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CONFIG_KEYS,
  loadConfig,
  ObjectLockMode,
  PROFILE_NAMES,
  TLS13_ONLY_POLICIES,
} from '../../lib/config';
import { loadWithOverrides as load, problemsOf } from '../support/config';

describe('profiles', () => {
  it.each(PROFILE_NAMES)('%s defaults are valid', (profile) => {
    expect(load(profile).config.profile).toBe(profile);
  });

  it('defaults to dev when no profile is given', () => {
    expect(loadConfig({}).config.profile).toBe('dev');
  });

  it('prod locks the audit archive in COMPLIANCE mode, dev in GOVERNANCE', () => {
    expect(load('prod').config.objectLockMode).toBe(ObjectLockMode.COMPLIANCE);
    expect(load('dev').config.objectLockMode).toBe(ObjectLockMode.GOVERNANCE);
  });

  it('an unknown profile is refused with the valid names', () => {
    const [problem] = problemsOf(() => load('nonsense'));
    expect(problem.key).toBe('profile');
    expect(problem.fix).toContain('dev, prod');
  });
});

describe('refusals', () => {
  it('an unknown key is refused with the nearest valid key as a hint', () => {
    const [problem] = problemsOf(() => load('dev', { natGatways: '1' }));
    expect(problem).toMatchObject({ key: 'natGatways', value: '1' });
    expect(problem.fix).toContain('Did you mean natGateways?');
  });

  it.each([365, 2191, 0])('audit retention of %i days is refused (six years minimum)', (days) => {
    const [problem] = problemsOf(() => load('prod', { auditRetentionDays: String(days) }));
    expect(problem.key).toBe('auditRetentionDays');
    expect(problem.fix).toContain('at least 2192');
  });

  it('a retention CloudWatch Logs cannot express is refused even when long enough', () => {
    const [problem] = problemsOf(() => load('prod', { auditRetentionDays: '2200' }));
    expect(problem.fix).toContain('CloudWatch Logs accepts');
  });

  it.each([
    'ELBSecurityPolicy-2016-08',
    'ELBSecurityPolicy-TLS13-1-2-2021-06',
    'ELBSecurityPolicy-TLS13-1-2-PQ-2025-09',
  ])('TLS policy %s is refused: it accepts TLS 1.2 or older', (policy) => {
    const [problem] = problemsOf(() => load('dev', { albTlsPolicy: policy }));
    expect(problem.key).toBe('albTlsPolicy');
    expect(problem.fix).toContain(TLS13_ONLY_POLICIES[0]);
  });

  it.each(TLS13_ONLY_POLICIES)('TLS 1.3-only policy %s is accepted', (policy) => {
    expect(load('dev', { albTlsPolicy: policy }).config.albTlsPolicy).toBe(policy);
  });

  it('COMPLIANCE Object Lock in dev is refused without the explicit opt-in', () => {
    const [problem] = problemsOf(() => load('dev', { objectLockMode: 'COMPLIANCE' }));
    expect(problem.key).toBe('objectLockMode');
    expect(problem.fix).toContain('allowComplianceLockOutsideProd');
  });

  it('COMPLIANCE Object Lock in dev is accepted with the opt-in', () => {
    const { config } = load('dev', { objectLockMode: 'COMPLIANCE', allowComplianceLockOutsideProd: 'true' });
    expect(config.objectLockMode).toBe(ObjectLockMode.COMPLIANCE);
  });

  it('an account outside the BAA-covered allow-list is refused', () => {
    const [problem] = problemsOf(() => load('dev', { account: '999999999999' }));
    expect(problem.key).toBe('account');
    expect(problem.fix).toContain('BAA');
  });

  it('a region outside the allow-list is refused', () => {
    const [problem] = problemsOf(() => load('dev', { region: 'eu-west-1' }));
    expect(problem.key).toBe('region');
  });

  it('a certificate from another account or region is refused', () => {
    const arn = 'arn:aws:acm:us-west-2:111111111111:certificate/00000000-0000-4000-8000-000000000009';
    const [problem] = problemsOf(() => load('dev', { certificateArn: arn }));
    expect(problem.key).toBe('certificateArn');
  });

  it.each([
    ['natGateways', '4', 'azCount'],
    ['azCount', '1', '2 or 3'],
    ['vpcCidr', '10.0.0.0/8', '/16 to /24'],
    ['appName', 'Bad_Name', 'lowercase'],
    ['alarmEmail', 'not-an-address', 'e-mail'],
    ['keyAdminPrincipals', 'admin', 'ARNs'],
    ['databaseInstanceType', 'db.t4g.medium', 'without the db. prefix'],
    ['removalPolicy', 'sometimes', 'retain'],
    ['databaseMultiAz', 'yes', 'true or false'],
    ['wafRateLimitPer5Minutes', '5', 'WAF minimum'],
    ['refreshTokenValidityHours', '48', 'automatic logoff'],
    ['apiReservedConcurrency', '0', '1 to 1000'],
    ['auditExportIntervalMinutes', '2880', 'at least daily'],
  ])('%s=%s is refused naming the fix', (key, value, fixPart) => {
    const [problem] = problemsOf(() => load('dev', { [key]: value }));
    expect(problem.key).toBe(key);
    expect(problem.fix).toContain(fixPart);
  });

  it('reports every problem at once, not the first only', () => {
    const problems = problemsOf(() =>
      load('dev', { auditRetentionDays: '30', albTlsPolicy: 'ELBSecurityPolicy-2016-08', natGatways: '1' }),
    );
    expect(problems.map((p) => p.key).sort()).toEqual(['albTlsPolicy', 'auditRetentionDays', 'natGatways']);
  });

  it('the error message lists key, value and fix for each problem', () => {
    expect(() => load('dev', { auditRetentionDays: '30' })).toThrow(
      /auditRetentionDays = 30: must be at least 2192 days/,
    );
  });
});

describe('overrides', () => {
  it('cdk.json per-profile overrides apply to that profile only', () => {
    const blueprint = { prod: { natGateways: 2 }, dev: { natGateways: 0 } };
    expect(loadConfig({ profile: 'prod', blueprint }).config.natGateways).toBe(2);
    expect(loadConfig({ profile: 'dev', blueprint }).config.natGateways).toBe(0);
  });

  it('command-line overrides win over cdk.json overrides', () => {
    const context = { profile: 'dev', blueprint: { dev: { natGateways: 0 } }, 'blueprint.natGateways': '2' };
    expect(loadConfig(context).config.natGateways).toBe(2);
  });

  it('overrides for a profile that does not exist are refused', () => {
    const [problem] = problemsOf(() =>
      loadConfig({ profile: 'dev', blueprint: { staging: { natGateways: 1 } } }),
    );
    expect(problem.key).toBe('blueprint.staging');
  });

  it('lists arrive comma-separated or as JSON', () => {
    expect(load('dev', { allowedRegions: 'us-east-1, us-west-2' }).config.allowedRegions).toEqual([
      'us-east-1',
      'us-west-2',
    ]);
    expect(load('dev', { allowedRegions: '["us-east-1"]' }).config.allowedRegions).toEqual(['us-east-1']);
  });
});

describe('named warnings for deliberate weakenings', () => {
  it('GOVERNANCE Object Lock in prod is allowed but warned by name', () => {
    const { warnings } = load('prod', { objectLockMode: 'GOVERNANCE' });
    expect(warnings.map((w) => w.id)).toContain('BlueprintConfig-GovernanceLockInProd');
  });

  it('a single-AZ prod database is warned by name', () => {
    const { warnings } = load('prod', { databaseMultiAz: 'false' });
    expect(warnings.map((w) => w.id)).toContain('BlueprintConfig-ProdDatabaseSingleAz');
  });

  it('prod stateful resources that are not retained are warned by name', () => {
    const { warnings } = load('prod', { removalPolicy: 'destroy' });
    expect(warnings.map((w) => w.id)).toContain('BlueprintConfig-ProdStatefulNotRetained');
  });

  it('prod without Cognito threat protection is warned by name', () => {
    const { warnings } = load('prod', { cognitoThreatProtection: 'false' });
    expect(warnings.map((w) => w.id)).toContain('BlueprintConfig-ProdNoThreatProtection');
  });

  it('the shipped profiles carry no warnings', () => {
    for (const profile of PROFILE_NAMES) expect(load(profile).warnings).toEqual([]);
  });
});

describe('documentation', () => {
  const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'configuration.md'), 'utf8');
  it.each(CONFIG_KEYS)('key %s is documented in docs/configuration.md', (key) => {
    expect(doc).toMatch(new RegExp(`^\\|\\s*\`${key}\`\\s*\\|`, 'm'));
  });
});

describe('certificate source', () => {
  it('refuses a deployment without any certificate', () => {
    const [problem] = problemsOf(() => load('dev', { certificateArn: '' }));
    expect(problem.key).toBe('certificateArn');
    expect(problem.fix).toContain('domainName with hostedZoneId');
  });

  it('refuses a domain without its hosted zone', () => {
    const [problem] = problemsOf(() => load('dev', { certificateArn: '', domainName: 'api.example.org' }));
    expect(problem.key).toBe('domainName');
  });

  it('refuses a domain outside its hosted zone', () => {
    const [problem] = problemsOf(() =>
      load('dev', {
        certificateArn: '',
        domainName: 'api.example.com',
        hostedZoneId: 'Z0123456789ABCDEFGHIJ',
        hostedZoneName: 'example.org',
      }),
    );
    expect(problem.fix).toContain('inside the hosted zone example.org');
  });
});
