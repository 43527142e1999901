import { SignJWT } from 'jose';
import type { Role } from './roles';

/** Who tokens are issued by and for: the API and the command line mint and check the same names. */
export const TOKEN_ISSUER = 'journey-ledger';
export const TOKEN_AUDIENCE = 'journey-ledger-api';

/** The demo's shared secret, so that it runs without an identity provider. Public: refused outside the demo. */
export const DEVELOPMENT_JWT_SECRET = 'journey-ledger-development-secret-change-me-0123456789';

/** Mints a token signed with the shared secret (CLI `token`, tests, the demo); the development secret only when none is configured. */
export async function mintDevelopmentToken(
  identity: { userId: string; tenantId: string; roles: Role[] },
  options: { expiresIn?: string; secret?: string } = {},
): Promise<string> {
  const secret = new TextEncoder().encode(options.secret ?? process.env.JOURNEY_LEDGER_JWT_SECRET ?? DEVELOPMENT_JWT_SECRET);
  return new SignJWT({ tenant: identity.tenantId, roles: identity.roles })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(identity.userId)
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '8h')
    .sign(secret);
}
