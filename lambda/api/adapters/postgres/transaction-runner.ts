import type { Pool, PoolClient } from 'pg';
import type { RequestTransaction, TransactionRunner } from '../../domain/ports';
import { PostgresAuditWriter } from './audit-repository';
import { PostgresPatientRepository } from './patient-repository';

export class PostgresTransactionRunner implements TransactionRunner {
  constructor(private readonly pool: Pool) {}

  async inTransaction<T>(work: (tx: RequestTransaction) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await work(bindTransaction(client));
      await client.query('COMMIT');
      return result;
    } catch (e) {
      try {
        await client.query('ROLLBACK');
      } catch {
        // A connection that cannot roll back is not returned to the pool.
        broken = true;
      }
      throw e;
    } finally {
      client.release(broken);
    }
  }
}

function bindTransaction(client: PoolClient): RequestTransaction {
  const audit = new PostgresAuditWriter(client);
  let savepoints = 0;
  return {
    patients: new PostgresPatientRepository(client),
    auditLog: audit,
    appendAudit: (entry) => audit.append(entry),
    async attempt<T>(work: () => Promise<T>): Promise<T> {
      const name = `attempt_${++savepoints}`;
      await client.query(`SAVEPOINT ${name}`);
      try {
        const result = await work();
        await client.query(`RELEASE SAVEPOINT ${name}`);
        return result;
      } catch (e) {
        await client.query(`ROLLBACK TO SAVEPOINT ${name}`);
        throw e;
      }
    },
  };
}
