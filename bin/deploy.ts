#!/usr/bin/env node
/**
 * `npm run deploy -- [cdk deploy options, e.g. -c profile=prod]`: the preflight, then `cdk deploy --all`.
 * The preflight loads the same configuration as bin/app.ts (cdk.json context plus `-c KEY=VALUE` arguments).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ConfigValidationError, loadConfig } from '../lib/config';
import { IdentitySource, preflight, StsIdentitySource } from '../lib/preflight';

function readContextFile(path: string, nested: boolean): Record<string, unknown> {
  if (!existsSync(path)) return {};
  const json = JSON.parse(readFileSync(path, 'utf8'));
  return (nested ? json.context : json) ?? {};
}

/**
 * The context `cdk deploy` will see, with the CLI's precedence (highest first): `-c KEY=VALUE`,
 * `--context KEY=VALUE` and `--context=KEY=VALUE` arguments, cdk.json, cdk.context.json, ~/.cdk.json. The preflight
 * must check the same configuration the deployment uses.
 */
export function contextFrom(
  args: readonly string[],
  projectDir = join(__dirname, '..'),
  homeDir = homedir(),
) {
  const context: Record<string, unknown> = {
    ...readContextFile(join(homeDir, '.cdk.json'), true),
    ...readContextFile(join(projectDir, 'cdk.context.json'), false),
    ...readContextFile(join(projectDir, 'cdk.json'), true),
  };
  for (let i = 0; i < args.length; i++) {
    let pair: string | undefined;
    if (args[i] === '-c' || args[i] === '--context') pair = args[++i];
    else if (args[i].startsWith('--context=')) pair = args[i].slice('--context='.length);
    if (pair?.includes('=')) {
      const [key, ...rest] = pair.split('=');
      context[key] = rest.join('=');
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
