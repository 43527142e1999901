import { ApiError } from '../api';
import { href } from '../logic/route';

/** A query in progress: announced to screen readers, never blocking the rest of the page. */
export function Loading({ what }: { what: string }) {
  return (
    <p className="govuk-body govuk-hint" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

export function Empty({ children }: { children: React.ReactNode }) {
  return <div className="govuk-inset-text">{children}</div>;
}

/** Why something could not be shown: sign-in expired (401), not allowed (403), or another failure. */
export function Failure({ error, what }: { error: Error; what: string }) {
  if (error instanceof ApiError && error.status === 401) {
    return (
      <div className="govuk-notification-banner" role="alert" aria-labelledby="failure-title">
        <div className="govuk-notification-banner__header">
          <h2 className="govuk-notification-banner__title" id="failure-title">
            Sign in again
          </h2>
        </div>
        <div className="govuk-notification-banner__content">
          <p className="govuk-notification-banner__heading">Your sign-in has expired or is not valid, so {what} could not be shown.</p>
          <a className="govuk-notification-banner__link" href={href('sign-in')}>
            Sign in
          </a>
        </div>
      </div>
    );
  }
  if (error instanceof ApiError && error.status === 403) return <NotAllowed what={what} />;
  return (
    <div className="govuk-error-summary" role="alert" tabIndex={-1}>
      <div role="alert">
        <h2 className="govuk-error-summary__title">{what[0].toUpperCase() + what.slice(1)} could not be shown</h2>
        <div className="govuk-error-summary__body">
          <p className="govuk-body">
            {error instanceof ApiError ? `${error.message} (${error.status})` : 'The service did not answer. Try again in a moment.'}
          </p>
        </div>
      </div>
    </div>
  );
}

export function NotAllowed({ what }: { what: string }) {
  return (
    <div className="govuk-warning-text">
      <span className="govuk-warning-text__icon" aria-hidden="true">
        !
      </span>
      <strong className="govuk-warning-text__text">
        <span className="govuk-visually-hidden">Warning</span>
        Your role does not allow you to see {what}. Ask your service administrator if you need it.
      </strong>
    </div>
  );
}
