import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClientBase } from 'pg';

export interface Migration {
  name: string;
  sql: string;
}

/** The SQL files shipped next to this code, in name order (001_, 002_, ...). */
export function loadMigrations(dir = join(__dirname, '..', '..', 'migrations')): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(dir, name), 'utf8') }));
}

// Any 64-bit constant works; it only has to be the same for every runner against this database.
const MIGRATION_LOCK = 0x6869706161_01n;

/**
 * Applies migrations not yet recorded, each in its own transaction, under an advisory lock so two
 * runners (two deploys, or a deploy racing a local run) cannot interleave. A recorded migration whose file
 * has changed stops the run: applied SQL is history, and a fix is a new file.
 */
export async function migrate(client: ClientBase, migrations: Migration[]): Promise<string[]> {
  const applied: string[] = [];
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK.toString()]);
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ name: string; checksum: string }>(
      'SELECT name, checksum FROM schema_migrations',
    );
    const done = new Map(rows.map((r) => [r.name, r.checksum]));
    for (const m of migrations) {
      const checksum = createHash('sha256').update(m.sql).digest('hex');
      const recorded = done.get(m.name);
      if (recorded !== undefined) {
        if (recorded !== checksum)
          throw new Error(`Migration ${m.name} changed after it was applied; add a new file.`);
        continue;
      }
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)', [
          m.name,
          checksum,
        ]);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK');
        throw e;
      }
      applied.push(m.name);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK.toString()]);
  }
  return applied;
}
