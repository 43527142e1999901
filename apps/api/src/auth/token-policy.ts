import type { JWTPayload } from 'jose';

/** `900s`, `30m`, `12h`, `2d` (or a bare number of seconds) in seconds; undefined when unreadable. */
export function parseDuration(text: string): number | undefined {
  const m = /^\s*(\d+)\s*([smhd]?)\s*$/.exec(text);
  if (m === null) return undefined;
  const seconds = Number(m[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
  return seconds > 0 ? seconds : undefined;
}

/**
 * What a token's times must satisfy besides its signature. A token that never expires, lives
 * longer than the council allows, or was issued in the future (a clock or a forger ahead of us)
 * is refused: a stolen token must stop working within `maxLifetime`.
 */
export interface TokenPolicy {
  /** Seconds between issue (or now, if `iat` is absent) and expiry. `JOURNEY_LEDGER_JWT_MAX_LIFETIME`, default 12h. */
  readonly maxLifetimeSeconds: number;
  /** Clock difference tolerated with the issuer. `JOURNEY_LEDGER_JWT_CLOCK_SKEW`, default 60s. */
  readonly clockSkewSeconds: number;
}

export function tokenPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): TokenPolicy {
  return {
    maxLifetimeSeconds: parseDuration(env.JOURNEY_LEDGER_JWT_MAX_LIFETIME ?? '12h') ?? 12 * 3600,
    clockSkewSeconds: parseDuration(env.JOURNEY_LEDGER_JWT_CLOCK_SKEW ?? '60s') ?? 60,
  };
}

/** Why the token's times are unacceptable, or undefined when they are fine. */
export function tokenTimeProblem(payload: JWTPayload, policy: TokenPolicy, nowSeconds = Math.floor(Date.now() / 1000)): string | undefined {
  const { exp, iat, nbf } = payload;
  if (typeof exp !== 'number') return 'token has no expiry';
  if (iat !== undefined && (typeof iat !== 'number' || iat > nowSeconds + policy.clockSkewSeconds)) return 'token is issued in the future';
  if (nbf !== undefined && (typeof nbf !== 'number' || nbf > nowSeconds + policy.clockSkewSeconds)) return 'token is not valid yet';
  const from = typeof iat === 'number' ? Math.min(iat, nowSeconds) : nowSeconds;
  if (exp - from > policy.maxLifetimeSeconds) return `token lives longer than the ${policy.maxLifetimeSeconds}s allowed`;
  return undefined;
}
