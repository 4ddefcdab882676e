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
// Data directories local mode creates under the temp dir; they must be gone after Ctrl-C.
const dataDirs = () => new Set(readdirSync(tmpdir()).filter((d) => /^phi-api-local-(?!test-)/.test(d)));
let dataDirsBefore: Set<string>;

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
  dataDirsBefore = dataDirs();
  localDir = mkdtempSync(join(tmpdir(), 'phi-api-local-test-'));
  // As `npm run local` runs it: one Node process with tsx as a loader, so Ctrl-C reaches the script directly
  // (the tsx CLI's signal relay SIGKILLs a child that does not acknowledge within 30 ms, which under load
  // would orphan PostgreSQL).
  child = spawn(process.execPath, ['--import', 'tsx', 'bin/local.ts'], {
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
  // Searches are POSTs with the criteria in the body, exactly as the printed examples show.
  const found = await fetch(`${base}/patients/search`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens.billing}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ssn: '900-00-0001' }),
  });
  expect(found.status).toBe(200);
  expect(((await found.json()) as { patients: { id: string }[] }).patients.map((p) => p.id)).toEqual([
    patientId,
  ]);
  const inQuery = await fetch(`${base}/patients?ssn=900-00-0001`, {
    headers: { authorization: `Bearer ${tokens.billing}` },
  });
  expect(inQuery.status).toBe(400);
  expect(output).toContain('curl -s');
  expect(output).toContain(`-d '{"ssn":"900-00-0001"}' ${base}/patients/search`);
  expect(output).not.toMatch(/\/patients\?/);
});

it('stops everything on Ctrl-C (SIGINT), leaving no PostgreSQL process', async () => {
  const before = postgresPidsFor('phi-api-local-');
  expect(before.length).toBeGreaterThan(0);
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  // Ctrl-C in a terminal signals the whole foreground process group.
  process.kill(-child.pid!, 'SIGINT');
  expect(await exited).toBe(0);
  const deadline = Date.now() + 10_000;
  while (!output.includes('Stopped.') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(output).toContain('Stopped.');
  expect([...dataDirs()].filter((d) => !dataDirsBefore.has(d))).toEqual([]);
  expect(postgresPidsFor('phi-api-local-').filter((p) => before.includes(p))).toEqual([]);
});
