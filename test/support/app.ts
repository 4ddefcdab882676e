import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../lib/config';
import { BlueprintDeployment } from '../../lib/stacks';

/** The feature flags and settings of cdk.json, so tests synthesize exactly what `cdk synth` does. */
const CDK_JSON_CONTEXT: Record<string, unknown> = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'cdk.json'), 'utf8'),
).context;

/**
 * A test app with cdk.json's context plus `extra`. Bundling is skipped (`aws:cdk:bundling-stacks: []`) so
 * snapshots do not depend on esbuild output, and the check packs are not registered: tests run them with
 * `validateScope` (see nag.ts), which reports instead of throwing.
 */
export function testApp(extra: Record<string, unknown> = {}): App {
  return new App({
    context: { ...CDK_JSON_CONTEXT, 'aws:cdk:bundling-stacks': [], ...extra },
  });
}

export interface SynthesizedDeployment {
  readonly app: App;
  readonly deployment: BlueprintDeployment;
  readonly stacks: Stack[];
}

/**
 * Builds the whole deployment of a profile as bin/app.ts does. `overrides` are `-c blueprint.KEY=VALUE` style
 * overrides (typed values allowed).
 */
export function buildDeployment(
  profile = 'dev',
  overrides: Record<string, unknown> = {},
): SynthesizedDeployment {
  const flat = Object.fromEntries(Object.entries(overrides).map(([k, v]) => [`blueprint.${k}`, v]));
  const app = testApp({ profile, ...flat });
  const { config, warnings } = loadConfig(app.node.getAllContext());
  const deployment = new BlueprintDeployment(app, `${config.appName}-${config.profile}`, {
    config,
    configWarnings: warnings,
  });
  return { app, deployment, stacks: deployment.stacks };
}

const cache = new Map<string, SynthesizedDeployment>();

/** A deployment built once per profile and shared by the tests of a file; never mutate it. */
export function sharedDeployment(profile: string): SynthesizedDeployment {
  let built = cache.get(profile);
  if (!built) {
    built = buildDeployment(profile);
    cache.set(profile, built);
  }
  return built;
}

export function templateOf(stack: Stack): Template {
  return Template.fromStack(stack);
}
