// A real, certified OpenID Connect provider (node-oidc-provider 8, the line that supports Node 20) for the browser tests: one public
// client signing in by authorization code with PKCE, JWT access tokens for the API, and accounts
// whose group claims the test chooses. The package is ESM-only, hence this module of its own,
// started as a child process. It prints `issuer <url>` once it listens.
//
// Settings (environment): OIDC_CLIENT_ID, OIDC_REDIRECT_URI, OIDC_AUDIENCE (the API, as the access
// token's audience), OIDC_ACCOUNTS (JSON: login → { groups, tenant }).
import { createServer } from 'node:http';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider from 'oidc-provider';

const { OIDC_CLIENT_ID, OIDC_REDIRECT_URI, OIDC_AUDIENCE, OIDC_ACCOUNTS } = process.env;
const accounts = JSON.parse(OIDC_ACCOUNTS ?? '{}');
const API_SCOPE = 'journey-ledger';

const server = createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const claimsOf = (login) => ({ groups: accounts[login]?.groups ?? [], tenant: accounts[login]?.tenant });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: OIDC_CLIENT_ID,
        token_endpoint_auth_method: 'none',
        redirect_uris: [OIDC_REDIRECT_URI],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test', use: 'sig', alg: 'RS256' }] },
    pkce: { required: () => true },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: { openid: ['sub'], groups: ['groups'] },
    findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id, ...claimsOf(id) }) }),
    // The page calls the token endpoint from its own origin.
    clientBasedCORS: (_ctx, origin, client) => client.redirectUris.some((uri) => new URL(uri).origin === origin),
    features: {
      devInteractions: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => OIDC_AUDIENCE,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: API_SCOPE,
          audience: OIDC_AUDIENCE,
          accessTokenFormat: 'jwt',
          accessTokenTTL: 3600,
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
    // The groups and council travel in the access token, as Microsoft Entra ID puts `groups` there.
    extraTokenClaims: (_ctx, token) => (token.kind === 'AccessToken' ? claimsOf(token.accountId) : undefined),
  });
  server.on('request', provider.callback());
  process.stdout.write(`issuer ${issuer}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
