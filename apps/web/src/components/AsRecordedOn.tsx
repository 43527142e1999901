import { useState } from 'react';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date (YYYY-MM-DD) that exists. */
export const isRealDate = (d: string) => DATE.test(d) && !Number.isNaN(Date.parse(d));

/**
 * "Show it as it was recorded on": the bitemporal date a designer or auditor picks to see a
 * journey or a family as the council knew it then. Checked here so a mistyped date gets the
 * GOV.UK error message instead of a request the API would refuse.
 */
export function AsRecordedOn(props: {
  id: string;
  what: 'journey' | 'family';
  value: string;
  formLabel: string;
  buttonLabel: string;
  onApply: (date: string | undefined) => void;
}) {
  const { id, what, value, formLabel, buttonLabel, onApply } = props;
  const [draft, setDraft] = useState(value);
  const [error, setError] = useState('');
  const apply = (e: React.FormEvent) => {
    e.preventDefault();
    if (draft !== '' && !isRealDate(draft)) return setError('Enter a real date, for example 2025-01-31');
    setError('');
    onApply(draft || undefined);
  };
  return (
    <form onSubmit={apply} noValidate aria-label={formLabel}>
      <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
        <label className="govuk-label govuk-label--s" htmlFor={id}>
          Show the {what} as it was recorded on
        </label>
        <div className="govuk-hint" id={`${id}-hint`}>
          A date (YYYY-MM-DD), or leave empty for the {what} as it stands today
        </div>
        {error && (
          <p className="govuk-error-message" id={`${id}-error`}>
            <span className="govuk-visually-hidden">Error:</span> {error}
          </p>
        )}
        <input
          className={`govuk-input govuk-input--width-10${error ? ' govuk-input--error' : ''}`}
          id={id}
          type="text"
          inputMode="numeric"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        />{' '}
        <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">
          {buttonLabel}
        </button>
      </div>
    </form>
  );
}
