import { DataTable } from '../components/DataTable';
import { Empty, Failure, Loading } from '../components/States';
import { teamName, useCouncil } from '../council';
import { formatPercent, type Cell } from '../logic/figures';
import { href } from '../logic/route';
import { useApi } from '../useApi';

interface Change {
  changeId: string;
  title: string;
  goLive: string;
  teams: string[];
  scenarioId?: string;
  recordedAt: string;
}
interface Interval {
  lower: number;
  upper: number;
}
interface RateSide {
  numerator: number | null;
  denominator: number | null;
  rate: number | null;
  interval: Interval | null;
}
interface Statistic {
  journeys: number | null;
  value: number | null;
  interval: Interval | null;
}
interface Coefficient {
  estimate: number;
  standardError: number;
  interval: Interval;
  pValue: number;
}
type Series =
  | { withheld: true }
  | {
      months: { month: string; after: boolean; value: number | null; count: number }[];
      regression: { points: { before: number; after: number }; degreesOfFreedom: number; levelChange: Coefficient; trendChange: Coefficient } | null;
    };
interface Evaluation {
  change: Change;
  windows: { before: { from: string; to: string }; after: { from: string; to: string } };
  rates: Record<string, { definition: string; before: RateSide; after: RateSide; change: number | null; intervalsOverlap: boolean | null }>;
  handoversPerJourney: { definition: string; mean: { before: Statistic; after: Statistic }; median: { before: Statistic; after: Statistic } };
  interruptedTimeSeries: { definition: string; note?: string; rates: Record<string, Series>; handoversPerJourney: Series };
  notes: string[];
  prediction: null | { scenarioId: string; withheld: true } | { scenarioId: string; handoversPerJourney: { today: number | null; predicted: number | null } };
}

const RATE_LABELS: Record<string, string> = {
  contactNfa: 'Contacts decided no further action',
  referralNfa: 'Referrals closed NFA without assessment',
  reReferral: 'Re-referrals within 12 months',
  contactWithinOneWorkingDay: 'Contacts decided within 1 working day',
};
const WITHHELD = 'Withheld: small counts are not shown, nor the figures they could be worked out from, so that no child can be recognised from them.';
const withheld: Cell = { text: 'suppressed', value: null, suppressed: true, reason: WITHHELD };
const whole = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const signed = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' });
const MONTHS = ['3', '6', '12'];

function rateCell(r: RateSide): Cell {
  if (r.rate === null) return r.denominator === 0 ? { text: '–', value: null } : withheld;
  const of = r.numerator === null || r.denominator === null ? '' : ` (${whole.format(r.numerator)} of ${whole.format(r.denominator)})`;
  return { text: `${formatPercent(r.rate)}${of}`, value: r.rate };
}
const intervalText = (i: Interval | null, f: (x: number) => string) => (i === null ? '–' : `${f(i.lower)} to ${f(i.upper)}`);
const statisticCell = (s: Statistic): Cell =>
  s.value === null ? (s.journeys === null ? withheld : { text: '–', value: null }) : { text: decimal.format(s.value), value: s.value };

/** The changes recorded to the front door, and one of them evaluated: before and after with intervals, and the interrupted time series. */
export function ChangeEvaluationPage({ changeId, params }: { changeId?: string; params: URLSearchParams }) {
  return (
    <>
      <h1 className="govuk-heading-l">Change evaluation</h1>
      {changeId === undefined ? (
        <RecordedChanges />
      ) : (
        <Evaluated changeId={changeId} months={MONTHS.includes(params.get('months') ?? '') ? (params.get('months') as string) : '6'} />
      )}
    </>
  );
}

function RecordedChanges() {
  const council = useCouncil();
  const changes = useApi<{ changes: Change[] }>('/changes');
  if (changes.state === 'loading') return <Loading what="the recorded changes" />;
  if (changes.state === 'error') return <Failure error={changes.error} what="the recorded changes" />;
  if (changes.data.changes.length === 0) return <Empty>No change to the front door has been recorded yet.</Empty>;
  return (
    <DataTable
      id="table-changes"
      caption="Changes recorded to the front door"
      head={['Change', 'Go-live', 'Teams it touched']}
      rows={changes.data.changes.map((c) => [
        { text: c.title, value: null, href: href('changes', c.changeId) },
        c.goLive,
        c.teams.map((t) => teamName(council, t)).join(', '),
      ])}
      csvName="changes.csv"
    />
  );
}

