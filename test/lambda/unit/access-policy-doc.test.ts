import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OPERATIONS, ROLES } from '../../../lambda/api/domain/policy';
import { renderAccessPolicy } from '../../../lambda/api/domain/policy-doc';

// Prettier formats with dynamic imports, which Jest's CommonJS runtime cannot run: check through the CLI.
const ROOT = join(__dirname, '..', '..', '..');
const DOC = join(ROOT, 'docs', 'access-policy.md');
const check =
  (doc = DOC) =>
  () =>
    execFileSync(join(ROOT, 'node_modules', '.bin', 'tsx'), ['bin/access-policy-doc.ts', '--check'], {
      cwd: ROOT,
      stdio: 'pipe',
      env: { ...process.env, ACCESS_POLICY_DOC: doc },
    });

describe('docs/access-policy.md', () => {
  it('matches the policy table (run `npm run docs:access-policy` after changing it)', () => {
    expect(check()).not.toThrow();
  });

  it('the staleness check can fail', () => {
    const dir = mkdtempSync(join(tmpdir(), 'access-policy-'));
    try {
      const stale = join(dir, 'access-policy.md');
      writeFileSync(stale, readFileSync(DOC, 'utf8').replace('| any ', '| care team '));
      expect(check(stale)).toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('mentions every role and operation', () => {
    const doc = renderAccessPolicy();
    for (const x of [...ROLES, ...OPERATIONS]) expect(doc).toContain(x);
  });
});
