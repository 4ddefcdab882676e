import { createPrivateKey, generateKeyPairSync, KeyObject, randomUUID, sign } from 'node:crypto';
import type { Jwks } from 'aws-jwt-verify/jwk';
import { assertNotInLambda } from '../../crypto/local-key-provider';
import type { Role } from '../../domain/policy';

export const LOCAL_USER_POOL_ID = 'us-east-1_LocalDev01';
export const LOCAL_CLIENT_ID = 'localdevclient0000000000001';

export interface LocalTokenOptions {
  sub: string;
  groups: string[];
  /** Seconds from now; negative for an expired token in tests. */
  expiresIn?: number;
  clientId?: string;
  tokenUse?: string;
  issuer?: string;
}

/**
 * Signs Cognito-shaped access tokens with a local RSA key, for local mode and tests. The API verifies them
 * with the same aws-jwt-verify code path as in AWS, given this issuer's JWKS up front.
 */
export class LocalTokenIssuer {
  private readonly privateKey: KeyObject;
  readonly kid = `local-${randomUUID()}`;
  readonly jwks: Jwks;

  constructor(
    readonly userPoolId = LOCAL_USER_POOL_ID,
    readonly clientId = LOCAL_CLIENT_ID,
  ) {
    assertNotInLambda();
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = createPrivateKey(privateKey.export({ format: 'pem', type: 'pkcs8' }));
    const jwk = publicKey.export({ format: 'jwk' }) as { kty: string; n: string; e: string };
    this.jwks = { keys: [{ kty: jwk.kty, n: jwk.n, e: jwk.e, kid: this.kid, alg: 'RS256', use: 'sig' }] };
  }

  get issuer(): string {
    const region = this.userPoolId.split('_')[0];
    return `https://cognito-idp.${region}.amazonaws.com/${this.userPoolId}`;
  }

  issue(o: LocalTokenOptions): string {
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'RS256', kid: this.kid, typ: 'JWT' };
    const payload = {
      sub: o.sub,
      'cognito:groups': o.groups,
      iss: o.issuer ?? this.issuer,
      client_id: o.clientId ?? this.clientId,
      token_use: o.tokenUse ?? 'access',
      scope: 'aws.cognito.signin.user.admin',
      auth_time: now,
      iat: now,
      exp: now + (o.expiresIn ?? 3600),
      jti: randomUUID(),
      username: o.sub,
    };
    const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
    const signature = sign('RSA-SHA256', Buffer.from(signingInput), this.privateKey).toString('base64url');
    return `${signingInput}.${signature}`;
  }

  /** One token per role, with a stable synthetic user id per role. */
  issueForRole(role: Role, expiresIn?: number): string {
    return this.issue({ sub: demoUserId(role), groups: [role], expiresIn });
  }
}

export const demoUserId = (role: Role) => `demo-${role}`;

const b64url = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
