import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';

/**
 * Copies the Cognito user pool's public signing keys (JWKS) into an SSM parameter, because the API function runs
 * in subnets without internet access and Cognito publishes the JWKS only at a public URL. Runs at deploy time and
 * on a schedule, outside the VPC. It handles no PHI: the JWKS is public data.
 *
 * Environment: USER_POOL_ID, JWKS_PARAMETER_NAME, AWS_REGION (set by Lambda).
 */

export interface Jwks {
  keys: { kid: string; kty: string; n?: string; e?: string; alg?: string; use?: string }[];
}

export interface RefreshDeps {
  fetchJson(url: string): Promise<unknown>;
  putParameter(name: string, value: string): Promise<void>;
}

export function jwksUrl(region: string, userPoolId: string): string {
  return `https://cognito-idp.${region}.amazonaws.com/${userPoolId}/.well-known/jwks.json`;
}

/** Refuses anything that is not a JWKS with RSA keys, so a bad answer never replaces a good parameter. */
export function parseJwks(body: unknown): Jwks {
  const keys = (body as { keys?: unknown })?.keys;
  if (!Array.isArray(keys) || keys.length === 0) throw new Error('The JWKS has no keys.');
  for (const key of keys) {
    if (
      typeof key?.kid !== 'string' ||
      key.kty !== 'RSA' ||
      typeof key.n !== 'string' ||
      typeof key.e !== 'string'
    ) {
      throw new Error('The JWKS holds a key that is not a complete RSA public key.');
    }
  }
  return { keys } as Jwks;
}

export async function refreshJwks(
  env: Record<string, string | undefined>,
  deps: RefreshDeps,
): Promise<number> {
  const { AWS_REGION: region, USER_POOL_ID: userPoolId, JWKS_PARAMETER_NAME: name } = env;
  if (!region || !userPoolId || !name) {
    throw new Error('AWS_REGION, USER_POOL_ID and JWKS_PARAMETER_NAME must be set.');
  }
  const jwks = parseJwks(await deps.fetchJson(jwksUrl(region, userPoolId)));
  await deps.putParameter(name, JSON.stringify(jwks));
  return jwks.keys.length;
}

const ssm = new SSMClient({});

export async function handler(): Promise<{ keys: number }> {
  const keys = await refreshJwks(process.env, {
    async fetchJson(url) {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (!response.ok) throw new Error(`JWKS request failed with HTTP ${response.status}.`);
      return response.json();
    },
    async putParameter(name, value) {
      await ssm.send(new PutParameterCommand({ Name: name, Value: value, Type: 'String', Overwrite: true }));
    },
  });
  console.log(JSON.stringify({ event: 'JWKS_REFRESHED', keys }));
  return { keys };
}
