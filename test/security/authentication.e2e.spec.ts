import { DEVELOPMENT_JWT_SECRET, TOKEN_AUDIENCE, TOKEN_ISSUER } from '@journey-ledger/auth';
import { generateKeyPairSync } from 'node:crypto';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, SignJWT } from 'jose';
import request from 'supertest';
import { mintToken } from '../../apps/cli/src/commands/token';
import { mountedRoutes, SecurityApp, startSecurityApp, STORES } from './support';

/** The server's secret: the strong one the test set-up configured (test/support/test-secrets.ts). */
const SECRET = () => new TextEncoder().encode(process.env.JOURNEY_LEDGER_JWT_SECRET as string);
const now = () => Math.floor(Date.now() / 1000);

async function token(
  claims: Record<string, unknown>,
  options: { secret?: Uint8Array; issuer?: string; audience?: string; exp?: number | string | null; iat?: number; nbf?: number; sub?: string } = {},
) {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt(options.iat);
  if (options.sub !== '') jwt.setSubject(options.sub ?? 'user-1');
  jwt.setIssuer(options.issuer ?? TOKEN_ISSUER).setAudience(options.audience ?? TOKEN_AUDIENCE);
  if (options.exp !== null) jwt.setExpirationTime(options.exp ?? '1h');
  if (options.nbf !== undefined) jwt.setNotBefore(options.nbf);
  return jwt.sign(options.secret ?? SECRET());
}

const good = { tenant: 'north-shire', roles: ['auditor'] };

