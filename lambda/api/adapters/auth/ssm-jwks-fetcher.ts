import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { Fetcher } from 'aws-jwt-verify/https';
import type { AppLogger } from '../logger';

/**
 * Private-subnet JWKS: Cognito publishes signing keys only at a public URL, so a function without NAT
 * cannot fetch them. A small function outside the VPC copies the JWKS into this SSM parameter at deploy
 * time and on a schedule; this fetcher answers aws-jwt-verify's "fetch the JWKS URI" with the parameter,
 * read through the SSM interface endpoint. A key rotation is picked up on the first token with the new
 * key id after the parameter is refreshed.
 */
export class SsmJwksFetcher implements Fetcher {
  constructor(
    private readonly ssm: SSMClient,
    private readonly parameterName: string,
    private readonly logger?: AppLogger,
  ) {}

  async fetch(): Promise<ArrayBuffer> {
    const out = await this.ssm.send(new GetParameterCommand({ Name: this.parameterName }));
    const value = out.Parameter?.Value;
    if (!value) throw new Error('The JWKS parameter is empty.');
    // Loads are rare (cold start, key rotation); logging each makes a rotation visible in the logs.
    this.logger?.info('JWKS_LOADED', { count: countKeys(value) });
    const bytes = Buffer.from(value, 'utf8');
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }
}

function countKeys(json: string): number | null {
  try {
    const keys = (JSON.parse(json) as { keys?: unknown }).keys;
    return Array.isArray(keys) ? keys.length : null;
  } catch {
    return null;
  }
}
