import { useMemo, useState } from 'react';
import { AsRecordedOn, isRealDate } from '../components/AsRecordedOn';
import { StepControls } from '../components/StepControls';
import { SummaryRow } from '../components/SummaryRow';
import { Failure, Loading } from '../components/States';
import { teamName, useCouncil } from '../council';
import { familyAt, familyScale, familySteps, type FamilyStep, type FamilyTimeline } from '../logic/family';
import { href } from '../logic/route';
import { useApi } from '../useApi';
import { ScrollRegion } from '../components/ScrollRegion';

const FAMILY_REF = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const LANE_WIDTH = 760;
const LABEL = 150;
const LANE = 64;

const STEP_TEXT: Record<FamilyStep['kind'], string> = {
  started: 'Journey started',
  joined: 'Child joined the family',
  team: 'Held by',
  practitioner: 'Lead practitioner',
  closed: 'Journey closed',
  left: 'Child left the family',
};

/** Families: pick a family by its pseudonymous reference, then its children's journeys side by side. */
export function FamiliesPage({ familyRef, params }: { familyRef?: string; params: URLSearchParams }) {
  const [draft, setDraft] = useState(familyRef ?? '');
  const [error, setError] = useState('');
  const open = (e: React.FormEvent) => {
    e.preventDefault();
    const ref = draft.trim();
    if (!FAMILY_REF.test(ref))
      return setError('Enter the family’s reference from your case management system, for example fam-1042 (letters, digits, . _ : -)');
    setError('');
    window.location.hash = href('families', ref);
  };
  return (
    <>
      <h1 className="govuk-heading-l">Families</h1>
      <p className="govuk-body">
        A family groups the journeys of brothers and sisters, and of the same child over time. See them side by side: which teams and lead practitioners the
        family met, and how many journeys were open at once.
      </p>
      <form onSubmit={open} noValidate aria-label="Choose a family">
        <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
          <label className="govuk-label govuk-label--s" htmlFor="family-ref">
            Family reference
          </label>
          <div className="govuk-hint" id="family-ref-hint">
            The pseudonymous reference, never a surname
          </div>
          {error && (
            <p className="govuk-error-message" id="family-ref-error">
              <span className="govuk-visually-hidden">Error:</span> {error}
            </p>
          )}
          <input
            className={`govuk-input govuk-input--width-20${error ? ' govuk-input--error' : ''}`}
            id="family-ref"
            type="text"
            spellCheck={false}
            autoComplete="off"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            aria-describedby={`family-ref-hint${error ? ' family-ref-error' : ''}`}
          />{' '}
          <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">
            Show family
          </button>
        </div>
      </form>
      {familyRef !== undefined && <Family familyRef={familyRef} params={params} />}
    </>
  );
}

function Family({ familyRef, params }: { familyRef: string; params: URLSearchParams }) {
  const asKnownAt = params.get('asKnownAt') ?? '';
  // As known at the end of the chosen day, in UTC (as the journey explorer).
  const asKnownParam = isRealDate(asKnownAt) ? `?asKnownAt=${encodeURIComponent(`${asKnownAt}T23:59:59.999Z`)}` : '';
  const timeline = useApi<FamilyTimeline>(`/families/${encodeURIComponent(familyRef)}${asKnownParam}`);
  return (
    <>
      <AsRecordedOn
        id="family-as-known-at"
        what="family"
        value={asKnownAt}
        formLabel="As recorded on"
        buttonLabel="Show as recorded"
        onApply={(date) => (window.location.hash = href('families', familyRef, { asKnownAt: date }))}
      />
      {timeline.state === 'loading' && <Loading what="the family" />}
      {timeline.state === 'error' && <Failure error={timeline.error} what={`family ${familyRef}`} />}
      {timeline.state === 'ok' && timeline.data.journeys.length === 0 && (
        <div className="govuk-inset-text">Nothing about this family had been recorded by {asKnownAt}.</div>
      )}
      {timeline.state === 'ok' && timeline.data.journeys.length > 0 && (
        <>
          {asKnownParam !== '' && <div className="govuk-inset-text">As recorded by the end of {asKnownAt}.</div>}
          <FamilyView familyRef={familyRef} t={timeline.data} params={params} />
        </>
      )}
    </>
  );
}

