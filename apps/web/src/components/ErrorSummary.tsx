import { useEffect, useRef } from 'react';

export interface SummaryError {
  /** The id of the field the message is about: the link moves focus to it. */
  readonly href: string;
  readonly text: string;
}

/** The GOV.UK error summary: at the top of the form, focused when it appears, each error a link to its field. */
export function ErrorSummary({ errors }: { errors: readonly SummaryError[] }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (errors.length > 0) ref.current?.focus();
  }, [errors]);
  if (errors.length === 0) return null;
  return (
    <div className="govuk-error-summary" data-module="govuk-error-summary" ref={ref} tabIndex={-1}>
      <div role="alert">
        <h2 className="govuk-error-summary__title">There is a problem</h2>
        <div className="govuk-error-summary__body">
          <ul className="govuk-list govuk-error-summary__list">
            {errors.map((e) => (
              <li key={`${e.href}-${e.text}`}>
                <a
                  href={`#${e.href}`}
                  onClick={(ev) => {
                    // The page's routes live in the fragment: move focus without navigating.
                    ev.preventDefault();
                    document.getElementById(e.href)?.focus();
                  }}
                >
                  {e.text}
                </a>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}
