/**
 * npm run docs:access-policy            writes docs/access-policy.md from the policy table
 * npm run docs:access-policy -- --check exits 1 if the committed file is stale
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as prettier from 'prettier';
import { renderAccessPolicy } from '../lambda/api/domain/policy-doc';

const COMMITTED_DOC = join(__dirname, '..', 'docs', 'access-policy.md');
// ACCESS_POLICY_DOC lets the test check a copy instead of touching the committed file.
const DOC = process.env.ACCESS_POLICY_DOC ?? COMMITTED_DOC;

/** Formatted with the repository's Prettier settings so `npm run lint` stays clean on the generated file. */
async function formattedAccessPolicy(): Promise<string> {
  const options = (await prettier.resolveConfig(COMMITTED_DOC)) ?? {};
  return prettier.format(renderAccessPolicy(), { ...options, parser: 'markdown' });
}

async function main(): Promise<number> {
  const doc = await formattedAccessPolicy();
  if (process.argv.includes('--check')) {
    const current = readFileSync(DOC, 'utf8');
    if (current === doc) return 0;
    console.error('docs/access-policy.md is stale: run `npm run docs:access-policy`.');
    return 1;
  }
  writeFileSync(DOC, doc);
  console.log(`Wrote ${DOC}`);
  return 0;
}

void main().then((code) => process.exit(code));
