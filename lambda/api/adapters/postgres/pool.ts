import { Signer } from '@aws-sdk/rds-signer';
import { Pool, PoolConfig } from 'pg';
import { pgTypeParsers } from './types';

export interface IamPoolOptions {
  host: string;
  port: number;
  database: string;
  user: string;
  region: string;
  /** Connections per function instance. Lambda serves one request at a time, so 1-2 is enough. */
  max?: number;
  /** Called when the server drops an idle connection (failover, maintenance, idle timeout). */
  onIdleError?: (e: Error) => void;
}

/** Tokens live 15 minutes; renewing after 10 leaves margin for clock skew and a slow connect. */
export const IAM_TOKEN_REFRESH_MS = 10 * 60_000;

/**
 * IAM authentication tokens, signed locally with the function's role credentials (no network call),
 * reused until they are ten minutes old. Only new connections need a token: an established session
 * outlives the token that opened it.
 */
export class IamTokenSource {
  private cached: { token: string; at: number } | null = null;

  constructor(
    private readonly signer: Pick<Signer, 'getAuthToken'>,
    private readonly nowMs: () => number = Date.now,
  ) {}

  async token(): Promise<string> {
    if (!this.cached || this.nowMs() - this.cached.at >= IAM_TOKEN_REFRESH_MS) {
      this.cached = { token: await this.signer.getAuthToken(), at: this.nowMs() };
    }
    return this.cached.token;
  }
}

/**
 * The pool for AWS: TLS with certificate and host-name verification (verify-full) and TLS 1.3 only,
 * matching the server's ssl_min_protocol_version. The RDS CA is trusted through NODE_EXTRA_CA_CERTS
 * (the Lambda Node.js runtime ships it at /var/runtime/ca-cert.pem), so no CA file is bundled here.
 */
export function createIamPool(o: IamPoolOptions): Pool {
  const tokens = new IamTokenSource(
    new Signer({ hostname: o.host, port: o.port, username: o.user, region: o.region }),
  );
  return withIdleErrorHandler(
    new Pool({
      ...basePoolConfig(o.max ?? 2),
      host: o.host,
      port: o.port,
      database: o.database,
      user: o.user,
      password: () => tokens.token(),
      ssl: { rejectUnauthorized: true, servername: o.host, minVersion: 'TLSv1.3' },
    }),
    o.onIdleError,
  );
}

/** Plain connection for local mode and tests (embedded PostgreSQL on 127.0.0.1). */
export function createLocalPool(connectionString: string, max = 4, onIdleError?: (e: Error) => void): Pool {
  return withIdleErrorHandler(new Pool({ ...basePoolConfig(max), connectionString }), onIdleError);
}

/**
 * pg emits 'error' on the pool when the server drops an idle connection; with no listener that is an
 * uncaught exception that kills the execution environment mid-flight. The pool has already discarded the
 * broken client, and the next request opens a new connection, so reporting it is all that is left to do.
 */
function withIdleErrorHandler(pool: Pool, onIdleError: ((e: Error) => void) | undefined): Pool {
  pool.on('error', (e) => onIdleError?.(e));
  return pool;
}

function basePoolConfig(max: number): PoolConfig {
  return {
    max,
    types: pgTypeParsers,
    // Fail fast into a 503 rather than let a request hang until the Lambda timeout.
    connectionTimeoutMillis: 5_000,
    statement_timeout: 10_000,
    idleTimeoutMillis: 60_000,
    application_name: 'phi-api',
  };
}
