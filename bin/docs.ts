#!/usr/bin/env node
/**
 * `npm run docs`: writes docs/generated/ from the synthesized construct tree of every profile, so what auditors
 * read is what the code builds. `npm run docs -- --check` fails if a committed file is stale.
 */
import { App } from 'aws-cdk-lib';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { acknowledgementReport } from '../lib/compliance';
import { loadConfig, PROFILE_NAMES, resourcePrefix } from '../lib/config';
import { BlueprintDeployment } from '../lib/stacks';

const ROOT = join(__dirname, '..');

export function generatedDocs(): Record<string, string> {
  const context = JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')).context;
  const deployments = PROFILE_NAMES.map((profile) => {
    // Bundling is skipped: the documents describe resources, not function code.
    const app = new App({ context: { ...context, profile, 'aws:cdk:bundling-stacks': [] } });
    const { config } = loadConfig(app.node.getAllContext());
    return { profile, scope: new BlueprintDeployment(app, resourcePrefix(config), { config }) };
  });
  return { 'docs/generated/acknowledgements.md': acknowledgementReport(deployments) };
}

if (require.main === module) {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const [path, content] of Object.entries(generatedDocs())) {
    const file = join(ROOT, path);
    if (check) {
      let current = '';
      try {
        current = readFileSync(file, 'utf8');
      } catch {
        // missing counts as stale
      }
      if (current !== content) {
        console.error(`${path} is stale: run npm run docs`);
        stale++;
      }
    } else {
      writeFileSync(file, content);
      console.log(`wrote ${path}`);
    }
  }
  process.exit(stale === 0 ? 0 : 1);
}
