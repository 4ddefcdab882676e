import { loadWithOverrides as load } from '../support/config';

const TOGGLES = [
  ['enableGuardDuty', 'BlueprintConfig-ProdGuardDutyOff'],
  ['enableSecurityHub', 'BlueprintConfig-ProdSecurityHubOff'],
  ['enableConfigRecorder', 'BlueprintConfig-ProdConfigRecorderOff'],
  ['enableHipaaConformancePack', 'BlueprintConfig-ProdHipaaConformancePackOff'],
  ['enableAccessAnalyzer', 'BlueprintConfig-ProdAccessAnalyzerOff'],
] as const;

describe('account-level detection toggles', () => {
  it.each(TOGGLES)('%s is on in prod and off in dev by default', (key) => {
    expect(load('prod').config[key]).toBe(true);
    expect(load('dev').config[key]).toBe(false);
  });

  it.each(TOGGLES)('%s off in prod is allowed with warning %s', (key, warning) => {
    const { warnings } = load('prod', { [key]: 'false' });
    expect(warnings.map((w) => w.id)).toContain(warning);
  });

  it.each(TOGGLES)('%s on in dev is allowed without a warning', (key) => {
    const { config, warnings } = load('dev', { [key]: 'true' });
    expect(config[key]).toBe(true);
    expect(warnings.filter((w) => w.id.includes('Off'))).toEqual([]);
  });

  it('the prod defaults raise no detection warning', () => {
    expect(load('prod').warnings.filter((w) => w.id.endsWith('Off'))).toEqual([]);
  });

  it.each(TOGGLES)('%s must be true or false', (key) => {
    expect(() => load('prod', { [key]: 'yes' })).toThrow(new RegExp(`${key} = "yes": must be true or false`));
  });
});

describe('useOrganizationTrail', () => {
  it('is off in both profiles', () => {
    expect(load('prod').config.useOrganizationTrail).toBe(false);
    expect(load('dev').config.useOrganizationTrail).toBe(false);
  });

  it('on gives a warning that names what the organization trail must cover', () => {
    const warning = load('prod', { useOrganizationTrail: 'true' }).warnings.find(
      (w) => w.id === 'BlueprintConfig-OrganizationTrail',
    );
    expect(warning?.message).toMatch(/S3 data events on the PHI buckets/);
    expect(warning?.message).toMatch(/Lambda data events/);
  });
});
