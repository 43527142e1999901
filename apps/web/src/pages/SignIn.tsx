import { useState } from 'react';
import { api, ApiError } from '../api';
import { ErrorSummary, type SummaryError } from '../components/ErrorSummary';
import { Loading } from '../components/States';
import { href } from '../logic/route';
import { getSession, sessionFromToken, setSession } from '../session';
import { useApi } from '../useApi';

const ROLE_HINTS: Record<string, string> = {
  designer: 'Dashboard, process map, journey explorer with replay, scenarios',
  analyst: 'Dashboard and process map (small counts suppressed)',
  auditor: 'Journey explorer and the audit trail',
  recorder: 'Records journeys through the API; no pages here',
};

/**
 * In the demo, "sign in as" one of the development roles; elsewhere, a token from the council's
 * identity provider pasted in (it is kept in this tab's session storage only).
 */
export function SignIn() {
  const demo = useApi<{ tenant: string; roles: string[] }>('/dev/sign-in');
  const [role, setRole] = useState('');
  const [token, setToken] = useState('');
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [busy, setBusy] = useState(false);
  const signedIn = getSession();

  const done = (session: ReturnType<typeof sessionFromToken>) => {
    setSession(session);
    window.location.hash = href('home');
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

  const signInWithToken = (e: React.FormEvent) => {
    e.preventDefault();
    try {
      if (token.trim() === '') throw new Error('Enter your access token');
      done(sessionFromToken(token.trim()));
    } catch (err) {
      setErrors([{ href: 'token', text: (err as Error).message === 'Enter your access token' ? 'Enter your access token' : 'Enter a valid access token' }]);
    }
  };

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
        {demo.state === 'loading' && <Loading what="sign-in options" />}
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
        {demo.state === 'error' && (
          <form onSubmit={signInWithToken} noValidate>
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
            <button type="submit" className="govuk-button">
              Sign in
            </button>
          </form>
        )}
      </div>
    </div>
  );
}
