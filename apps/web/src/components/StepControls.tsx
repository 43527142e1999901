/**
 * First / previous / next / last and a slider over the steps of a replay (a journey's or a
 * family's), so both explorers step the same way by pointer and by keyboard.
 */
export function StepControls(props: { sliderId: string; current: number; total: number; valueText: string; go: (step: number) => void }) {
  const { sliderId, current, total, valueText, go } = props;
  return (
    <>
      <div className="govuk-button-group">
        <button type="button" className="govuk-button govuk-button--secondary" onClick={() => go(1)} disabled={current === 1}>
          First step
        </button>
        <button type="button" className="govuk-button govuk-button--secondary" onClick={() => go(current - 1)} disabled={current === 1}>
          Previous step
        </button>
        <button type="button" className="govuk-button" onClick={() => go(current + 1)} disabled={current === total}>
          Next step
        </button>
        <button type="button" className="govuk-button govuk-button--secondary" onClick={() => go(total)} disabled={current === total}>
          Last step
        </button>
      </div>
      <div className="govuk-form-group">
        <label className="govuk-label" htmlFor={sliderId}>
          Step {current} of {total}
        </label>
        <input
          id={sliderId}
          type="range"
          min={1}
          max={total}
          value={current}
          onChange={(e) => go(Number(e.target.value))}
          style={{ width: '100%' }}
          aria-valuetext={valueText}
        />
      </div>
    </>
  );
}
