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

describe('pgaudit object auditing (004)', () => {
  it('creates rds_pgaudit without login and grants it SELECT, and only SELECT, on the PHI and audit tables', async () => {
    const role = await db.admin.query(
      "SELECT rolcanlogin, rolsuper, rolinherit FROM pg_roles WHERE rolname = 'rds_pgaudit'",
    );
    expect(role.rows).toEqual([{ rolcanlogin: false, rolsuper: false, rolinherit: true }]);
    const { rows } = await db.admin.query(
      `SELECT table_name, privilege_type FROM information_schema.role_table_grants
        WHERE grantee = 'rds_pgaudit' ORDER BY table_name, privilege_type`,
    );
    expect(rows).toEqual([
      { table_name: 'audit_log', privilege_type: 'SELECT' },
      { table_name: 'break_glass_grants', privilege_type: 'SELECT' },
      { table_name: 'patients', privilege_type: 'SELECT' },
    ]);
    // The object-audit role must not be a way in: nobody is a member of it.
    const members = await db.admin.query(
      "SELECT count(*)::int AS n FROM pg_auth_members WHERE roleid = 'rds_pgaudit'::regrole",
    );
    expect(members.rows[0].n).toBe(0);
  });

  it('creates the pgaudit extension only where it is available (not in embedded PostgreSQL)', async () => {
    const available = await db.admin.query("SELECT 1 FROM pg_available_extensions WHERE name = 'pgaudit'");
    const installed = await db.admin.query("SELECT 1 FROM pg_extension WHERE extname = 'pgaudit'");
    expect(installed.rowCount).toBe(available.rowCount);
  });
});

describe('audit_log ownership (004)', () => {
  it('belongs, with its trigger function, to a role that cannot log in', async () => {
    const { rows } = await db.admin.query(
      `SELECT (SELECT tableowner FROM pg_tables WHERE tablename = 'audit_log') AS table_owner,
              (SELECT proowner::regrole::text FROM pg_proc WHERE proname = 'audit_log_refuse_change') AS fn_owner,
              (SELECT rolcanlogin FROM pg_roles WHERE rolname = 'audit_log_owner') AS can_login,
              has_schema_privilege('audit_log_owner', 'public', 'CREATE') AS owner_may_create`,
    );
    expect(rows[0]).toEqual({
      table_owner: 'audit_log_owner',
      fn_owner: 'audit_log_owner',
      can_login: false,
      owner_may_create: false,
    });
  });

  it('leaves a non-superuser migration role (like the RDS master user) unable to switch the trigger off without taking the owner role first', async () => {
    const info = JSON.parse(process.env.API_TEST_PG!);
    const suffix = db.name.slice(2);
    const master = `master_${suffix}`;
    const fresh = `${db.name}_master`;
    const boot = new Client({ ...info, database: 'postgres' });
    await boot.connect();
    // RDS: the master user has CREATEROLE, owns the database, and keeps ADMIN OPTION on roles it creates.
    // The roles exist already here (cluster-wide), so the creator's grant is reproduced by hand.
    await boot.query(`CREATE ROLE ${master} LOGIN CREATEROLE PASSWORD 'test-only-master'`);
    await boot.query(`GRANT audit_log_owner TO ${master} WITH ADMIN OPTION, INHERIT FALSE, SET FALSE`);
    await boot.query(`CREATE DATABASE ${fresh} OWNER ${master}`);
    const c = new Client({ ...info, user: master, password: 'test-only-master', database: fresh });
    await c.connect();
    try {
      expect(await migrate(c, loadMigrations())).toEqual(loadMigrations().map((m) => m.name));
      const owner = await c.query("SELECT tableowner FROM pg_tables WHERE tablename = 'audit_log'");
      expect(owner.rows[0].tableowner).toBe('audit_log_owner');
      const held = await c.query(
        "SELECT pg_has_role(current_user, 'audit_log_owner', 'SET') AS can_set, pg_has_role(current_user, 'audit_log_owner', 'USAGE') AS inherits",
      );
      expect(held.rows[0]).toEqual({ can_set: false, inherits: false });
      for (const sql of [
        'ALTER TABLE audit_log DISABLE TRIGGER ALL',
        'DROP TRIGGER audit_log_no_update_delete ON audit_log',
        'CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$',
        'DELETE FROM audit_log',
        'TRUNCATE audit_log',
      ]) {
        await expect(c.query(sql)).rejects.toMatchObject({ code: '42501' });
      }
      // The honest limit: the master user can take the owner role back, explicitly (and pgaudit logs it).
      await c.query(`GRANT audit_log_owner TO ${master} WITH INHERIT FALSE, SET TRUE`);
      await c.query('SET ROLE audit_log_owner');
      await expect(c.query('ALTER TABLE audit_log DISABLE TRIGGER ALL')).resolves.toBeDefined();
    } finally {
      await c.end();
      await boot.query(`DROP DATABASE ${fresh}`);
      await boot.query(`DROP ROLE ${master}`);
      await boot.end();
    }
  });
});
