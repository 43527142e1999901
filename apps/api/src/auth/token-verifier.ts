import { createRemoteJWKSet, jwtVerify } from 'jose';
import { LRUCache } from 'lru-cache';
import type { JWTVerifyGetKey } from 'jose';
import { claimMappingFromEnv, rolesFromClaims, ROLES, tenantFromClaims, TOKEN_AUDIENCE, TOKEN_ISSUER } from '@journey-ledger/auth';
import type { ClaimMapping, Role } from '@journey-ledger/auth';
import { TokenPolicy, tokenPolicyFromEnv, tokenTimeProblem } from './token-policy';

export interface VerifiedIdentity {
  readonly userId: string;
  readonly tenantId: string;
  readonly roles: Role[];
}

export class TokenError extends Error {}

/** A genuine token whose claims grant no Journey Ledger role: the person is known but not allowed (403, not 401). */
export class NoRoleError extends Error {}

/**
 * Verifies bearer tokens: against a JWKS URL (as councils' identity providers publish them) when
 * `JOURNEY_LEDGER_JWKS_URL` is set, else against the shared HS256 secret `JOURNEY_LEDGER_JWT_SECRET`.
 * The start-up check (config/start-up-secrets.ts) has made sure one of them is set and strong.
 * With `JOURNEY_LEDGER_ROLE_MAP` set, roles and council come from the provider's own claims through
 * that mapping (libs/auth claim-mapping.ts) instead of the token's `roles` and `tenant`.
 */
export class TokenVerifier {
  /**
   * Tokens verified in the last minute, so that a client sending many requests with one token
   * costs one signature check a minute rather than one a request. An entry is dropped when its
   * token expires or after a minute, whichever is first: no later than a signing key rotated out
   * of the provider's published set would stop being trusted anyway (jose keeps a fetched key set
   * for minutes). Bounded, least recently used out first.
   */
  private readonly recent: LRUCache<string, VerifiedIdentity>;
  private readonly jwks?: JWTVerifyGetKey;
  private readonly secret: Uint8Array;
  private readonly policy: TokenPolicy;
  /** A council's identity provider names itself and this API in its own words. */
  private readonly issuer: string;
  private readonly audience: string;
  private readonly mapping?: ClaimMapping;

  constructor(
    env: NodeJS.ProcessEnv = process.env,
    private readonly now: () => number = Date.now,
  ) {
    this.recent = new LRUCache({ max: 10_000, perf: { now }, ttlResolution: 0 });
    this.issuer = env.JOURNEY_LEDGER_JWT_ISSUER ?? env.JOURNEY_LEDGER_OIDC_ISSUER ?? TOKEN_ISSUER;
    this.audience = env.JOURNEY_LEDGER_JWT_AUDIENCE ?? TOKEN_AUDIENCE;
    if (env.JOURNEY_LEDGER_JWKS_URL) this.jwks = createRemoteJWKSet(new URL(env.JOURNEY_LEDGER_JWKS_URL));
    const secret = env.JOURNEY_LEDGER_JWT_SECRET;
    if (!secret && !this.jwks) throw new Error('JOURNEY_LEDGER_JWT_SECRET or JOURNEY_LEDGER_JWKS_URL must be set');
    this.secret = new TextEncoder().encode(secret ?? '');
    this.policy = tokenPolicyFromEnv(env);
    // An unreadable map stops the start here, naming the setting, rather than refusing everyone later.
    this.mapping = claimMappingFromEnv(env);
  }

  async verify(token: string): Promise<VerifiedIdentity> {
    const known = this.recent.get(token);
    if (known !== undefined) return known;
    const { identity, expiresAt } = await this.verifySignatureAndClaims(token);
    // At least a millisecond: a ttl of 0 would keep it for ever.
    this.recent.set(token, identity, { ttl: Math.max(1, Math.min(expiresAt - this.now(), 60_000)) });
    return identity;
  }

  private async verifySignatureAndClaims(token: string): Promise<{ identity: VerifiedIdentity; expiresAt: number }> {
    try {
      const options = {
        issuer: this.issuer,
        audience: this.audience,
        algorithms: this.jwks ? undefined : ['HS256'],
        clockTolerance: this.policy.clockSkewSeconds,
        currentDate: new Date(this.now()),
      };
      const { payload } = this.jwks ? await jwtVerify(token, this.jwks, options) : await jwtVerify(token, this.secret, options);
      const timing = tokenTimeProblem(payload, this.policy, Math.floor(this.now() / 1000));
      if (timing !== undefined) throw new TokenError(timing);
      // jose has checked the expiry against the clock; tokenTimeProblem has made sure there is one.
      const expiresAt = ((payload.exp as number) + this.policy.clockSkewSeconds) * 1000;
      if (typeof payload.sub !== 'string' || payload.sub === '') throw new TokenError('token has no subject');
      if (this.mapping !== undefined) {
        const tenantId = tenantFromClaims(payload, this.mapping);
        if (tenantId === undefined) throw new TokenError(`token names no council in its "${this.mapping.tenantClaim}" claim`);
        const roles = rolesFromClaims(payload, this.mapping);
        if (roles.length === 0) {
          throw new NoRoleError(
            `your account is not allowed to use Journey Ledger: none of its "${this.mapping.roleClaim}" values is mapped to a Journey Ledger role`,
          );
        }
        return { identity: { userId: payload.sub, tenantId, roles }, expiresAt };
      }
      const tenantId = payload.tenant;
      const roles = payload.roles;
      if (typeof tenantId !== 'string' || tenantId === '') throw new TokenError('token names no tenant');
      if (!Array.isArray(roles) || roles.some((r) => !ROLES.includes(r as Role))) throw new TokenError('token roles are missing or unknown');
      return { identity: { userId: payload.sub, tenantId, roles: roles as Role[] }, expiresAt };
    } catch (e) {
      if (e instanceof TokenError || e instanceof NoRoleError) throw e;
      throw new TokenError('token is invalid or expired');
    }
  }
}
