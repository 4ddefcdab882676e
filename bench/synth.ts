/**
 * `npm run bench:synth`: wall times of what a platform team runs, on this machine, from one run of this script.
 *  - `npx cdk synth` per profile, with the check packs and without them (`-c checks=false`), so the cost of the
 *    checks is visible;
 *  - `npm test` (typecheck, lint and every Jest test), once, unless `--skip-tests`.
 * Each synthesis runs REPEAT times into a scratch output folder; the median is reported with min and max.
 * Figures, not assertions: the targets are compared and printed, never enforced by a test.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';

const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
const ROOT = join(__dirname, '..');

function timed(command: string, args: string[]): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stderr.slice(-2000)}`);
  }
  return seconds;
}

function synthSeconds(profile: string, checks: boolean): number[] {
  const runs: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const out = mkdtempSync(join(tmpdir(), 'bench-synth-'));
    try {
      const args = ['cdk', 'synth', '--quiet', '-o', out, '-c', `profile=${profile}`];
      if (!checks) args.push('-c', 'checks=false');
      runs.push(timed('npx', args));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }
  return runs;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const fmt = (s: number) => `${s.toFixed(2)} s`;

function main(): void {
  console.log(
    `machine: ${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown cpu'}; node ${process.version}`,
  );
  console.log(`each synthesis ${REPEAT} times, median (min..max)`);
  for (const profile of ['dev', 'prod']) {
    const withChecks = synthSeconds(profile, true);
    const without = synthSeconds(profile, false);
    const overhead = (median(withChecks) / median(without) - 1) * 100;
    console.log(
      `cdk synth ${profile}: with checks ${fmt(median(withChecks))} (${fmt(Math.min(...withChecks))}..${fmt(Math.max(...withChecks))}), ` +
        `without ${fmt(median(without))} (${fmt(Math.min(...without))}..${fmt(Math.max(...without))}), ` +
        `checks add ${overhead.toFixed(0)}% [targets: < 10 s, checks <= 50%]`,
    );
  }
  if (!process.argv.includes('--skip-tests')) {
    console.log(`npm test: ${fmt(timed('npm', ['test']))} [target: < 60 s]`);
  }
}

main();
