/**
 * Environment of the API function. The infrastructure (issue 5) sets exactly these; each getter fails
 * fast at cold start with the variable's name, so a wiring mistake surfaces on the first invocation
 * instead of as a confusing error deep inside a request.
 *
 * | variable                  | meaning                                                                     |
 * |---------------------------|-----------------------------------------------------------------------------|
 * | APP_NAME                  | app name; KMS encryption context `app` and the logger's service name        |
 * | AWS_REGION                | set by Lambda; KMS, SSM and the RDS IAM token signer use it                 |
 * | DB_HOST                   | RDS endpoint host name (must match the certificate: verify-full)            |
 * | DB_PORT                   | RDS port, e.g. 5432                                                         |
 * | DB_NAME                   | database name                                                               |
 * | DB_USER                   | database role, `phi_api` (IAM database authentication)                      |
 * | FIELD_KEY_ARN             | KMS symmetric key for per-record data keys (GenerateDataKey, Decrypt)       |
 * | BLIND_INDEX_KEY_ARN       | KMS HMAC_256 key for the SSN blind index (GenerateMac)                      |
 * | COGNITO_USER_POOL_ID      | user pool id, e.g. eu-west-1_AbCdEf123                                      |
 * | COGNITO_CLIENT_ID         | app client id the access tokens must carry                                  |
 * | JWKS_SOURCE               | `cognito` (HTTPS to Cognito; needs NAT) or `ssm:<parameter name>`           |
 * | NODE_EXTRA_CA_CERTS       | /var/runtime/ca-cert.pem (RDS CA bundle shipped by the Lambda Node runtime) |
 * | BREAK_GLASS_MINUTES       | optional, default 60, range 5-240                                           |
 * | DATA_KEY_CACHE_TTL_SECONDS| optional, default 300, range 1-900                                          |
 */
/** Where a database function connects; lib/constructs/api `databaseEnvironment` sets exactly these. */
export const DB_ENV = ['DB_HOST', 'DB_PORT', 'DB_NAME', 'DB_USER'] as const;

export interface DbConfig {
  host: string;
  port: number;
  database: string;
  user: string;
}

export const API_ENV = [
  'APP_NAME',
  'AWS_REGION',
  ...DB_ENV,
  'FIELD_KEY_ARN',
  'BLIND_INDEX_KEY_ARN',
  'COGNITO_USER_POOL_ID',
  'COGNITO_CLIENT_ID',
  'JWKS_SOURCE',
  'NODE_EXTRA_CA_CERTS',
] as const;
export const API_OPTIONAL_ENV = ['BREAK_GLASS_MINUTES', 'DATA_KEY_CACHE_TTL_SECONDS'] as const;

export type JwksSource = { kind: 'cognito' } | { kind: 'ssm'; parameterName: string };

export interface ApiConfig {
  appName: string;
  region: string;
  db: DbConfig;
  fieldKeyArn: string;
  blindIndexKeyArn: string;
  userPoolId: string;
  clientId: string;
  jwksSource: JwksSource;
  breakGlassMinutes: number;
  dataKeyCacheTtlSeconds: number;
}

type Env = Record<string, string | undefined>;

export function required(env: Env, name: string): string {
  const v = env[name];
  if (v === undefined || v.trim() === '') throw new Error(`Missing required environment variable ${name}.`);
  return v.trim();
}

export function integer(
  env: Env,
  name: string,
  fallback: number | undefined,
  min: number,
  max: number,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') {
    if (fallback === undefined) throw new Error(`Missing required environment variable ${name}.`);
    return fallback;
  }
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`Environment variable ${name} must be an integer from ${min} to ${max}.`);
  }
  return n;
}

const ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[A-Za-z0-9/_-]+$/;

function arn(env: Env, name: string): string {
  const v = required(env, name);
  if (!ARN.test(v)) throw new Error(`Environment variable ${name} must be a KMS key ARN.`);
  return v;
}

function jwksSource(env: Env): JwksSource {
  const v = required(env, 'JWKS_SOURCE');
  if (v === 'cognito') return { kind: 'cognito' };
  if (v.startsWith('ssm:') && v.length > 4) return { kind: 'ssm', parameterName: v.slice(4) };
  throw new Error('Environment variable JWKS_SOURCE must be "cognito" or "ssm:<parameter name>".');
}

export function loadDbConfig(env: Env): DbConfig {
  return {
    host: required(env, 'DB_HOST'),
    port: integer(env, 'DB_PORT', undefined, 1, 65535),
    database: required(env, 'DB_NAME'),
    user: required(env, 'DB_USER'),
  };
}

export function loadApiConfig(env: Env = process.env): ApiConfig {
  required(env, 'NODE_EXTRA_CA_CERTS');
  return {
    appName: required(env, 'APP_NAME'),
    region: required(env, 'AWS_REGION'),
    db: loadDbConfig(env),
    fieldKeyArn: arn(env, 'FIELD_KEY_ARN'),
    blindIndexKeyArn: arn(env, 'BLIND_INDEX_KEY_ARN'),
    userPoolId: required(env, 'COGNITO_USER_POOL_ID'),
    clientId: required(env, 'COGNITO_CLIENT_ID'),
    jwksSource: jwksSource(env),
    breakGlassMinutes: integer(env, 'BREAK_GLASS_MINUTES', 60, 5, 240),
    dataKeyCacheTtlSeconds: integer(env, 'DATA_KEY_CACHE_TTL_SECONDS', 300, 1, 900),
  };
}
