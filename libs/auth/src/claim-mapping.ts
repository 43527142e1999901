import { ROLES } from './roles';
import type { Role } from './roles';

/**
 * How a council's identity provider says who may do what: the claim that lists a user's groups
 * or application roles (`groups` in Microsoft Entra ID, `realm_access.roles` in Keycloak), which
 * of its values grant which Journey Ledger roles, and the claim that names the council (tenant).
 */
export interface ClaimMapping {
  /** A claim name, or a dotted path into nested claims. */
  readonly roleClaim: string;
  /** Claim value → the roles it grants; values not listed grant nothing. */
  readonly roles: ReadonlyMap<string, readonly Role[]>;
  readonly tenantClaim: string;
}

export class ClaimMappingError extends Error {}

/**
 * Reads `JOURNEY_LEDGER_ROLE_MAP`: entries separated by `;`, each `claim value=role[,role…]`, e.g.
 * `jl-analysts=analyst; 1f0c…=designer,analyst`. A value may hold `=` (it is split at the last one).
 */
export function parseRoleMap(text: string): Map<string, Role[]> {
  const map = new Map<string, Role[]>();
  for (const entry of text
    .split(';')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const at = entry.lastIndexOf('=');
    const value = at > 0 ? entry.slice(0, at).trim() : '';
    if (value === '') throw new ClaimMappingError(`JOURNEY_LEDGER_ROLE_MAP: "${entry}" is not "claim value=role"`);
    const roles = entry
      .slice(at + 1)
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean);
    if (roles.length === 0) throw new ClaimMappingError(`JOURNEY_LEDGER_ROLE_MAP: "${value}" grants no role`);
    const unknown = roles.filter((r) => !ROLES.includes(r as Role));
    if (unknown.length > 0) throw new ClaimMappingError(`JOURNEY_LEDGER_ROLE_MAP: ${unknown.join(', ')} is not a role (${ROLES.join(', ')})`);
    map.set(value, [...new Set([...(map.get(value) ?? []), ...(roles as Role[])])]);
  }
  if (map.size === 0) throw new ClaimMappingError('JOURNEY_LEDGER_ROLE_MAP maps no claim value to a role');
  return map;
}

/** The mapping configured by the environment; undefined when `JOURNEY_LEDGER_ROLE_MAP` is unset (tokens then carry `roles` themselves). */
export function claimMappingFromEnv(env: NodeJS.ProcessEnv = process.env): ClaimMapping | undefined {
  const map = env.JOURNEY_LEDGER_ROLE_MAP;
  if (map === undefined || map.trim() === '') return undefined;
  return {
    roleClaim: env.JOURNEY_LEDGER_ROLE_CLAIM?.trim() || 'groups',
    roles: parseRoleMap(map),
    tenantClaim: env.JOURNEY_LEDGER_TENANT_CLAIM?.trim() || 'tenant',
  };
}

/** A claim by name, or by dotted path when no claim has the whole name. */
function claimAt(claims: Record<string, unknown>, name: string): unknown {
  if (name in claims) return claims[name];
  let at: unknown = claims;
  for (const part of name.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}

/**
 * The Journey Ledger roles a token's claims grant under the mapping, in the order of `ROLES`.
 * The claim may be a list or a space-separated string (as `scope`-like claims are); values the
 * mapping does not list grant nothing, so an empty answer means "not allowed here".
 */
export function rolesFromClaims(claims: Record<string, unknown>, mapping: ClaimMapping): Role[] {
  const raw = claimAt(claims, mapping.roleClaim);
  const values = Array.isArray(raw) ? raw.filter((v): v is string => typeof v === 'string') : typeof raw === 'string' ? raw.split(/\s+/) : [];
  const granted = new Set(values.flatMap((v) => mapping.roles.get(v) ?? []));
  return ROLES.filter((r) => granted.has(r));
}

/** The council the token names in the mapping's tenant claim, or undefined. */
export function tenantFromClaims(claims: Record<string, unknown>, mapping: ClaimMapping): string | undefined {
  const raw = claimAt(claims, mapping.tenantClaim);
  return typeof raw === 'string' && raw !== '' ? raw : undefined;
}
