import { KMSClient } from '@aws-sdk/client-kms';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { ALBEvent, ALBResult, Context } from 'aws-lambda';
import { SsmJwksFetcher } from './adapters/auth/ssm-jwks-fetcher';
import { CognitoTokenVerifier } from './adapters/auth/token-verifier';
import { KmsBlindIndexer } from './adapters/kms-blind-indexer';
import { KmsKeyProvider } from './adapters/kms-key-provider';
import { PowertoolsAppLogger } from './adapters/logger';
import { createIamPool } from './adapters/postgres/pool';
import { PostgresTransactionRunner } from './adapters/postgres/transaction-runner';
import { createAlbHandler } from './app';
import { loadApiConfig } from './config';
import { DataKeyCache } from './crypto/data-key-cache';
import { EnvelopeFieldCodec } from './crypto/envelope-field-codec';

// Composition root for AWS Lambda. Everything here runs once per execution environment (cold start):
// config is validated, clients are created, nothing connects until the first request needs it.
const config = loadApiConfig();
const kms = new KMSClient({ region: config.region });
const logger = new PowertoolsAppLogger();

const app = createAlbHandler({
  db: new PostgresTransactionRunner(
    createIamPool({
      ...config.db,
      region: config.region,
      max: 2,
      onIdleError: (e) => logger.warn('DB_CONNECTION_LOST', { errorName: e.name, sqlState: sqlStateOf(e) }),
    }),
  ),
  codec: new EnvelopeFieldCodec(
    new KmsKeyProvider(kms, config.fieldKeyArn),
    new DataKeyCache(1000, config.dataKeyCacheTtlSeconds * 1000),
    config.appName,
  ),
  blindIndex: new KmsBlindIndexer(kms, config.blindIndexKeyArn),
  verifier: new CognitoTokenVerifier({
    userPoolId: config.userPoolId,
    clientId: config.clientId,
    fetcher:
      config.jwksSource.kind === 'ssm'
        ? new SsmJwksFetcher(
            new SSMClient({ region: config.region }),
            config.jwksSource.parameterName,
            logger,
          )
        : undefined,
  }),
  logger,
  breakGlassMinutes: config.breakGlassMinutes,
});

function sqlStateOf(e: unknown): string | null {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : null;
}

export const handler = (event: ALBEvent, context: Context): Promise<ALBResult> => app(event, context);
