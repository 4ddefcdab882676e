import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// Proves the no-PHI-in-logs guard is live: a file that logs fixture PHI must fail the run.
const ROOT = join(__dirname, '..', '..', '..');

it('fails a test file whose code writes fixture PHI to the logs', () => {
  const config = {
    rootDir: ROOT,
    testEnvironment: 'node',
    transform: {
      '^.+\\.ts$': [
        '@swc/jest',
        { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
      ],
    },
    testMatch: ['<rootDir>/test/lambda/support/leak-canary.canary.ts'],
    setupFilesAfterEnv: ['<rootDir>/test/lambda/support/no-phi-in-logs.ts'],
  };
  const run = spawnSync(
    join(ROOT, 'node_modules', '.bin', 'jest'),
    ['--config', JSON.stringify(config), '--ci'],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  expect(run.status).toBe(1);
  // The failure names the leaked values so the developer can find them.
  expect(run.stderr).toContain('900-00-0001');
  expect(run.stderr).toMatch(/Synthetic note quokka-lantern-4471/);
});
