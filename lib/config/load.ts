import { PROFILE_NAMES, PROFILES } from './profiles';
import { BlueprintConfig, ConfigKey, ConfigProblem, ConfigWarning } from './schema';
import { CONFIG_KEYS, CONFIG_KINDS, ConfigValidationError, checkConfig, coerce } from './validate';

/** Context key that selects the profile: `cdk synth -c profile=prod`. */
export const PROFILE_CONTEXT_KEY = 'profile';
/** cdk.json context object with per-profile overrides: `{ "blueprint": { "prod": { "natGateways": 2 } } }`. */
export const OVERRIDES_CONTEXT_KEY = 'blueprint';
/** Prefix of one-off overrides on the command line: `-c blueprint.natGateways=0`. */
export const FLAT_OVERRIDE_PREFIX = `${OVERRIDES_CONTEXT_KEY}.`;
export const DEFAULT_PROFILE = 'dev';

export interface LoadedConfig {
  readonly config: BlueprintConfig;
  readonly warnings: readonly ConfigWarning[];
}

/** Levenshtein distance, to suggest the key a user probably meant. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

function unknownKeyFix(key: string): string {
  const nearest = [...CONFIG_KEYS].sort((x, y) => distance(key, x) - distance(key, y))[0];
  const hint = distance(key.toLowerCase(), nearest.toLowerCase()) <= 3 ? `Did you mean ${nearest}? ` : '';
  return `is not a configuration key. ${hint}Valid keys are listed in docs/configuration.md.`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Builds the configuration from the CDK context: profile defaults, then the cdk.json overrides for that profile,
 * then `-c blueprint.KEY=VALUE` flags. Throws `ConfigValidationError` listing every problem at once.
 */
export function loadConfig(context: Readonly<Record<string, unknown>>): LoadedConfig {
  const problems: ConfigProblem[] = [];
  const requested = context[PROFILE_CONTEXT_KEY] ?? DEFAULT_PROFILE;
  const profile = typeof requested === 'string' ? requested : String(requested);
  if (!PROFILE_NAMES.includes(profile)) {
    throw new ConfigValidationError(
      [
        {
          key: 'profile',
          value: requested,
          fix: `must be one of ${PROFILE_NAMES.join(', ')} (-c profile=NAME).`,
        },
      ],
      'profile selection',
    );
  }

  const overrides: Record<string, unknown> = {};
  const perProfile = context[OVERRIDES_CONTEXT_KEY];
  if (perProfile !== undefined) {
    if (!isPlainObject(perProfile)) {
      problems.push({
        key: OVERRIDES_CONTEXT_KEY,
        value: perProfile,
        fix: 'must be an object of profile name to overrides, e.g. { "prod": { "natGateways": 2 } }.',
      });
    } else {
      for (const [name, values] of Object.entries(perProfile)) {
        if (!PROFILE_NAMES.includes(name)) {
          problems.push({
            key: `${OVERRIDES_CONTEXT_KEY}.${name}`,
            value: values,
            fix: `names no profile; profiles are ${PROFILE_NAMES.join(', ')}.`,
          });
        } else if (!isPlainObject(values)) {
          problems.push({
            key: `${OVERRIDES_CONTEXT_KEY}.${name}`,
            value: values,
            fix: 'must be an object.',
          });
        } else if (name === profile) {
          Object.assign(overrides, values);
        }
      }
    }
  }
  for (const [contextKey, value] of Object.entries(context)) {
    if (contextKey.startsWith(FLAT_OVERRIDE_PREFIX))
      overrides[contextKey.slice(FLAT_OVERRIDE_PREFIX.length)] = value;
  }

  const merged: Record<string, unknown> = { ...PROFILES[profile], profile };
  for (const [key, value] of Object.entries(overrides)) {
    if (!(CONFIG_KEYS as string[]).includes(key)) {
      problems.push({ key, value, fix: unknownKeyFix(key) });
      continue;
    }
    merged[key] = coerce(CONFIG_KINDS[key as ConfigKey], value);
  }

  const config = merged as unknown as BlueprintConfig;
  const checked = checkConfig(config);
  problems.push(...checked.problems);
  if (problems.length > 0) throw new ConfigValidationError(problems, `profile ${profile}`);
  return { config: Object.freeze(config), warnings: checked.warnings };
}
