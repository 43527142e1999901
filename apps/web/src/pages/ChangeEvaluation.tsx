import { useEffect } from 'react';
import { Chart, preloadCharts } from '../components/Chart';
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
      regression: {
        points: { before: number; after: number };
        degreesOfFreedom: number;
        baselineLevel: Coefficient;
        trendBefore: Coefficient;
        levelChange: Coefficient;
        trendChange: Coefficient;
      } | null;
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
  useEffect(preloadCharts, []);
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
      {!('withheld' in its.handoversPerJourney) && <MonthlyHandovers series={its.handoversPerJourney} changeId={e.change.changeId} />}
    </>
  );
}

/** Handovers per journey month by month, with the segmented regression's two lines over them. */
function MonthlyHandovers({ series, changeId }: { series: Exclude<Series, { withheld: true }>; changeId: string }) {
  const r = series.regression;
  const t0 = series.months.findIndex((m) => m.after);
  const fitted = (t: number) =>
    r === null
      ? null
      : Math.round(
          (r.baselineLevel.estimate + r.trendBefore.estimate * t + (t >= t0 ? r.levelChange.estimate + r.trendChange.estimate * (t - t0) : 0)) * 1000,
        ) / 1000;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-one-half">
        <Chart
          label="Handovers per journey month by month, with the fitted lines before and after the go-live"
          option={{
            tooltip: { trigger: 'axis' },
            legend: { bottom: 0 },
            grid: { left: 50, right: 20, top: 20, bottom: 60 },
            xAxis: { type: 'category', data: series.months.map((m) => m.month.slice(0, 7)) },
            yAxis: { type: 'value', name: 'handovers per journey' },
            series: [
              // Points only (a line series without its line: the chart bundle carries no scatter series).
              {
                name: 'Month',
                type: 'line',
                data: series.months.map((m) => m.value),
                symbolSize: 8,
                itemStyle: { color: '#1d70b8' },
                lineStyle: { opacity: 0 },
              },
              ...(r === null
                ? []
                : [
                    {
                      name: 'Fitted before',
                      type: 'line',
                      symbol: 'none',
                      data: series.months.map((m, t) => (m.after ? null : fitted(t))),
                      lineStyle: { color: '#505a5f' },
                    },
                    {
                      name: 'Fitted after',
                      type: 'line',
                      symbol: 'none',
                      data: series.months.map((m, t) => (m.after ? fitted(t) : null)),
                      lineStyle: { color: '#d4351c' },
                    },
                  ]),
            ],
          }}
        />
      </div>
      <div className="govuk-grid-column-one-half">
        <DataTable
          id="table-monthly-handovers"
          caption="Handovers per journey, month by month"
          head={['Month from', 'Before or after', 'Journeys', 'Handovers per journey (mean)', 'Fitted']}
          numeric={[2, 3, 4]}
          rows={series.months.map((m, t) => [
            m.month,
            m.after ? 'after' : 'before',
            { text: whole.format(m.count), value: m.count },
            m.value === null ? '–' : { text: decimal.format(m.value), value: m.value },
            fitted(t) === null ? '–' : decimal.format(fitted(t) as number),
          ])}
          csvName={`change-evaluation-${changeId}-monthly-handovers.csv`}
        />
      </div>
    </div>
  );
}
