import { useMemo } from 'react';
import { AsRecordedOn, isRealDate } from '../components/AsRecordedOn';
import { StepControls } from '../components/StepControls';
import { SummaryRow } from '../components/SummaryRow';
import { Timeline } from '../components/Timeline';
import { Failure, Loading } from '../components/States';
import { teamName, useCouncil } from '../council';
import { href } from '../logic/route';
import { workingDaysLabel, type ReplaySpell, type ReplayStep } from '../logic/timeline';
import { useApi } from '../useApi';

interface Withdrawn {
  eventId: string;
  type: string;
  occurredAt: string;
  recordedAt: string;
  withdrawnAt: string;
  reason: string;
}
interface Replay {
  journeyId: string;
  status: string;
  steps: (ReplayStep & { status: string; handovers: number })[];
  spells: ReplaySpell[];
  withdrawn: Withdrawn[];
}

/** One journey: its swim lanes, replayed event by event, as it stands or as it was known on a date. */
export function JourneyPage({ journeyId, params, roles }: { journeyId: string; params: URLSearchParams; roles: readonly string[] }) {
  const council = useCouncil();
  const asKnownAt = params.get('asKnownAt') ?? '';
  const validDate = isRealDate(asKnownAt);
  // As known at the end of the chosen day, in UTC.
  const asKnownParam = validDate ? `?asKnownAt=${encodeURIComponent(`${asKnownAt}T23:59:59.999Z`)}` : '';
  const replay = useApi<Replay>(`/journeys/${journeyId}/replay${asKnownParam}`);
  const latest = useApi<Replay>(asKnownParam === '' ? null : `/journeys/${journeyId}/replay`);
  const stepParam = Number(params.get('step'));

  const go = (next: Record<string, string | undefined>) => {
    const p = Object.fromEntries(params.entries());
    window.location.hash = href('journey', journeyId, { ...p, ...next });
  };
  const withdrawnLater = useMemo(() => new Map((latest.state === 'ok' ? latest.data.withdrawn : []).map((w) => [w.eventId, w])), [latest]);

  return (
    <>
      <a href={href('journeys')} className="govuk-back-link">
        Back to the journey explorer
      </a>
      <h1 className="govuk-heading-l">
        Journey <span className="govuk-caption-m">{journeyId}</span>
      </h1>
      <AsRecordedOn
        id="as-known-at"
        what="journey"
        value={asKnownAt}
        formLabel="As known at"
        buttonLabel="Show"
        onApply={(date) => go({ asKnownAt: date, step: undefined })}
      />
      {replay.state === 'loading' && <Loading what="the journey" />}
      {replay.state === 'error' && <Failure error={replay.error} what="this journey" />}
      {replay.state === 'ok' && replay.data.steps.length === 0 && (
        <div className="govuk-inset-text">Nothing about this journey had been recorded by {asKnownAt}.</div>
      )}
      {replay.state === 'ok' &&
        replay.data.steps.length > 0 &&
        (() => {
          const r = replay.data;
          const total = r.steps.length;
          const current = Number.isInteger(stepParam) && stepParam >= 1 && stepParam <= total ? stepParam : total;
          const step = r.steps[current - 1];
          const label = (id: string) => teamName(council, id);
          return (
            <>
              {asKnownAt !== '' && validDate && <div className="govuk-inset-text">As recorded by the end of {asKnownAt}.</div>}
              <h2 className="govuk-heading-m">Replay</h2>
              <Timeline
                steps={r.steps}
                spells={r.spells}
                current={current}
                office={{ hours: council.officeHours, timeZone: council.timeZone }}
                teamLabel={label}
              />
              <StepControls
                sliderId="step-slider"
                current={current}
                total={total}
                go={(n) => go({ step: String(n) })}
                valueText={`step ${current} of ${total}: ${step.event.type}`}
              />
              <div aria-live="polite" id="current-step">
                <dl className="govuk-summary-list">
                  <SummaryRow k="Step">{`${current} of ${total}`}</SummaryRow>
                  <SummaryRow k="Event">{step.event.type}</SummaryRow>
                  <SummaryRow k="Happened">{step.event.occurredAt}</SummaryRow>
                  <SummaryRow k="Recorded">{step.event.recordedAt}</SummaryRow>
                  <SummaryRow k="Held by">{step.holder ? label(step.holder) : '–'}</SummaryRow>
                  <SummaryRow k="Handovers so far">{String(step.handovers)}</SummaryRow>
                  <SummaryRow k="Status">{step.status}</SummaryRow>
                  {step.waitingWithHolder && (
                    <SummaryRow k="Waiting with the holder">{workingDaysLabel(step.waitingWithHolder.workingDays, step.waitingWithHolder.hours)}</SummaryRow>
                  )}
                  {withdrawnLater.has(step.event.eventId) && (
                    <SummaryRow k="Later withdrawn">{`Recorded in error; withdrawn ${withdrawnLater.get(step.event.eventId)?.withdrawnAt}`}</SummaryRow>
                  )}
                </dl>
              </div>
              <table className="govuk-table" id="steps-table">
                <caption className="govuk-table__caption govuk-table__caption--m">Every step</caption>
                <thead className="govuk-table__head">
                  <tr className="govuk-table__row">
                    <th scope="col" className="govuk-table__header">
                      Step
                    </th>
                    <th scope="col" className="govuk-table__header">
                      Event
                    </th>
                    <th scope="col" className="govuk-table__header">
                      Happened
                    </th>
                    <th scope="col" className="govuk-table__header">
                      Held by
                    </th>
                    <th scope="col" className="govuk-table__header">
                      Handover
                    </th>
                  </tr>
                </thead>
                <tbody className="govuk-table__body">
                  {r.steps.map((s) => {
                    const later = withdrawnLater.get(s.event.eventId);
                    return (
                      <tr key={s.step} className={`govuk-table__row${later ? ' app-withdrawn' : ''}`} aria-current={s.step === current ? 'step' : undefined}>
                        <th scope="row" className="govuk-table__header">
                          {s.step}
                        </th>
                        <td className="govuk-table__cell">
                          {s.event.type}
                          {later && (
                            <strong className="govuk-tag govuk-tag--red" data-withdrawn="later">
                              withdrawn later
                            </strong>
                          )}
                        </td>
                        <td className="govuk-table__cell">{s.event.occurredAt.slice(0, 16).replace('T', ' ')}</td>
                        <td className="govuk-table__cell">{s.holder ? label(s.holder) : '–'}</td>
                        <td className="govuk-table__cell">{s.handover ? `${label(s.handover.from)} → ${label(s.handover.to)}` : ''}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              {r.withdrawn.length > 0 && (
                <table className="govuk-table" id="withdrawn-table">
                  <caption className="govuk-table__caption govuk-table__caption--m">Entries withdrawn as recorded in error</caption>
                  <thead className="govuk-table__head">
                    <tr className="govuk-table__row">
                      <th scope="col" className="govuk-table__header">
                        Event
                      </th>
                      <th scope="col" className="govuk-table__header">
                        Happened
                      </th>
                      <th scope="col" className="govuk-table__header">
                        Withdrawn
                      </th>
                      <th scope="col" className="govuk-table__header">
                        Reason
                      </th>
                    </tr>
                  </thead>
                  <tbody className="govuk-table__body">
                    {r.withdrawn.map((w) => (
                      <tr key={w.eventId} className="govuk-table__row app-withdrawn">
                        <th scope="row" className="govuk-table__header">
                          {w.type} <strong className="govuk-tag govuk-tag--grey">withdrawn</strong>
                        </th>
                        <td className="govuk-table__cell">{w.occurredAt}</td>
                        <td className="govuk-table__cell">{w.withdrawnAt}</td>
                        <td className="govuk-table__cell">{w.reason}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {roles.includes('auditor') && (
                <p className="govuk-body">
                  <a className="govuk-link" href={href('audit', journeyId)}>
                    Audit trail of this journey
                  </a>
                </p>
              )}
            </>
          );
        })()}
    </>
  );
}
