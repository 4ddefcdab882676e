import { Client } from 'pg';
import { loadMigrations, migrate } from '../../../lambda/api/adapters/postgres/migrate';
import { createLocalPool } from '../../../lambda/api/adapters/postgres/pool';
import { createTestDatabase, TestDatabase } from '../support/database';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.close());

describe('migrations', () => {
  it('are idempotent: a second run applies nothing', async () => {
    const c = await db.admin.connect();
    try {
      expect(await migrate(c, loadMigrations())).toEqual([]);
      const { rows } = await c.query('SELECT name FROM schema_migrations ORDER BY name');
      expect(rows.map((r) => r.name)).toEqual(loadMigrations().map((m) => m.name));
    } finally {
      c.release();
    }
  });

  it('refuse to run when an applied file was edited', async () => {
    const c = await db.admin.connect();
    try {
      const edited = loadMigrations().map((m, i) => (i === 0 ? { ...m, sql: `${m.sql}\n-- edited` } : m));
      await expect(migrate(c, edited)).rejects.toThrow(/001_roles.sql changed after it was applied/);
    } finally {
      c.release();
    }
  });

  it('roll back a failing migration as a whole', async () => {
    const c = await db.admin.connect();
    try {
      const bad = [
        ...loadMigrations(),
        { name: '999_bad.sql', sql: 'CREATE TABLE half_done (x int); SELECT 1/0;' },
      ];
      await expect(migrate(c, bad)).rejects.toThrow();
      const { rows } = await c.query("SELECT to_regclass('half_done') AS t");
      expect(rows[0].t).toBeNull();
    } finally {
      c.release();
    }
  });

  it('leave the API role without DDL rights', async () => {
    await expect(db.app.query('CREATE TABLE sneaky (x int)')).rejects.toMatchObject({ code: '42501' });
    await expect(db.app.query('ALTER TABLE audit_log DISABLE TRIGGER ALL')).rejects.toMatchObject({
      code: '42501',
    });
  });

  it('are safe to run concurrently (advisory lock): one runner applies all, the other none', async () => {
    const info = JSON.parse(process.env.API_TEST_PG!);
    const connect = async (database: string) => {
      const c = new Client({
        host: info.host,
        port: info.port,
        user: info.user,
        password: info.password,
        database,
      });
      await c.connect();
      return c;
    };
    const fresh = `${db.name}_race`;
    const boot = await connect('postgres');
    await boot.query(`CREATE DATABASE ${fresh}`);
    const clients = await Promise.all([connect(fresh), connect(fresh)]);
    try {
      const results = await Promise.all(clients.map((c) => migrate(c, loadMigrations())));
      const all = loadMigrations().map((m) => m.name);
      expect(results.map((r) => r.length).sort()).toEqual([0, all.length]);
    } finally {
      await Promise.all(clients.map((c) => c.end()));
      await boot.query(`DROP DATABASE ${fresh}`);
      await boot.end();
    }
  });
});

describe('connection pool', () => {
  it('survives the server dropping an idle connection, reports it, and reconnects', async () => {
    const info = JSON.parse(process.env.API_TEST_PG!);
    const dropped: string[] = [];
    const pool = createLocalPool(
      `postgres://phi_api:test-only-phi-api@${info.host}:${info.port}/${db.name}`,
      1,
      (e) => dropped.push(e.message),
    );
    try {
      const pid = (await pool.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      await db.admin.query('SELECT pg_terminate_backend($1)', [pid]);
      const deadline = Date.now() + 5000;
      while (dropped.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(dropped).toHaveLength(1);
      expect((await pool.query('SELECT 1 AS ok')).rows[0].ok).toBe(1);
    } finally {
      await pool.end();
    }
  });
});
