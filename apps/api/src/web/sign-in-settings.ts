/** The identity provider the web application signs staff in through (OpenID Connect, authorization code with PKCE). */
export interface SignInSettings {
  readonly provider: { readonly issuer: string; readonly clientId: string; readonly scopes: string } | null;
}

/**
 * `JOURNEY_LEDGER_OIDC_ISSUER` and `JOURNEY_LEDGER_OIDC_CLIENT_ID` (both, or no provider), and
 * `JOURNEY_LEDGER_OIDC_SCOPES` (default `openid profile`; add the API's own scope where the
 * provider issues access tokens per API, as Microsoft Entra ID does: `api://<app id>/access`).
 */
export function signInSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): SignInSettings {
  const issuer = env.JOURNEY_LEDGER_OIDC_ISSUER?.trim();
  const clientId = env.JOURNEY_LEDGER_OIDC_CLIENT_ID?.trim();
  if (!issuer || !clientId) return { provider: null };
  return { provider: { issuer, clientId, scopes: env.JOURNEY_LEDGER_OIDC_SCOPES?.trim() || 'openid profile' } };
}

/** The provider's origin, which the page must be allowed to call (discovery, token endpoint); undefined without a provider. */
export function providerOrigin(settings: SignInSettings): string | undefined {
  if (settings.provider === null) return undefined;
  try {
    return new URL(settings.provider.issuer).origin;
  } catch {
    return undefined;
  }
}
