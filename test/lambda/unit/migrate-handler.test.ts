import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { handler, MIGRATE_ENV } from '../../../lambda/api/migrate-handler';

// The happy path needs TLS to RDS and is exercised by the deployment itself; the migrations it runs are
// tested against PostgreSQL in test/lambda/api/migrations.test.ts. Here: its inputs fail fast.

const secrets = mockClient(SecretsManagerClient);
const ENV = {
  AWS_REGION: 'eu-west-1',
  DB_HOST: 'db.example.internal',
  DB_PORT: '5432',
  DB_NAME: 'phi',
  DB_MASTER_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-master-AbCdEf',
  NODE_EXTRA_CA_CERTS: '/var/runtime/ca-cert.pem',
};
const saved = { ...process.env };
beforeEach(() => {
  secrets.reset();
  Object.assign(process.env, ENV);
});
afterEach(() => {
  for (const k of Object.keys(ENV)) delete process.env[k];
  Object.assign(process.env, saved);
});

it('lists exactly the variables it needs', () => {
  expect([...MIGRATE_ENV].sort()).toEqual(Object.keys(ENV).sort());
});

it.each(MIGRATE_ENV.filter((n) => n !== 'AWS_REGION'))('fails fast without %s', async (name) => {
  delete process.env[name];
  secrets.on(GetSecretValueCommand).resolves({ SecretString: '{}' });
  await expect(handler()).rejects.toThrow(name);
});

it('reads the master secret it was given and refuses one without credentials', async () => {
  secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ username: 'postgres' }) });
  await expect(handler()).rejects.toThrow('no username/password');
  expect(secrets.commandCalls(GetSecretValueCommand)[0].args[0].input).toEqual({
    SecretId: ENV.DB_MASTER_SECRET_ARN,
  });
});