function Evaluated({ changeId, months }: { changeId: string; months: string }) {
  const evaluation = useApi<Evaluation>(`/metrics/change-evaluation?changeId=${encodeURIComponent(changeId)}&months=${months}`);
  if (evaluation.state === 'loading') return <Loading what="the evaluation" />;
  if (evaluation.state === 'error') return <Failure error={evaluation.error} what="the evaluation" />;
  const e = evaluation.data;
  const { before, after } = e.windows;
  const its = e.interruptedTimeSeries;
  const itsRows = [
    ...Object.entries(its.rates).map(([k, s]) => [RATE_LABELS[k] ?? k, s, formatPercent] as const),
    ['Handovers per journey (mean)', its.handoversPerJourney, (x: number) => decimal.format(x)] as const,
  ];
  const percentPoints = (x: number) => `${signed.format(x * 100)} points`;
  return (
    <>
      <p className="govuk-body">
        <a className="govuk-back-link" href={href('changes')}>
          All recorded changes
        </a>
      </p>
      <h2 className="govuk-heading-m" data-change={e.change.changeId}>
        {e.change.title}
      </h2>
      <p className="govuk-body">
        Went live on <strong>{e.change.goLive}</strong>. Before: {before.from} to the day before {before.to}; after: {after.from} to the day before {after.to}.
      </p>
      <nav aria-label="Window length" className="govuk-body">
        Windows of{' '}
        {MONTHS.map((m, i) => (
          <span key={m}>
            {i > 0 && ', '}
            {m === months ? (
              <strong aria-current="true">{m} months</strong>
            ) : (
              <a className="govuk-link" href={href('changes', changeId, { months: m })}>{`${m} months`}</a>
            )}
          </span>
        ))}{' '}
        either side.
      </nav>
      {e.notes.length > 0 && (
        <div className="govuk-inset-text" id="evaluation-notes">
          <ul className="govuk-list govuk-list--bullet">
            {e.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </div>
      )}
      <DataTable
        id="table-rates"
        caption="Rates before and after, with 95% intervals (Wilson)"
        head={['Measure', 'Before', '95% interval before', 'After', '95% interval after', 'Change', 'Intervals overlap']}
        numeric={[1, 3]}
        rows={Object.entries(e.rates).map(([k, r]) => [
          RATE_LABELS[k] ?? k,
          rateCell(r.before),
          intervalText(r.before.interval, formatPercent),
          rateCell(r.after),
          intervalText(r.after.interval, formatPercent),
          r.change === null ? '–' : percentPoints(r.change),
          r.intervalsOverlap === null ? '–' : r.intervalsOverlap ? 'yes' : 'no',
        ])}
        csvName={`change-evaluation-${e.change.changeId}-rates.csv`}
      />
      <DataTable
        id="table-handovers"
        caption="Handovers per journey before and after, with 95% intervals (bootstrap)"
        head={['Statistic', 'Before', '95% interval before', 'After', '95% interval after']}
        numeric={[1, 3]}
        rows={(['mean', 'median'] as const).map((k) => {
          const s = e.handoversPerJourney[k];
          const f = (x: number) => decimal.format(x);
          return [
            k === 'mean' ? 'Mean' : 'Median',
            statisticCell(s.before),
            intervalText(s.before.interval, f),
            statisticCell(s.after),
            intervalText(s.after.interval, f),
          ];
        })}
        csvName={`change-evaluation-${e.change.changeId}-handovers.csv`}
      />
      {e.prediction !== null && !('withheld' in e.prediction) && (
        <p className="govuk-body" id="prediction">
          The scenario {e.prediction.scenarioId} predicted{' '}
          {e.prediction.handoversPerJourney.predicted === null ? '–' : decimal.format(e.prediction.handoversPerJourney.predicted)} handovers per journey,
          against {e.prediction.handoversPerJourney.today === null ? '–' : decimal.format(e.prediction.handoversPerJourney.today)} at the go-live.
        </p>
      )}
      <h2 className="govuk-heading-m">Interrupted time series</h2>
      <p className="govuk-body-s">{its.definition}</p>
      {its.note && <p className="govuk-body">The time series {its.note}.</p>}
      <DataTable
        id="table-its"
        caption="Level and trend change at the go-live, month by month (segmented regression, 95% intervals)"
        head={['Measure', 'Level change', '95% interval', 'Trend change per month', '95% interval', 'Months before / after']}
        rows={itsRows.map(([label, s, f]) => {
          if ('withheld' in s) return [label, withheld, '–', withheld, '–', '–'];
          const r = s.regression;
          if (r === null)
            return [
              label,
              '–',
              '–',
              '–',
              '–',
              `${s.months.filter((m) => !m.after && m.value !== null).length} / ${s.months.filter((m) => m.after && m.value !== null).length}`,
            ];
          const change = (x: number) => (f === formatPercent ? percentPoints(x) : signed.format(x));
          return [
            label,
            { text: change(r.levelChange.estimate), value: r.levelChange.estimate },
            intervalText(r.levelChange.interval, change),
            { text: change(r.trendChange.estimate), value: r.trendChange.estimate },
            intervalText(r.trendChange.interval, change),
            `${r.points.before} / ${r.points.after}`,
          ];
        })}
        csvName={`change-evaluation-${e.change.changeId}-time-series.csv`}
      />
    </>
  );
}
