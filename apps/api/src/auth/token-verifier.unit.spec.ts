import { SignJWT } from 'jose';
import { ClaimMappingError, TOKEN_AUDIENCE, TOKEN_ISSUER } from '@journey-ledger/auth';
import { NoRoleError, TokenError, TokenVerifier } from './token-verifier';

const SECRET = 'a-test-secret-of-more-than-thirty-two-characters-0123456789';

/** A token as a provider would issue it: the claims given, signed, issued now, for an hour. */
const tokenWith = (claims: Record<string, unknown>) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('ana.lyst')
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(SECRET));

describe('verifying a token whose roles come from the identity provider’s claims', () => {
  const verifier = new TokenVerifier({
    JOURNEY_LEDGER_JWT_SECRET: SECRET,
    JOURNEY_LEDGER_ROLE_CLAIM: 'groups',
    JOURNEY_LEDGER_ROLE_MAP: 'jl-analysts=analyst; jl-auditors=auditor',
  });

  it('given a mapped group and a council, then the identity has the group’s role in that council', async () => {
    await expect(verifier.verify(await tokenWith({ groups: ['all-staff', 'jl-analysts'], tenant: 'north-shire' }))).resolves.toEqual({
      userId: 'ana.lyst',
      tenantId: 'north-shire',
      roles: ['analyst'],
    });
  });

  it('given roles the token claims for itself, then they count for nothing: only the mapped groups do', async () => {
    const refused = verifier.verify(await tokenWith({ groups: ['all-staff'], roles: ['admin'], tenant: 'north-shire' }));
    await expect(refused).rejects.toThrow(NoRoleError);
    await expect(refused).rejects.toThrow('your account is not allowed to use Journey Ledger: none of its "groups" values is mapped to a Journey Ledger role');
  });

  it('given no council in the tenant claim, then the token is refused as invalid (401), not as not allowed', async () => {
    const refused = verifier.verify(await tokenWith({ groups: ['jl-auditors'] }));
    await expect(refused).rejects.toThrow(TokenError);
    await expect(refused).rejects.toThrow('token names no council in its "tenant" claim');
  });

  it('given a map that names an unknown role, then the verifier cannot be made (the server does not start)', () => {
    expect(() => new TokenVerifier({ JOURNEY_LEDGER_JWT_SECRET: SECRET, JOURNEY_LEDGER_ROLE_MAP: 'jl-bosses=boss' })).toThrow(ClaimMappingError);
  });

  it('without a map, the token’s own roles and tenant count, as before', async () => {
    const plain = new TokenVerifier({ JOURNEY_LEDGER_JWT_SECRET: SECRET });
    await expect(plain.verify(await tokenWith({ roles: ['auditor'], tenant: 'north-shire', groups: ['jl-analysts'] }))).resolves.toEqual({
      userId: 'ana.lyst',
      tenantId: 'north-shire',
      roles: ['auditor'],
    });
  });
});

describe('a token verified a moment ago', () => {
  const issuedAt = Date.UTC(2026, 11, 4, 9, 0, 0);
  const signed = (claims: Record<string, unknown>, expiresInSeconds: number) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('ana.lyst')
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setIssuedAt(issuedAt / 1000)
      .setExpirationTime(issuedAt / 1000 + expiresInSeconds)
      .sign(new TextEncoder().encode(SECRET));

  it('is accepted again while it lives, and refused once it has expired, as if it had never been seen', async () => {
    // Given a verifier whose clock the test moves, and a token for ten minutes
    let now = issuedAt + 1_000;
    const verifier = new TokenVerifier({ JOURNEY_LEDGER_JWT_SECRET: SECRET, JOURNEY_LEDGER_JWT_CLOCK_SKEW: '30s' }, () => now);
    const token = await signed({ roles: ['analyst'], tenant: 'north-shire' }, 600);
    await expect(verifier.verify(token)).resolves.toMatchObject({ roles: ['analyst'] });
    // When it is used again within its life, then it is accepted
    now += 5 * 60_000;
    await expect(verifier.verify(token)).resolves.toMatchObject({ roles: ['analyst'] });
    // When it is used after its expiry and the tolerated clock skew, then it is refused
    now = issuedAt + 600_000 + 31_000;
    await expect(verifier.verify(token)).rejects.toThrow('token is invalid or expired');
  });

  it('is refused after its expiry even when it was last verified less than a minute before', async () => {
    let now = issuedAt + 1_000;
    const verifier = new TokenVerifier({ JOURNEY_LEDGER_JWT_SECRET: SECRET, JOURNEY_LEDGER_JWT_CLOCK_SKEW: '1s' }, () => now);
    const token = await signed({ roles: ['analyst'], tenant: 'north-shire' }, 30);
    await verifier.verify(token);
    now = issuedAt + 32_000;
    await expect(verifier.verify(token)).rejects.toThrow('token is invalid or expired');
  });

  it('is not remembered when it was refused: a forged copy of a good token stays refused', async () => {
    const verifier = new TokenVerifier({ JOURNEY_LEDGER_JWT_SECRET: SECRET });
    const token = await tokenWith({ roles: ['analyst'], tenant: 'north-shire' });
    const [header, payload] = token.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(43)}`;
    await expect(verifier.verify(forged)).rejects.toThrow(TokenError);
    await expect(verifier.verify(token)).resolves.toMatchObject({ roles: ['analyst'] });
    await expect(verifier.verify(forged)).rejects.toThrow(TokenError);
  });
});