function FamilyView({ familyRef, t, params }: { familyRef: string; t: FamilyTimeline; params: URLSearchParams }) {
  const council = useCouncil();
  const steps = useMemo(() => familySteps(t), [t]);
  const total = steps.length;
  const asked = Number(params.get('step'));
  const current = Number.isInteger(asked) && asked >= 1 && asked <= total ? asked : total;
  const step = steps[current - 1];
  const now = familyAt(t, step.at);
  const whole = familyAt(t, steps[total - 1].at);
  const asKnownAt = params.get('asKnownAt') ?? undefined;
  const go = (n: number) => (window.location.hash = href('families', familyRef, { asKnownAt, step: String(n) }));
  const label = (id: string) => teamName(council, id);
  const scale = familyScale(t, LANE_WIDTH);
  const cursor = LABEL + scale.x(step.at);
  const describe = (s: FamilyStep) => `${STEP_TEXT[s.kind]}${s.ref ? ` ${s.kind === 'team' ? label(s.ref) : s.ref}` : ''}`;
  const lane = (i: number) => `Journey ${i + 1}`;

  return (
    <>
      <h2 className="govuk-heading-m">
        Family <span className="govuk-caption-m">{t.familyRef}</span>
      </h2>
      <dl className="govuk-summary-list" id="family-summary">
        <SummaryRow k="Journeys">
          <span data-figure="family-journeys">{t.journeys.length}</span>
        </SummaryRow>
        <SummaryRow k="Teams the family met">
          <span data-figure="family-teams">{whole.teamsMet.length}</span> ({whole.teamsMet.map(label).join(', ')})
        </SummaryRow>
        <SummaryRow k="Lead practitioners the family met">
          <span data-figure="family-practitioners">{whole.practitionersMet.length}</span>
          {whole.practitionersMet.length > 0 ? ` (${whole.practitionersMet.join(', ')})` : ''}
        </SummaryRow>
        <SummaryRow k="Most journeys open at once">
          <span data-figure="family-at-once">{whole.mostAtOnce}</span>
        </SummaryRow>
      </dl>

      <h2 className="govuk-heading-m">Side by side</h2>
      <ScrollRegion className="app-timeline" label="The family’s journeys side by side">
        <svg
          width={LABEL + LANE_WIDTH + 20}
          height={t.journeys.length * LANE + 30}
          fontFamily="arial, sans-serif"
          role="img"
          aria-label={`The family's ${t.journeys.length} journeys on one time line, step ${current} of ${total} marked. The same record is in the tables below.`}
        >
          {t.journeys.map((j, i) => {
            const y = i * LANE + 10;
            return (
              <g key={j.journeyId} opacity={now.journeys[i].open || i === step.journey ? 1 : 0.55}>
                <rect x={0} y={y} width={LABEL + LANE_WIDTH + 20} height={LANE} fill={i % 2 === 0 ? '#f3f2f1' : '#ffffff'} />
                <text x={8} y={y + 24} fontSize={14} fill="#0b0c0c">
                  {lane(i)}
                </text>
                <text x={8} y={y + 44} fontSize={12} fill="#505a5f">
                  {j.childRef ?? ''}
                </text>
                <SpanBars
                  spans={j.teams.map((t) => ({ ...t, label: label(t.team).slice(0, 18) }))}
                  x={(at) => LABEL + scale.x(at)}
                  until={j.closedAt}
                  y={y + 10}
                  height={20}
                  fontSize={11}
                  baseline={14}
                  colours={['#1d70b8', '#5694ca']}
                />
                <SpanBars
                  spans={j.practitioners.map((p) => ({ ...p, label: p.practitionerRef }))}
                  x={(at) => LABEL + scale.x(at)}
                  until={j.closedAt}
                  y={y + 36}
                  height={14}
                  fontSize={10}
                  baseline={11}
                  colours={['#00703c', '#85994b']}
                />
              </g>
            );
          })}
          <line x1={cursor} x2={cursor} y1={4} y2={t.journeys.length * LANE + 16} stroke="#d4351c" strokeWidth={2} />
        </svg>
      </ScrollRegion>

      <StepControls
        sliderId="family-step-slider"
        current={current}
        total={total}
        go={go}
        valueText={`step ${current} of ${total}: ${lane(step.journey)}, ${describe(step)}`}
      />

      <div aria-live="polite" id="family-current-step">
        <dl className="govuk-summary-list">
          <SummaryRow k="Step">{`${current} of ${total}`}</SummaryRow>
          <SummaryRow k="When">{step.at.slice(0, 16).replace('T', ' ')}</SummaryRow>
          <SummaryRow k="What">{`${lane(step.journey)}: ${describe(step)}`}</SummaryRow>
          <SummaryRow k="Journeys open now">
            <span data-figure="family-open-now">{now.openNow}</span>
          </SummaryRow>
          <SummaryRow k="Teams met so far">
            <span data-figure="family-teams-so-far">{now.teamsMet.length}</span>
          </SummaryRow>
          <SummaryRow k="Lead practitioners met so far">
            <span data-figure="family-practitioners-so-far">{now.practitionersMet.length}</span>
          </SummaryRow>
        </dl>
      </div>

      <table className="govuk-table" id="family-journeys">
        <caption className="govuk-table__caption govuk-table__caption--m">The journeys at step {current}</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            {['Journey', 'Child', 'Member of the family', 'Open', 'Held by', 'Lead practitioner'].map((h) => (
              <th key={h} scope="col" className="govuk-table__header">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {t.journeys.map((j, i) => (
            <tr key={j.journeyId} className="govuk-table__row">
              <th scope="row" className="govuk-table__header">
                <a className="govuk-link" href={href('journey', j.journeyId)}>
                  {lane(i)}
                  <span className="govuk-visually-hidden"> ({j.journeyId})</span>
                </a>
              </th>
              <td className="govuk-table__cell">{j.childRef ?? '–'}</td>
              <td className="govuk-table__cell">
                {j.member.from.slice(0, 10)} to {j.member.to?.slice(0, 10) ?? 'now'}
              </td>
              <td className="govuk-table__cell">{now.journeys[i].open ? 'Yes' : 'No'}</td>
              <td className="govuk-table__cell">{now.journeys[i].team ? label(now.journeys[i].team!) : '–'}</td>
              <td className="govuk-table__cell">{now.journeys[i].practitioner ?? '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <table className="govuk-table" id="family-steps">
        <caption className="govuk-table__caption govuk-table__caption--m">Every step</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            {['Step', 'When', 'Journey', 'What'].map((h) => (
              <th key={h} scope="col" className="govuk-table__header">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {steps.map((s) => (
            <tr key={s.step} className="govuk-table__row" aria-current={s.step === current ? 'step' : undefined}>
              <th scope="row" className="govuk-table__header">
                <a className="govuk-link" href={href('families', familyRef, { asKnownAt, step: String(s.step) })}>
                  {s.step}
                </a>
              </th>
              <td className="govuk-table__cell">{s.at.slice(0, 16).replace('T', ' ')}</td>
              <td className="govuk-table__cell">{lane(s.journey)}</td>
              <td className="govuk-table__cell">{describe(s)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** A lane's bars (the teams that held a journey, or its lead practitioners), each labelled, open ones running to the journey's close. */
function SpanBars(props: {
  spans: readonly { from: string; to: string | null; label: string }[];
  x: (at: string | null) => number;
  until: string | null;
  y: number;
  height: number;
  fontSize: number;
  /** Where the label's baseline sits below the bar's top. */
  baseline: number;
  colours: readonly [string, string];
}) {
  const { spans, x, until, y, height, fontSize, baseline, colours } = props;
  return (
    <>
      {spans.map((s, k) => (
        <g key={k}>
          <rect x={x(s.from)} y={y} width={Math.max(x(s.to ?? until) - x(s.from), 3)} height={height} fill={colours[k % 2]} rx={3} />
          <text x={x(s.from) + 3} y={y + baseline} fontSize={fontSize} fill="#ffffff">
            {s.label}
          </text>
        </g>
      ))}
    </>
  );
}
