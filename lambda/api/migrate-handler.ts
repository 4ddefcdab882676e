import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { join } from 'node:path';
import { Client } from 'pg';
import { loadMigrations, migrate } from './adapters/postgres/migrate';
import { pgTypeParsers } from './adapters/postgres/types';
import { integer, required } from './config';

/**
 * Applies lambda/api/migrations at deploy time. Wire it as a CDK `triggers.Trigger` that runs after the
 * database and before the API function's new version takes traffic (executeAfter: database; executeBefore:
 * API function), in the private subnets, with read access to the master secret only.
 *
 * Why at deploy time and not at API cold start: DDL needs the owner role, which the API must never hold;
 * concurrent cold starts would race (the runner's advisory lock would serialise them, but every cold start
 * would pay for it); and a failing migration should fail the deployment, not the first patient request.
 *
 * | variable              | meaning                                                          |
 * |-----------------------|------------------------------------------------------------------|
 * | AWS_REGION            | set by Lambda                                                    |
 * | DB_HOST, DB_PORT      | RDS endpoint (TLS verify-full, TLS 1.3)                          |
 * | DB_NAME               | database name                                                    |
 * | DB_MASTER_SECRET_ARN  | RDS-managed master secret ({"username","password"})              |
 * | NODE_EXTRA_CA_CERTS   | /var/runtime/ca-cert.pem                                         |
 * | MIGRATIONS_DIR        | optional; default `migrations` next to the bundle (copy          |
 * |                       | lambda/api/migrations there in the NodejsFunction afterBundling) |
 */
export const MIGRATE_ENV = [
  'AWS_REGION',
  'DB_HOST',
  'DB_PORT',
  'DB_NAME',
  'DB_MASTER_SECRET_ARN',
  'NODE_EXTRA_CA_CERTS',
] as const;

const secrets = new SecretsManagerClient({});

export const handler = async (): Promise<{ applied: string[] }> => {
  const env = process.env;
  // Every input is read before any call, so a wiring mistake names the variable instead of failing later.
  required(env, 'NODE_EXTRA_CA_CERTS');
  const host = required(env, 'DB_HOST');
  const port = integer(env, 'DB_PORT', undefined, 1, 65535);
  const database = required(env, 'DB_NAME');
  const secretId = required(env, 'DB_MASTER_SECRET_ARN');
  const secret = await secrets.send(new GetSecretValueCommand({ SecretId: secretId }));
  const { username, password } = JSON.parse(secret.SecretString ?? '{}') as {
    username?: string;
    password?: string;
  };
  if (!username || !password) throw new Error('The master secret has no username/password.');
  const client = new Client({
    host,
    port,
    database,
    user: username,
    password,
    ssl: { rejectUnauthorized: true, servername: host, minVersion: 'TLSv1.3' },
    types: pgTypeParsers,
    application_name: 'phi-api-migrate',
  });
  await client.connect();
  try {
    const applied = await migrate(
      client,
      loadMigrations(env.MIGRATIONS_DIR ?? join(__dirname, 'migrations')),
    );
    // Names only: migration files hold no data, and the Trigger's result is recorded by CloudFormation.
    console.log(JSON.stringify({ event: 'MIGRATIONS_APPLIED', applied }));
    return { applied };
  } finally {
    await client.end();
  }
};
