import { useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../api';
import { ErrorSummary, type SummaryError } from '../components/ErrorSummary';
import { Failure, Loading } from '../components/States';
import { completeProviderSignIn, isProviderReturn, sessionFor, startProviderSignIn, type SignInConfig } from '../oidc';
import { href } from '../logic/route';
import { getSession, sessionFromToken, setSession, type Session } from '../session';
import { useApi } from '../useApi';

const ROLE_HINTS: Record<string, string> = {
  designer: 'Dashboard, process map, journey explorer with replay, scenarios',
  analyst: 'Dashboard and process map (small counts suppressed)',
  auditor: 'Journey explorer and the audit trail',
  recorder: 'Records journeys through the API; no pages here',
};

/** Where the provider's return leaves us: still exchanging the code, refused by the API (403), or failed. */
type ProviderReturn = { state: 'none' } | { state: 'pending' } | { state: 'refused'; message: string } | { state: 'failed'; message: string };

/**
 * Through the council's identity provider (OpenID Connect, authorization code with PKCE) when one
 * is configured; in the demo, "sign in as" one of the development roles; with neither, a token from
 * the council's sign-in pasted in. Tokens are kept in this tab's session storage only.
 */
export function SignIn() {
  const config = useApi<SignInConfig>('/sign-in/config');
  const demo = useApi<{ tenant: string; roles: string[] }>(config.state === 'ok' && config.data.demo ? '/dev/sign-in' : null);
  const [role, setRole] = useState('');
  const [token, setToken] = useState('');
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [busy, setBusy] = useState(false);
  const [returned, setReturned] = useState<ProviderReturn>(() => (isProviderReturn() ? { state: 'pending' } : { state: 'none' }));
  // A code can be redeemed once: never twice, even if the page renders again meanwhile.
  const redeeming = useRef(false);
  const signedIn = getSession();

  const done = (session: Session, returnTo = '') => {
    setSession(session);
    window.location.hash = returnTo.startsWith('#/') ? returnTo : href('home');
  };

  useEffect(() => {
    if (returned.state !== 'pending' || config.state === 'loading' || redeeming.current) return;
    redeeming.current = true;
    const provider = config.state === 'ok' ? config.data.provider : null;
    if (provider === null) {
      window.history.replaceState(null, '', `${window.location.pathname}${window.location.hash}`);
      setReturned({ state: 'failed', message: 'This service does not sign in through an identity provider' });
      return;
    }
    completeProviderSignIn(provider)
      .then(async ({ accessToken, returnTo }) => done(await sessionFor(accessToken), returnTo))
      .catch((err: Error) =>
        setReturned(
          err instanceof ApiError && err.status === 403
            ? { state: 'refused', message: err.message }
            : { state: 'failed', message: err instanceof ApiError ? `${err.message} (${err.status})` : err.message || 'the identity provider did not answer' },
        ),
      );
  }, [returned.state, config.state]);

  const signInWithProvider = async () => {
    if (config.state !== 'ok' || config.data.provider === null) return;
    setBusy(true);
    try {
      const hash = window.location.hash;
      await startProviderSignIn(config.data.provider, hash.startsWith('#/') && !hash.startsWith('#/sign-in') ? hash : '');
    } catch {
      setBusy(false);
      setReturned({ state: 'failed', message: 'the identity provider could not be reached' });
    }
  };

  const signInAs = async (e: React.FormEvent) => {
    e.preventDefault();
    if (role === '') return setErrors([{ href: `role-${demo.state === 'ok' ? demo.data.roles[0] : ''}`, text: 'Select the role to sign in as' }]);
    setBusy(true);
    try {
      const r = await api.post<{ token: string }>('/dev/sign-in', { role });
      done(sessionFromToken(r.token));
    } catch (err) {
      setErrors([{ href: `role-${role}`, text: err instanceof ApiError ? err.message : 'Sign-in failed: try again' }]);
    } finally {
      setBusy(false);
    }
  };

  const signInWithToken = async (e: React.FormEvent) => {
    e.preventDefault();
    if (token.trim() === '') return setErrors([{ href: 'token', text: 'Enter your access token' }]);
    setBusy(true);
    try {
      done(await sessionFor(token.trim()));
    } catch (err) {
      setErrors([{ href: 'token', text: err instanceof ApiError && err.status === 403 ? err.message : 'Enter a valid access token' }]);
    } finally {
      setBusy(false);
    }
  };

  if (returned.state === 'pending') return <Loading what="your sign-in" />;

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">Sign in to Journey Ledger</h1>
        {signedIn !== null && (
          <p className="govuk-body">
            You are signed in as {signedIn.userId}.{' '}
            <a className="govuk-link" href={href('home')}>
              Continue
            </a>{' '}
            or sign in as someone else.
          </p>
        )}
        {returned.state === 'refused' && (
          <div className="govuk-warning-text" id="not-allowed">
            <span className="govuk-warning-text__icon" aria-hidden="true">
              !
            </span>
            <strong className="govuk-warning-text__text">
              <span className="govuk-visually-hidden">Warning</span>
              Your council account is not allowed to use Journey Ledger. Ask your service administrator to add you to one of its groups.
            </strong>
          </div>
        )}
        {returned.state === 'refused' && <p className="govuk-body govuk-hint">The service said: {returned.message}.</p>}
        {returned.state === 'failed' && (
          <div className="govuk-error-summary" role="alert" id="sign-in-failed">
            <h2 className="govuk-error-summary__title">Sign-in did not complete</h2>
            <div className="govuk-error-summary__body">
              <p className="govuk-body">{returned.message}. Try again.</p>
            </div>
          </div>
        )}
        {config.state === 'loading' && <Loading what="sign-in options" />}
        {config.state === 'error' && <Failure error={config.error} what="the sign-in options" />}
        {config.state === 'ok' && config.data.provider !== null && (
          <>
            <p className="govuk-body">Sign in with the account you use for your council's other services.</p>
            <button type="button" className="govuk-button govuk-button--start" id="sign-in-provider" disabled={busy} onClick={() => void signInWithProvider()}>
              {returned.state === 'refused' ? 'Sign in with another council account' : 'Sign in with your council account'}
            </button>
          </>
        )}
        {demo.state === 'ok' && (
          <form onSubmit={signInAs} noValidate>
            <div className={`govuk-form-group${errors.length ? ' govuk-form-group--error' : ''}`}>
              <fieldset className="govuk-fieldset" aria-describedby="role-hint">
                <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">Sign in as (demonstration)</legend>
                <div id="role-hint" className="govuk-hint">
                  This demonstration signs you in with a development role of {demo.data.tenant}. A council signs staff in through its own identity provider.
                </div>
                {errors.length > 0 && (
                  <p className="govuk-error-message">
                    <span className="govuk-visually-hidden">Error:</span> {errors[0].text}
                  </p>
                )}
                <div className="govuk-radios" data-module="govuk-radios">
                  {demo.data.roles.map((r) => (
                    <div className="govuk-radios__item" key={r}>
                      <input
                        className="govuk-radios__input"
                        id={`role-${r}`}
                        name="role"
                        type="radio"
                        value={r}
                        checked={role === r}
                        onChange={() => setRole(r)}
                        aria-describedby={`role-${r}-hint`}
                      />
                      <label className="govuk-label govuk-radios__label" htmlFor={`role-${r}`}>
                        {r[0].toUpperCase() + r.slice(1)}
                      </label>
                      <div id={`role-${r}-hint`} className="govuk-hint govuk-radios__hint">
                        {ROLE_HINTS[r]}
                      </div>
                    </div>
                  ))}
                </div>
              </fieldset>
            </div>
            <button type="submit" className="govuk-button" disabled={busy}>
              Sign in
            </button>
          </form>
        )}
        {config.state === 'ok' && config.data.provider === null && !config.data.demo && (
          <form onSubmit={(e) => void signInWithToken(e)} noValidate>
            <div className={`govuk-form-group${errors.length ? ' govuk-form-group--error' : ''}`}>
              <label className="govuk-label govuk-label--m" htmlFor="token">
                Access token
              </label>
              <div id="token-hint" className="govuk-hint">
                The bearer token from your council's sign-in. It is kept in this browser tab only, and forgotten when you close it.
              </div>
              {errors.length > 0 && (
                <p className="govuk-error-message">
                  <span className="govuk-visually-hidden">Error:</span> {errors[0].text}
                </p>
              )}
              <textarea
                className="govuk-textarea"
                id="token"
                name="token"
                rows={4}
                autoComplete="off"
                spellCheck={false}
                aria-describedby="token-hint"
                value={token}
                onChange={(e) => setToken(e.target.value)}
              />
            </div>
            <button type="submit" className="govuk-button" disabled={busy}>
              Sign in
            </button>
          </form>
        )}
      </div>
    </div>
  );
}
