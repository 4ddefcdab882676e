/**
 * npm run audit:verify -- [--head <seq>:<hex hash>]
 *
 * Verifies the audit hash chain in the database named by DATABASE_URL (read-only; the audit_reader role is
 * enough) and names the first edited, deleted or reordered record. With --head, also checks the chain
 * against the head recorded in the Object Lock archive (head.json of the audit export), which catches
 * records removed from the end. Exit code 0 intact, 1 broken, 2 usage or connection error.
 */
import { Client, ClientBase } from 'pg';
import { pgTypeParsers } from '../lambda/api/adapters/postgres/types';
import { PostgresAuditReader } from '../lambda/api/adapters/postgres/audit-repository';
import { verifyAuditChain } from '../lambda/api/domain/patient-service';
import { ArchivedHead, reportTrail, TrailReport } from '../lambda/shared/verify-trail';

export function parseHead(arg: string | undefined): ArchivedHead | null {
  if (arg === undefined) return null;
  const m = /^(\d+):([0-9a-f]{64})$/.exec(arg);
  if (!m) throw new Error('--head must be <seq>:<64 hex characters>.');
  return { seq: Number(m[1]), hashHex: m[2] };
}

export async function auditVerify(client: ClientBase, archived: ArchivedHead | null): Promise<TrailReport> {
  const verification = await verifyAuditChain(new PostgresAuditReader(client));
  let hashAtArchived: Buffer | null = null;
  if (archived) {
    const { rows } = await client.query<{ hash: Buffer }>('SELECT hash FROM audit_log WHERE seq = $1', [
      archived.seq,
    ]);
    hashAtArchived = rows[0]?.hash ?? null;
  }
  return reportTrail(verification, archived, hashAtArchived);
}

async function main(): Promise<number> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error(
      'Set DATABASE_URL, e.g. postgres://audit_reader@host:5432/app (use sslmode=verify-full in AWS).',
    );
    return 2;
  }
  const i = process.argv.indexOf('--head');
  const archived = parseHead(i === -1 ? undefined : process.argv[i + 1]);
  const client = new Client({ connectionString: url, types: pgTypeParsers });
  await client.connect();
  try {
    const report = await auditVerify(client, archived);
    for (const line of report.lines) console.log(line);
    return report.ok ? 0 : 1;
  } finally {
    await client.end();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(`audit:verify failed: ${e instanceof Error ? e.name : 'error'}`);
      process.exit(2);
    },
  );
}
