import { CognitoJwtVerifier } from 'aws-jwt-verify';
import type { Fetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache, type Jwks } from 'aws-jwt-verify/jwk';
import { isRole, type Role } from '../../domain/policy';

export interface Identity {
  sub: string;
  /** null when the token carries no recognised role group, or more than one. */
  role: Role | null;
}

export interface TokenVerifier {
  /** @throws on any invalid, expired or foreign token; callers answer 401 without detail. */
  verify(token: string): Promise<Identity>;
}

export interface CognitoVerifierOptions {
  userPoolId: string;
  clientId: string;
  /** A JWKS to start with (local mode, or the copy read from SSM at cold start). */
  jwks?: Jwks;
  /**
   * How to (re)load the JWKS when a token names an unknown key id. Default: HTTPS to Cognito's public
   * URL, which needs egress from the function's subnet (NAT). See adapters/auth/ssm-jwks-fetcher.ts for
   * the private-subnet alternative.
   */
  fetcher?: Fetcher;
}

/**
 * Cognito access tokens via aws-jwt-verify: signature against the pool's JWKS, issuer (the pool),
 * client_id (this app client), token_use=access, and expiry.
 */
export class CognitoTokenVerifier implements TokenVerifier {
  private readonly verifier;

  constructor(o: CognitoVerifierOptions) {
    this.verifier = CognitoJwtVerifier.create(
      { userPoolId: o.userPoolId, clientId: o.clientId, tokenUse: 'access' },
      // The penalty box stops a flood of tokens with made-up key ids from turning into JWKS reloads.
      { jwksCache: new SimpleJwksCache(o.fetcher ? { fetcher: o.fetcher } : {}) },
    );
    if (o.jwks) this.verifier.cacheJwks(o.jwks);
  }

  async verify(token: string): Promise<Identity> {
    const payload = await this.verifier.verify(token);
    return { sub: payload.sub, role: roleFromGroups(payload['cognito:groups']) };
  }
}

/**
 * Exactly one recognised group is a role. A user in two role groups gets none: silently picking the
 * wider one would break minimum necessary, and the fix (one group per user) belongs in Cognito.
 */
export function roleFromGroups(groups: unknown): Role | null {
  if (!Array.isArray(groups)) return null;
  const roles = groups.filter((g): g is Role => typeof g === 'string' && isRole(g));
  return roles.length === 1 ? roles[0] : null;
}
