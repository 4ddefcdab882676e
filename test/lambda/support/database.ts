import { randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';
import { loadMigrations, migrate } from '../../../lambda/api/adapters/postgres/migrate';
import { createLocalPool } from '../../../lambda/api/adapters/postgres/pool';

interface ServerInfo {
  host: string;
  port: number;
  user: string;
  password: string;
}

export function serverInfo(): ServerInfo {
  const raw = process.env.API_TEST_PG;
  if (!raw) throw new Error('API_TEST_PG is not set: run through the `api` Jest project (global setup).');
  return JSON.parse(raw) as ServerInfo;
}

export const url = (s: ServerInfo, user: string, password: string, database: string) =>
  `postgres://${user}:${encodeURIComponent(password)}@${s.host}:${s.port}/${database}`;

export interface TestDatabase {
  name: string;
  /** Superuser: only for set-up and for playing the attacker (tamper tests). */
  admin: Pool;
  /** The API's role, phi_api, with the privileges the migrations grant it. */
  app: Pool;
  /** The export function's read-only role. */
  reader: Pool;
  close(): Promise<void>;
}

/** A fresh, migrated database for one test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const s = serverInfo();
  const name = `t_${randomBytes(6).toString('hex')}`;
  const bootstrap = new Client({ connectionString: url(s, s.user, s.password, 'postgres') });
  await bootstrap.connect();
  await bootstrap.query(`CREATE DATABASE ${name}`);
  await bootstrap.end();

  const admin = createLocalPool(url(s, s.user, s.password, name), 2);
  const c = await admin.connect();
  try {
    await migrate(c, loadMigrations());
  } finally {
    c.release();
  }
  const app = createLocalPool(url(s, 'phi_api', 'test-only-phi-api', name), 6);
  const reader = createLocalPool(url(s, 'audit_reader', 'test-only-audit-reader', name), 2);
  return {
    name,
    admin,
    app,
    reader,
    async close() {
      await Promise.all([app.end(), reader.end(), admin.end()]);
    },
  };
}