describe.each(STORES)('authentication (%s store)', (kind) => {
  let t: SecurityApp;
  let journeyId: string;
  beforeAll(async () => {
    t = await startSecurityApp(kind);
    journeyId = await t.startJourney();
  });
  afterAll(async () => t.close());

  const get = (auth?: string) => {
    const r = request(t.http).get(`/journeys/${journeyId}/events`);
    return auth === undefined ? r : r.set('Authorization', auth);
  };

  it('serves health, the OpenAPI page and the sign-in settings without a token', async () => {
    expect((await request(t.http).get('/health')).status).toBe(200);
    expect((await request(t.http).get('/sign-in/config')).body).toEqual({ demo: false, provider: null });
    expect((await request(t.http).get('/docs')).status).toBeLessThan(400);
  });

  it('answers 401 on every other route without a token', async () => {
    const routes = mountedRoutes(t).filter((r) => r !== 'GET /health' && r !== 'GET /sign-in/config');
    expect(routes.length).toBeGreaterThan(20);
    for (const r of routes) {
      const [method, path] = r.split(' ');
      const url = path.replace(/:journeyId/g, journeyId).replace(/:[A-Za-z]+/g, 'x-1');
      const res = await (request(t.http) as any)[method.toLowerCase()](url).send({});
      expect({ route: r, status: res.status }).toEqual({ route: r, status: 401 });
    }
  });

  it.each<[string, () => Promise<string>]>([
    ['a malformed header', async () => 'Bearer not a token'],
    ['a non-bearer scheme', async () => `Basic ${Buffer.from('a:b').toString('base64')}`],
    ['garbage', async () => 'Bearer abc.def.ghi'],
    ['an expired token', async () => `Bearer ${await token(good, { exp: Math.floor(Date.now() / 1000) - 60 })}`],
    ['a bad signature', async () => `Bearer ${await token(good, { secret: new TextEncoder().encode('some-other-secret-0123456789-0123456789-0123') })}`],
    [
      'a token signed with the shipped development secret',
      async () => `Bearer ${await token(good, { secret: new TextEncoder().encode(DEVELOPMENT_JWT_SECRET) })}`,
    ],
    ['a token without expiry', async () => `Bearer ${await token(good, { exp: null })}`],
    ['a token living longer than the maximum (12h)', async () => `Bearer ${await token(good, { exp: now() + 13 * 3600 })}`],
    ['a token living longer than the maximum, back-dated', async () => `Bearer ${await token(good, { iat: now() - 3600, exp: now() + 12 * 3600 })}`],
    ['a token issued in the future', async () => `Bearer ${await token(good, { iat: now() + 300, exp: now() + 3600 })}`],
    ['a token not valid until later', async () => `Bearer ${await token(good, { nbf: now() + 300 })}`],
    ['a wrong issuer', async () => `Bearer ${await token(good, { issuer: 'https://evil.example' })}`],
    ['a wrong audience', async () => `Bearer ${await token(good, { audience: 'another-api' })}`],
    ['no subject', async () => `Bearer ${await token(good, { sub: '' })}`],
    ['no tenant claim', async () => `Bearer ${await token({ roles: ['auditor'] })}`],
    ['an unknown role', async () => `Bearer ${await token({ tenant: 'north-shire', roles: ['superuser'] })}`],
    ['roles not a list', async () => `Bearer ${await token({ tenant: 'north-shire', roles: 'auditor' })}`],
    [
      'alg none',
      async () => {
        const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
        const exp = Math.floor(Date.now() / 1000) + 3600;
        return `Bearer ${enc({ alg: 'none', typ: 'JWT' })}.${enc({ ...good, sub: 'u', iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE, exp })}.`;
      },
    ],
    [
      'an RS256 token from an unknown key',
      async () => {
        const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
        const jwt = await new SignJWT(good)
          .setProtectedHeader({ alg: 'RS256' })
          .setSubject('u')
          .setIssuer(TOKEN_ISSUER)
          .setAudience(TOKEN_AUDIENCE)
          .setExpirationTime('1h')
          .sign(privateKey);
        return `Bearer ${jwt}`;
      },
    ],
  ])('answers 401 for %s', async (_, auth) => {
    const res = await get(await auth());
    expect(res.status).toBe(401);
    expect(JSON.stringify(res.body)).not.toMatch(/journey-ledger-development-secret/);
  });

  it('answers 403 for a valid token of a council not served here', async () => {
    expect((await get(`Bearer ${await token({ tenant: 'atlantis', roles: ['auditor'] })}`)).status).toBe(403);
  });

  it('accepts a valid token, and one minted by the CLI `token` command', async () => {
    expect((await get(`Bearer ${await token(good)}`)).status).toBe(200);
    // A clock a little ahead of ours (within the tolerated skew) is no reason to refuse.
    expect((await get(`Bearer ${await token(good, { iat: now() + 20, exp: now() + 3600 })}`)).status).toBe(200);
    expect((await get(`Bearer ${await mintToken({ tenant: 'north-shire', user: 'cli-user', roles: 'auditor', expires: '5m' })}`)).status).toBe(200);
    await expect(mintToken({ tenant: 'north-shire', user: 'u', roles: 'root', expires: '5m' })).rejects.toThrow(/roles/);
    await expect(mintToken({ tenant: 'atlantis', user: 'u', roles: 'auditor', expires: '5m' })).rejects.toThrow(/not configured/);
  });
});

describe('authentication against a JWKS (an identity provider’s published keys)', () => {
  let t: SecurityApp;
  let server: Server;
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const saved = process.env.JOURNEY_LEDGER_JWKS_URL;

  beforeAll(async () => {
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    server = createServer((_, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    process.env.JOURNEY_LEDGER_JWKS_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
    t = await startSecurityApp('embedded');
  });
  afterAll(async () => {
    process.env.JOURNEY_LEDGER_JWKS_URL = saved;
    await t.close();
    await new Promise((r) => server.close(r));
  });

  it('accepts the provider’s RS256 tokens and refuses the development HS256 ones', async () => {
    const rs = await new SignJWT(good)
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setSubject('idp-user')
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setExpirationTime('5m')
      .sign(privateKey);
    expect((await request(t.http).get('/audit/public-key').set('Authorization', `Bearer ${rs}`)).status).toBe(200);
    expect(
      (
        await request(t.http)
          .get('/audit/public-key')
          .set('Authorization', `Bearer ${await token(good)}`)
      ).status,
    ).toBe(401);
  });
});
