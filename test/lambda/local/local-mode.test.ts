import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// `npm run local` end to end: starts, serves the API with the demo tokens, and Ctrl-C leaves no process.

jest.setTimeout(30_000);

const ROOT = join(__dirname, '..', '..', '..');
let child: ChildProcess;
let output = '';
let localDir: string;

function postgresPidsFor(marker: string): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
      } catch {
        return false;
      }
    })
    .map(Number);
}

beforeAll(async () => {
  localDir = mkdtempSync(join(tmpdir(), 'phi-api-local-test-'));
  child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), ['bin/local.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', LOCAL_DIR: localDir },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so the test can signal the group the way a terminal's Ctrl-C does.
    detached: true,
  });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const started = Date.now();
  while (!/listening on http:\/\/127\.0\.0\.1:\d+/.test(output)) {
    if (Date.now() - started > 20_000 || child.exitCode !== null) throw new Error('local mode did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
});

afterAll(() => {
  if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
  rmSync(localDir, { recursive: true, force: true });
});

it('serves the API through the same handler, with a token per role', async () => {
  const base = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)![1];
  const patientId = /demo patients: ([0-9a-f-]{36})/.exec(output)![1];
  const tokensFile = join(localDir, 'tokens.json');
  expect(statSync(tokensFile).mode & 0o777).toBe(0o600);
  const tokens = JSON.parse(readFileSync(tokensFile, 'utf8'));
  expect(Object.keys(tokens).sort()).toEqual([
    'admin',
    'billing',
    'clinician',
    'front-desk',
    'nurse',
    'privacy-officer',
  ]);

  expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: 'ok' });
  const read = await fetch(`${base}/patients/${patientId}`, {
    headers: { authorization: `Bearer ${tokens.clinician}` },
  });
  expect(read.status).toBe(200);
  expect(((await read.json()) as { patient: { familyName: string } }).patient.familyName).toBe('Alpha');
  const denied = await fetch(`${base}/patients/${patientId}`, {
    headers: { authorization: `Bearer ${tokens.admin}` },
  });
  expect(denied.status).toBe(403);
  expect(output).toContain('curl -s');
});

it('stops everything on Ctrl-C (SIGINT), leaving no PostgreSQL process', async () => {
  const before = postgresPidsFor('phi-api-local-');
  expect(before.length).toBeGreaterThan(0);
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  // Ctrl-C in a terminal signals the whole foreground process group: tsx and the node process it runs.
  process.kill(-child.pid!, 'SIGINT');
  // tsx reports a signal-initiated exit as 130 (128 + SIGINT) even when the script exits 0.
  expect([0, 130]).toContain(await exited);
  const deadline = Date.now() + 10_000;
  while (!output.includes('Stopped.') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(output).toContain('Stopped.');
  expect(postgresPidsFor('phi-api-local-').filter((p) => before.includes(p))).toEqual([]);
});
