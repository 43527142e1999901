/** One row of a GOV.UK summary list: a key and its value. */
export function SummaryRow({ k, children }: { k: string; children: React.ReactNode }) {
  return (
    <div className="govuk-summary-list__row">
      <dt className="govuk-summary-list__key">{k}</dt>
      <dd className="govuk-summary-list__value">{children}</dd>
    </div>
  );
}
