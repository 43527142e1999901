import type { UserManager } from 'oidc-client-ts';
import { ApiError } from './api';
import type { Session } from './session';

/** What `GET /sign-in/config` says about the council's identity provider. */
export interface ProviderSettings {
  readonly issuer: string;
  readonly clientId: string;
  readonly scopes: string;
}

export interface SignInConfig {
  readonly demo: boolean;
  readonly provider: ProviderSettings | null;
}

/** The provider sends the browser back to the page itself, with `code` and `state` in the query. */
const redirectUri = () => `${window.location.origin}/`;

// The client library loads only when someone signs in through a provider, not with every page.
async function managerFor(p: ProviderSettings): Promise<UserManager> {
  const { UserManager, WebStorageStateStore } = await import('oidc-client-ts');
  return new UserManager({
    authority: p.issuer,
    client_id: p.clientId,
    scope: p.scopes,
    redirect_uri: redirectUri(),
    response_type: 'code',
    // The PKCE verifier and the user live in this tab's session storage only.
    stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    loadUserInfo: false,
    automaticSilentRenew: false,
    monitorSession: false,
  });
}

/** Whether this load is the provider sending the browser back (successfully or not). */
export function isProviderReturn(search: string = window.location.search): boolean {
  const q = new URLSearchParams(search);
  return q.has('state') && (q.has('code') || q.has('error'));
}

/** Off to the provider's sign-in page; `returnTo` (a page of ours, e.g. `#/map`) is reopened afterwards. */
export async function startProviderSignIn(p: ProviderSettings, returnTo: string): Promise<void> {
  await (await managerFor(p)).signinRedirect({ state: { returnTo } });
}

/**
 * Exchanges the returned code for tokens (with the PKCE verifier kept at the start). The code and
 * state leave the address bar first, whatever happens next, so they reach no history entry,
 * bookmark or shared link.
 */
export async function completeProviderSignIn(p: ProviderSettings): Promise<{ accessToken: string; returnTo: string }> {
  const url = window.location.href;
  window.history.replaceState(null, '', `${window.location.pathname}${window.location.hash}`);
  const manager = await managerFor(p);
  const user = await manager.signinRedirectCallback(url);
  // Our session keeps the access token; the library's copy (with the ID token) is not needed.
  await manager.removeUser();
  const state = user.state as { returnTo?: unknown } | undefined;
  return { accessToken: user.access_token, returnTo: typeof state?.returnTo === 'string' ? state.returnTo : '' };
}

/** Who the API takes the token's bearer to be: its roles come from the API's claim mapping, not from the page. */
export async function sessionFor(token: string): Promise<Session> {
  const res = await fetch('/sign-in/me', { headers: { Accept: 'application/json', Authorization: `Bearer ${token}` }, cache: 'no-store' });
  const body = (await res.json().catch(() => ({}))) as { message?: unknown; userId?: unknown; roles?: unknown };
  if (!res.ok) throw new ApiError(res.status, typeof body.message === 'string' ? body.message : res.statusText);
  if (typeof body.userId !== 'string' || !Array.isArray(body.roles)) throw new ApiError(res.status, 'the service did not say who you are');
  return { token, userId: body.userId, roles: body.roles.map(String) };
}
