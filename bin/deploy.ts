#!/usr/bin/env node
/**
 * `npm run deploy -- [cdk deploy options, e.g. -c profile=prod]`: the preflight, then `cdk deploy --all`.
 * The preflight loads the same configuration as bin/app.ts (cdk.json context plus `-c KEY=VALUE` arguments).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigValidationError, loadConfig } from '../lib/config';
import { IdentitySource, preflight, StsIdentitySource } from '../lib/preflight';

/** Context from cdk.json and `-c KEY=VALUE` / `--context KEY=VALUE` arguments, as the CDK CLI merges it. */
export function contextFrom(args: readonly string[], cdkJsonPath = join(__dirname, '..', 'cdk.json')) {
  const context: Record<string, unknown> = { ...JSON.parse(readFileSync(cdkJsonPath, 'utf8')).context };
  for (let i = 0; i < args.length; i++) {
    if ((args[i] === '-c' || args[i] === '--context') && args[i + 1]?.includes('=')) {
      const [key, ...rest] = args[i + 1].split('=');
      context[key] = rest.join('=');
      i++;
    }
  }
  return context;
}

export interface DeployDependencies {
  readonly identityFor: (region: string) => IdentitySource;
  readonly runCdk: (args: string[]) => number;
  readonly log: (line: string) => void;
}

/** Returns the exit code. CDK runs only after a clean preflight. */
export async function deploy(args: readonly string[], deps: DeployDependencies): Promise<number> {
  let config;
  try {
    config = loadConfig(contextFrom(args)).config;
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      deps.log(error.message);
      return 1;
    }
    throw error;
  }
  const result = await preflight(config, deps.identityFor(config.region));
  if (!result.ok) {
    deps.log(`Preflight refused the deployment of ${config.appName}-${config.profile}:`);
    for (const problem of result.problems) deps.log(`  - ${problem}`);
    return 1;
  }
  deps.log(`Preflight passed: account ${config.account} (BAA-covered), region ${config.region}.`);
  return deps.runCdk(['deploy', '--all', ...args]);
}

if (require.main === module) {
  deploy(process.argv.slice(2), {
    identityFor: (region) => StsIdentitySource.forRegion(region),
    runCdk: (args) => spawnSync('npx', ['cdk', ...args], { stdio: 'inherit' }).status ?? 1,
    log: (line) => console.error(line),
  }).then((code) => process.exit(code));
}
