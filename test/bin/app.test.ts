import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const CDK_JSON_CONTEXT = JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')).context;

/** Runs bin/app.ts the way the CDK CLI does: context in CDK_CONTEXT_JSON, output in CDK_OUTDIR. */
function runApp(context: Record<string, unknown>) {
  const outdir = mkdtempSync(join(tmpdir(), 'cdk-out-'));
  const result = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'bin/app.ts'],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        // Run the CDK's CloudFormation validation here as `cdk synth` does (test/support/infra-setup.ts skips it).
        CDK_VALIDATION: 'true',
        CDK_OUTDIR: outdir,
        CDK_CONTEXT_JSON: JSON.stringify({ ...CDK_JSON_CONTEXT, ...context }),
      },
      encoding: 'utf8',
    },
  );
  return { ...result, outdir };
}

describe('bin/app.ts', () => {
  it('synthesizes dev with all four check packs run and zero errors', () => {
    const { status, outdir, stderr } = runApp({ profile: 'dev' });
    try {
      expect(stderr).not.toContain('ERROR');
      expect(status).toBe(0);
      for (const pack of ['HIPAA.Security', 'AwsSolutions', 'NIST.800.53.R5', 'Blueprint']) {
        expect(stderr).toMatch(new RegExp(`${pack.replace(/\./g, '\\.')}: 0 errors, \\d+ warnings`));
      }
      expect(readFileSync(join(outdir, 'validation-report.json'), 'utf8')).toContain('pluginReports');
      // Real esbuild bundles: the migrations function carries the SQL files it applies.
      const assets = readdirSync(outdir).filter((name) => name.startsWith('asset.'));
      const withMigrations = assets.filter((a) => existsSync(join(outdir, a, 'migrations', '001_roles.sql')));
      expect(withMigrations).toHaveLength(1);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  it('refuses a bad configuration with exit code 1, the problems, and no stack trace', () => {
    const { status, stderr, outdir } = runApp({ profile: 'nonsense' });
    rmSync(outdir, { recursive: true, force: true });
    expect(status).toBe(1);
    expect(stderr).toContain('profile = "nonsense": must be one of dev, prod');
    expect(stderr).not.toMatch(/^\s+at /m);
  });
});
