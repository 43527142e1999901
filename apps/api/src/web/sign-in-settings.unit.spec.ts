import { providerOrigin, signInSettingsFromEnv } from './sign-in-settings';

describe('the web pages’ sign-in settings', () => {
  it('given an issuer and a client id, the pages sign in through that provider, asking for openid and profile unless told otherwise', () => {
    expect(signInSettingsFromEnv({ JOURNEY_LEDGER_OIDC_ISSUER: 'https://idp.example/tenant/v2.0', JOURNEY_LEDGER_OIDC_CLIENT_ID: 'web-app' })).toEqual({
      provider: { issuer: 'https://idp.example/tenant/v2.0', clientId: 'web-app', scopes: 'openid profile' },
    });
    expect(
      signInSettingsFromEnv({
        JOURNEY_LEDGER_OIDC_ISSUER: 'https://idp.example',
        JOURNEY_LEDGER_OIDC_CLIENT_ID: 'web-app',
        JOURNEY_LEDGER_OIDC_SCOPES: 'openid api://jl/access',
      }),
    ).toMatchObject({ provider: { scopes: 'openid api://jl/access' } });
  });

  it('given only one of issuer and client id, or neither, there is no provider', () => {
    expect(signInSettingsFromEnv({ JOURNEY_LEDGER_OIDC_ISSUER: 'https://idp.example' })).toEqual({ provider: null });
    expect(signInSettingsFromEnv({ JOURNEY_LEDGER_OIDC_CLIENT_ID: 'web-app' })).toEqual({ provider: null });
    expect(signInSettingsFromEnv({})).toEqual({ provider: null });
  });

  it('the page may call the provider’s origin (discovery, token endpoint), and nothing when there is no provider', () => {
    expect(providerOrigin({ provider: { issuer: 'https://idp.example:8443/tenant/v2.0', clientId: 'x', scopes: 'openid' } })).toBe('https://idp.example:8443');
    expect(providerOrigin({ provider: null })).toBeUndefined();
    expect(providerOrigin({ provider: { issuer: 'not a url', clientId: 'x', scopes: 'openid' } })).toBeUndefined();
  });
});
