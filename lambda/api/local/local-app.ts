import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { LocalTokenIssuer } from '../adapters/auth/local-token-issuer';
import { CognitoTokenVerifier } from '../adapters/auth/token-verifier';
import { AppLogger, PowertoolsAppLogger } from '../adapters/logger';
import { PostgresTransactionRunner } from '../adapters/postgres/transaction-runner';
import { AlbHandler, createAlbHandler } from '../app';
import { DataKeyCache } from '../crypto/data-key-cache';
import { EnvelopeFieldCodec } from '../crypto/envelope-field-codec';
import { LocalBlindIndexer } from '../crypto/local-blind-indexer';
import { LocalKeyProvider } from '../crypto/local-key-provider';
import type { Clock, FieldCodec } from '../domain/ports';

export interface LocalAppOptions {
  pool: Pool;
  appName?: string;
  logger?: AppLogger;
  clock?: Clock;
  /** Replaces field encryption; only the benchmark does this, to measure what encryption costs. */
  codecOverride?: FieldCodec;
  breakGlassMinutes?: number;
  dataKeyCacheTtlMs?: number;
}

export interface LocalApp {
  handler: AlbHandler;
  issuer: LocalTokenIssuer;
  keyProvider: LocalKeyProvider;
  codec: FieldCodec;
  envelope: EnvelopeFieldCodec;
}

/**
 * The API with local adapters: in-memory keys instead of KMS, a local token issuer instead of Cognito
 * (verified by the same aws-jwt-verify path), a plain PostgreSQL connection. Local mode, the tests and
 * the benchmark all use it. Every local adapter refuses to load inside Lambda.
 */
export function createLocalApp(o: LocalAppOptions): LocalApp {
  const appName = o.appName ?? 'phi-api-local';
  const issuer = new LocalTokenIssuer();
  const keyProvider = new LocalKeyProvider();
  const envelope = new EnvelopeFieldCodec(
    keyProvider,
    new DataKeyCache(1000, o.dataKeyCacheTtlMs ?? 300_000),
    appName,
  );
  const codec = o.codecOverride ?? envelope;
  const handler = createAlbHandler({
    db: new PostgresTransactionRunner(o.pool),
    codec,
    blindIndex: new LocalBlindIndexer(randomBytes(32)),
    verifier: new CognitoTokenVerifier({
      userPoolId: issuer.userPoolId,
      clientId: issuer.clientId,
      jwks: issuer.jwks,
      // Nothing to fetch locally: an unknown key id is simply an invalid token.
      fetcher: { fetch: () => Promise.reject(new Error('No JWKS source in local mode.')) },
    }),
    logger: o.logger ?? new PowertoolsAppLogger(),
    clock: o.clock,
    breakGlassMinutes: o.breakGlassMinutes,
  });
  return { handler, issuer, keyProvider, codec, envelope };
}
