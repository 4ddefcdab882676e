import { ConfigProblem, ConfigValidationError, loadConfig } from '../../lib/config';

/** Loads a profile with `-c blueprint.KEY=VALUE` overrides, as the CLI passes them (strings). */
export function loadWithOverrides(profile: string, flat: Record<string, unknown> = {}) {
  const context = Object.fromEntries(Object.entries(flat).map(([k, v]) => [`blueprint.${k}`, v]));
  return loadConfig({ profile, ...context });
}

/** The problems a configuration error reports; fails the test if `fn` does not throw one. */
export function problemsOf(fn: () => unknown): ConfigProblem[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigValidationError) return [...error.problems];
    throw error;
  }
  throw new Error('expected a ConfigValidationError');
}
