import { API_ENV } from '../../../lambda/api/config';

/** A complete API environment with obviously synthetic values (example account, pool and client ids). */
export const SYNTHETIC_API_ENV: Readonly<Record<(typeof API_ENV)[number], string>> = {
  APP_NAME: 'phi-api',
  AWS_REGION: 'eu-west-1',
  DB_HOST: 'db.cluster-abc.eu-west-1.rds.amazonaws.com',
  DB_PORT: '5432',
  DB_NAME: 'phi',
  DB_USER: 'phi_api',
  FIELD_KEY_ARN: 'arn:aws:kms:eu-west-1:111122223333:key/00000000-0000-4000-8000-000000000001',
  BLIND_INDEX_KEY_ARN: 'arn:aws:kms:eu-west-1:111122223333:key/00000000-0000-4000-8000-000000000002',
  COGNITO_USER_POOL_ID: 'eu-west-1_AbCdEf123',
  COGNITO_CLIENT_ID: 'abcdefghijklmnopqrstuvwxy1',
  JWKS_SOURCE: 'ssm:/phi-api/cognito-jwks',
  NODE_EXTRA_CA_CERTS: '/var/runtime/ca-cert.pem',
};

/** Static fake credentials, so SDK clients construct without a credential lookup; nothing is sent to AWS. */
export const OFFLINE_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'AKIAEXAMPLETEST00000',
  AWS_SECRET_ACCESS_KEY: 'test-only-not-a-secret',
} as const;
