import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  HIPAA_CONFIG_RULE_IDS,
  HIPAA_RULE_PARAMETERS,
  HipaaConformancePack,
  INLINE_TEMPLATE_BODY_LIMIT,
  hipaaConformancePackTemplate,
} from '../../../lib/constructs/monitoring';
import { fixtureStack } from '../../support/rule-fixture';

/** The project's shared facts live next to the repository (`../shared`); a fork without them skips the comparison. */
const SHARED_LIST = join(
  __dirname,
  '..',
  '..',
  '..',
  '..',
  'shared',
  'hipaa',
  'config-hipaa-managed-rules.txt',
);

describe('HIPAA conformance pack', () => {
  it('holds 130 unique managed rule ids', () => {
    expect(HIPAA_CONFIG_RULE_IDS).toHaveLength(130);
    expect(new Set(HIPAA_CONFIG_RULE_IDS).size).toBe(130);
  });

  (existsSync(SHARED_LIST) ? it : it.skip)('matches the shared list of the HIPAA Security pack', () => {
    const shared = readFileSync(SHARED_LIST, 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.length > 0 && !line.startsWith('#'));
    expect([...HIPAA_CONFIG_RULE_IDS].sort()).toEqual([...shared].sort());
  });

  it('sets parameters only for rules of the pack', () => {
    for (const id of Object.keys(HIPAA_RULE_PARAMETERS)) {
      expect(HIPAA_CONFIG_RULE_IDS).toContain(id);
    }
  });

  it('fits the inline template limit', () => {
    const bytes = Buffer.byteLength(hipaaConformancePackTemplate(), 'utf8');
    expect(bytes).toBeLessThan(INLINE_TEMPLATE_BODY_LIMIT);
  });

  it('deploys every rule id, with unique names, as an AWS managed rule', () => {
    const stack = fixtureStack();
    const pack = new HipaaConformancePack(stack, 'Pack', {
      conformancePackName: 'hipaa-test-hipaa-security',
    });
    // The L1 holds the body as given; reading it there spares a synthesis.
    const body = JSON.parse(pack.conformancePack.templateBody as string);
    const rules = Object.values(body.Resources) as {
      Type: string;
      Properties: { ConfigRuleName: string; Source: { Owner: string; SourceIdentifier: string } };
    }[];
    expect(
      rules.every((r) => r.Type === 'AWS::Config::ConfigRule' && r.Properties.Source.Owner === 'AWS'),
    ).toBe(true);
    expect(rules.map((r) => r.Properties.Source.SourceIdentifier).sort()).toEqual(
      [...HIPAA_CONFIG_RULE_IDS].sort(),
    );
    expect(new Set(rules.map((r) => r.Properties.ConfigRuleName)).size).toBe(130);
    expect(pack.templateBytes).toBe(Buffer.byteLength(pack.conformancePack.templateBody as string, 'utf8'));
  });

  it('refuses a template over the inline limit', () => {
    const ids = Array.from({ length: 600 }, (_, i) => `FIXTURE_RULE_${i}_WITH_A_LONG_IDENTIFIER`);
    expect(
      () => new HipaaConformancePack(fixtureStack(), 'Pack', { conformancePackName: 'x', ruleIds: ids }),
    ).toThrow(/over the 51200-byte inline limit/);
  });
});
