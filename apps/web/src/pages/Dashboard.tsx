import { useContext, useEffect, useMemo, useState } from 'react';
import { Chart, preloadCharts } from '../components/Chart';
import { DataTable } from '../components/DataTable';
import { ErrorSummary } from '../components/ErrorSummary';
import { Failure, Loading } from '../components/States';
import { CouncilContext, useCouncil } from '../council';
import { count, formatPercent, number, rate, type Cell, type Ratio } from '../logic/figures';
import { FILTER_KEYS, filtersFromParams, validateFilters, type FieldError, type Filters } from '../logic/filters';
import { dashboardRequests } from '../logic/first-requests';
import { CHARACTERISTIC_LABELS, equalityOptionsFor, equalityRequests, type Characteristic } from '../logic/equality';
import { getSession } from '../session';
import { href } from '../logic/route';
import { useApi, type Loaded } from '../useApi';

interface Reported {
  readonly suppressed: boolean;
  readonly suppression: { threshold: number; applied: boolean };
}
interface Step {
  journeys: number | null;
  ofPrevious: Ratio;
  ofJourneys: Ratio;
}
type Funnel = Reported &
  Record<'contacts' | 'referrals' | 'assessments' | 'earlyHelpPlans' | 'childInNeedPlans' | 'childProtectionPlans', Step> & {
    journeys: number;
    contactDecisions: Record<'decided' | 'nfa' | 'advice-signposting' | 'early-help' | 'referral' | 'undecided', Ratio>;
  };
type Nfa = Reported & {
  contact: Ratio & { adviceSignposting: number | null };
  referral: Ratio;
  assessedNotInNeedPerReferral: Ratio;
  assessedNotInNeedPerAssessedReferral: Ratio;
};
interface HandoverFigures {
  journeys: number | null;
  handoversPerJourney: number | null;
  medianHandovers: number | null;
  p90Handovers: number | null;
  distribution: Record<string, number | null>;
  beforeHelp: { mean: number | null; median: number | null; p90: number | null };
  suppressed: boolean;
}
type Handovers = Reported & HandoverFigures;
type Trend = Reported & { rows: (HandoverFigures & { period: string })[] };
type ReReferrals = Reported & { reReferrals: Ratio };
type Timeliness = Reported & { assessmentCompletedWithin45WorkingDays: { within: Ratio }; contactDecidedWithin1WorkingDay: { within: Ratio } };
type OutOfHours = Reported & { outOfHours: Ratio };
interface CostReport {
  rows: { team: string; hours: number | null; cost: number | null; perHandover?: { hours: number | null; cost: number | null } }[];
}
type Breakdown = { rows: Record<string, unknown>[]; suppression: { threshold: number } };

const LABELS: Record<(typeof FILTER_KEYS)[number], string> = {
  from: 'From (inclusive)',
  to: 'To (exclusive)',
  source: 'Referral source',
  team: 'Team',
  tier: 'Tier',
  levelOfNeed: 'Level of need',
};

/** An ungrouped answer's one row of figures, with the answer's suppression settings. */
function useSummary<T extends Reported>(path: string | null): Loaded<T> {
  const loaded = useApi<{ rows: Omit<T, 'suppression'>[]; suppression: Reported['suppression'] }>(path);
  return loaded.state === 'ok' ? { state: 'ok', data: { ...loaded.data.rows[0], suppression: loaded.data.suppression } as T } : loaded;
}

export function Dashboard({ params }: { params: URLSearchParams }) {
  // Null while the council's settings (teams, sources for the filters) are still on their way.
  const council = useContext(CouncilContext);
  const filters = useMemo(() => filtersFromParams(params), [params.toString()]);
  const problems = validateFilters(filters);
  const paths = dashboardRequests(filters);
  const funnel = useSummary<Funnel>(paths?.funnel ?? null);
  const nfa = useSummary<Nfa>(paths?.nfa ?? null);
  const handovers = useSummary<Handovers>(paths?.handovers ?? null);
  const trend = useApi<Trend>(paths?.trend ?? null);
  const reReferrals = useSummary<ReReferrals>(paths?.reReferrals ?? null);
  const timeliness = useSummary<Timeliness>(paths?.timeliness ?? null);
  const ooh = useSummary<OutOfHours>(paths?.outOfHours ?? null);
  const cost = useApi<CostReport>(paths === null ? null : equalityRequests(filters, null).cost);
  // After the requests above are sent: the library is parsed while the answers are on their way.
  useEffect(preloadCharts, []);

  return (
    <>
      <h1 className="govuk-heading-l">Front door dashboard</h1>
      {council === null ? <Loading what="the filters" /> : <FilterForm key={params.toString()} filters={filters} problems={problems} />}
      {problems.length === 0 && (
        <p className="govuk-body">
          <a className="govuk-link" href={href('map', undefined, filters as Record<string, string>)} id="map-for-filters">
            Open the process map for these journeys
          </a>
        </p>
      )}
      {problems.length === 0 && (
        <>
          <h2 className="govuk-heading-m">At a glance</h2>
          <div className="app-tiles">
            <Tile label="Contacts" loaded={funnel} figure={(d, t) => count(d.contacts.journeys, d.suppressed, t)} id="contacts" />
            <Tile label="Contact NFA rate" loaded={nfa} figure={(d, t) => rate(d.contact, d.suppressed, t)} id="contact-nfa" />
            <Tile label="Referral NFA rate" loaded={nfa} figure={(d, t) => rate(d.referral, d.suppressed, t)} id="referral-nfa" />
            <Tile
              label="Handovers per journey (mean)"
              loaded={handovers}
              figure={(d, t) => number(d.handoversPerJourney, d.suppressed, t)}
              id="handovers-mean"
            />
            <Tile
              label="Handovers before help (mean, journeys helped)"
              loaded={handovers}
              figure={(d, t) => number(d.beforeHelp.mean, d.suppressed, t)}
              id="handovers-before-help"
            />
            <Tile label="Re-referrals within 12 months" loaded={reReferrals} figure={(d, t) => rate(d.reReferrals, d.suppressed, t)} id="re-referrals" />
            <Tile
              label="Assessments within 45 working days"
              loaded={timeliness}
              figure={(d, t) => rate(d.assessmentCompletedWithin45WorkingDays.within, d.suppressed, t)}
              id="timeliness-45"
            />
            <Tile label="Contacts out of hours" loaded={ooh} figure={(d, t) => rate(d.outOfHours, d.suppressed, t)} id="out-of-hours" />
            <CostTile cost={cost} />
          </div>
          <FunnelSection funnel={funnel} nfa={nfa} />
          <HistogramSection handovers={handovers} />
          <TrendSection trend={trend} />
          <EqualitySection filters={filters} initial={params.get('equality')} />
        </>
      )}
    </>
  );
}

function FilterForm({ filters, problems }: { filters: Filters; problems: FieldError[] }) {
  const council = useCouncil();
  const [draft, setDraft] = useState<Filters>(filters);
  const [errors, setErrors] = useState<FieldError[]>(problems);
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const cleaned = Object.fromEntries(Object.entries(draft).filter(([, v]) => v !== undefined && v !== '')) as Filters;
    const found = validateFilters(cleaned);
    setErrors(found);
    if (found.length === 0) window.location.hash = href('dashboard', undefined, cleaned as Record<string, string>);
  };
  const set = (k: keyof Filters) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setDraft({ ...draft, [k]: e.target.value || undefined });
  const errorFor = (k: keyof Filters) => errors.find((x) => x.field === k);
  const field = (k: keyof Filters, control: React.ReactNode) => (
    <div
      className={`govuk-form-group${errorFor(k) ? ' govuk-form-group--error' : ''}`}
      style={{ display: 'inline-block', marginRight: 20, verticalAlign: 'top' }}
    >
      <label className="govuk-label" htmlFor={`filter-${k}`}>
        {LABELS[k]}
      </label>
      {errorFor(k) && (
        <p className="govuk-error-message" id={`filter-${k}-error`}>
          <span className="govuk-visually-hidden">Error:</span> {errorFor(k)?.message}
        </p>
      )}
      {control}
    </div>
  );
  const select = (k: keyof Filters, options: { value: string; label: string }[]) => (
    <select className="govuk-select" id={`filter-${k}`} name={k} value={draft[k] ?? ''} onChange={set(k)}>
      <option value="">All</option>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
  return (
    <form onSubmit={submit} noValidate aria-label="Filters">
      <ErrorSummary errors={errors.map((x) => ({ href: `filter-${x.field}`, text: x.message }))} />
      {field(
        'from',
        <input
          className={`govuk-input govuk-input--width-10${errorFor('from') ? ' govuk-input--error' : ''}`}
          id="filter-from"
          name="from"
          type="text"
          inputMode="numeric"
          placeholder="YYYY-MM-DD"
          value={draft.from ?? ''}
          onChange={set('from')}
          aria-describedby={errorFor('from') ? 'filter-from-error' : undefined}
        />,
      )}
      {field(
        'to',
        <input
          className={`govuk-input govuk-input--width-10${errorFor('to') ? ' govuk-input--error' : ''}`}
          id="filter-to"
          name="to"
          type="text"
          inputMode="numeric"
          placeholder="YYYY-MM-DD"
          value={draft.to ?? ''}
          onChange={set('to')}
          aria-describedby={errorFor('to') ? 'filter-to-error' : undefined}
        />,
      )}
      {field(
        'source',
        select(
          'source',
          council.sources.map((s) => ({ value: s.code, label: `${s.code} ${s.label}` })),
        ),
      )}
      {field(
        'team',
        select(
          'team',
          council.teams.map((t) => ({ value: t.id, label: t.name })),
        ),
      )}
      {field(
        'tier',
        select(
          'tier',
          council.tiers.map((t) => ({ value: t, label: t })),
        ),
      )}
      {field(
        'levelOfNeed',
        select(
          'levelOfNeed',
          council.levelsOfNeed.map((l) => ({ value: l, label: l })),
        ),
      )}
      <div>
        <button type="submit" className="govuk-button">
          Apply filters
        </button>{' '}
        <a className="govuk-link govuk-body" href={href('dashboard')}>
          Clear filters
        </a>
      </div>
    </form>
  );
}

function Tile<T extends Reported>({ label, loaded, figure, id }: { label: string; loaded: Loaded<T>; figure: (d: T, threshold: number) => Cell; id: string }) {
  let body: React.ReactNode;
  if (loaded.state === 'loading') body = <span className="govuk-hint">Loading…</span>;
  else if (loaded.state === 'error') body = <span className="govuk-error-message">Not available</span>;
  else {
    const c = figure(loaded.data, loaded.data.suppression.threshold);
    body = c.suppressed ? (
      <span className="app-tile__figure app-suppressed" tabIndex={0} title={c.reason} aria-label={`suppressed. ${c.reason}`} data-figure={id}>
        suppressed
      </span>
    ) : (
      <span className="app-tile__figure" data-figure={id}>
        {c.text}
      </span>
    );
  }
  return (
    <div className="app-tile">
      <h3 className="govuk-heading-s govuk-!-margin-bottom-1">{label}</h3>
      {body}
    </div>
  );
}

function FunnelSection({ funnel, nfa }: { funnel: Loaded<Funnel>; nfa: Loaded<Nfa> }) {
  return (
    <section aria-labelledby="funnel-heading">
      <h2 className="govuk-heading-m" id="funnel-heading">
        From contact to plan
      </h2>
      {funnel.state === 'loading' && <Loading what="the funnel" />}
      {funnel.state === 'error' && <Failure error={funnel.error} what="the funnel" />}
      {funnel.state === 'ok' &&
        (() => {
          const d = funnel.data;
          const t = d.suppression.threshold;
          const steps: [string, Step][] = [
            ['Contacts', d.contacts],
            ['Referrals', d.referrals],
            ['Statutory assessments', d.assessments],
            ['Early help plans', d.earlyHelpPlans],
            ['Child in need plans', d.childInNeedPlans],
            ['Child protection plans', d.childProtectionPlans],
          ];
          const rows = steps.map(([label, s]) => [
            label,
            count(s.journeys, d.suppressed, t),
            rate(s.ofPrevious, d.suppressed, t),
            rate(s.ofJourneys, d.suppressed, t),
          ]);
          const decisions = d.contactDecisions;
          const decisionRows = (
            [
              ['No further action', decisions.nfa],
              ['Information, advice and signposting', decisions['advice-signposting']],
              ['Early help', decisions['early-help']],
              ["Referral to children's social care", decisions.referral],
              ['Not yet decided (of contacts received)', decisions.undecided],
            ] as const
          ).map(([label, r]) => [label, rate(r, d.suppressed, t)]);
          const n = nfa.state === 'ok' ? nfa.data : null;
          const nfaRows =
            n === null
              ? []
              : [
                  ['NFA at contact', rate(n.contact, n.suppressed, t)],
                  ['Advice and signposting at contact', count(n.contact.adviceSignposting, n.suppressed, t)],
                  ['NFA at referral (CIN ReferralNFA)', rate(n.referral, n.suppressed, t)],
                  ['Assessed not in need, per referral', rate(n.assessedNotInNeedPerReferral, n.suppressed, t)],
                  ['Assessed not in need, per assessed referral', rate(n.assessedNotInNeedPerAssessedReferral, n.suppressed, t)],
                ];
          return (
            <div className="govuk-grid-row">
              <div className="govuk-grid-column-one-half">
                <Chart
                  label="Funnel of journeys from contact to plan"
                  option={{
                    tooltip: { trigger: 'item' },
                    series: [
                      {
                        type: 'funnel',
                        sort: 'none',
                        minSize: '4%',
                        label: { formatter: '{b}: {c}' },
                        data: steps.map(([name, s]) => ({ name, value: s.journeys ?? 0 })),
                      },
                    ],
                  }}
                />
              </div>
              <div className="govuk-grid-column-one-half">
                <DataTable
                  caption="Journeys at each step"
                  head={['Step', 'Journeys', 'Of previous step', 'Of all journeys']}
                  rows={rows}
                  numeric={[1, 2, 3]}
                  csvName="funnel.csv"
                  id="table-funnel"
                />
                <DataTable
                  caption="Contact decisions, of contacts decided"
                  head={['Decision', 'Rate']}
                  rows={decisionRows}
                  numeric={[1]}
                  csvName="contact-decisions.csv"
                  id="table-contact-decisions"
                />
                {n !== null && (
                  <DataTable
                    caption="No further action (NFA) rates with their denominators"
                    head={['Decision', 'Rate']}
                    rows={nfaRows}
                    numeric={[1]}
                    csvName="nfa-rates.csv"
                    id="table-nfa"
                  />
                )}
              </div>
            </div>
          );
        })()}
    </section>
  );
}

function HistogramSection({ handovers }: { handovers: Loaded<Handovers> }) {
  return (
    <section aria-labelledby="histogram-heading">
      <h2 className="govuk-heading-m" id="histogram-heading">
        Handovers per journey
      </h2>
      {handovers.state === 'loading' && <Loading what="handovers" />}
      {handovers.state === 'error' && <Failure error={handovers.error} what="handovers" />}
      {handovers.state === 'ok' &&
        (() => {
          const d = handovers.data;
          const t = d.suppression.threshold;
          const buckets = Object.entries(d.distribution);
          return (
            <div className="govuk-grid-row">
              <div className="govuk-grid-column-one-half">
                <Chart
                  label="Histogram of handovers per journey"
                  option={{
                    tooltip: { trigger: 'axis' },
                    grid: { left: 60, right: 20, top: 20, bottom: 40 },
                    xAxis: { type: 'category', name: 'handovers', nameLocation: 'middle', nameGap: 28, data: buckets.map(([k]) => k) },
                    yAxis: { type: 'value', name: 'journeys' },
                    series: [{ type: 'bar', data: buckets.map(([, v]) => v), itemStyle: { color: '#1d70b8' } }],
                  }}
                />
              </div>
              <div className="govuk-grid-column-one-half">
                <DataTable
                  caption="Journeys by number of handovers"
                  head={['Handovers', 'Journeys']}
                  rows={buckets.map(([k, v]) => [k, count(v, d.suppressed, t)])}
                  numeric={[1]}
                  csvName="handovers-histogram.csv"
                  id="table-histogram"
                />
              </div>
            </div>
          );
        })()}
    </section>
  );
}

function TrendSection({ trend }: { trend: Loaded<Trend> }) {
  return (
    <section aria-labelledby="trend-heading">
      <h2 className="govuk-heading-m" id="trend-heading">
        Handovers per journey, month by month
      </h2>
      {trend.state === 'loading' && <Loading what="the monthly trend" />}
      {trend.state === 'error' && <Failure error={trend.error} what="the monthly trend" />}
      {trend.state === 'ok' && trend.data.rows.length === 0 && <p className="govuk-inset-text">No journeys started in this period.</p>}
      {trend.state === 'ok' &&
        trend.data.rows.length > 0 &&
        (() => {
          const rows = trend.data.rows;
          const t = trend.data.suppression.threshold;
          return (
            <>
              <Chart
                label="Monthly trend of handovers per journey: mean, median and 90th percentile"
                option={{
                  tooltip: { trigger: 'axis' },
                  legend: { top: 0 },
                  grid: { left: 50, right: 20, top: 40, bottom: 40 },
                  xAxis: { type: 'category', data: rows.map((r) => r.period) },
                  yAxis: { type: 'value', name: 'handovers' },
                  series: [
                    { name: 'Mean', type: 'line', data: rows.map((r) => r.handoversPerJourney) },
                    { name: 'Median', type: 'line', data: rows.map((r) => r.medianHandovers) },
                    { name: '90th percentile', type: 'line', data: rows.map((r) => r.p90Handovers) },
                  ],
                }}
              />
              <DataTable
                caption="Handovers per journey by month of first contact"
                head={['Month', 'Journeys', 'Mean', 'Median', '90th percentile', 'Mean before help (journeys helped)']}
                rows={rows.map((r) => [
                  r.period,
                  count(r.journeys, r.suppressed, t),
                  number(r.handoversPerJourney, r.suppressed, t),
                  number(r.medianHandovers, r.suppressed, t),
                  number(r.p90Handovers, r.suppressed, t),
                  number(r.beforeHelp.mean, r.suppressed, t),
                ])}
                numeric={[1, 2, 3, 4, 5]}
                csvName="handovers-by-month.csv"
                id="table-trend"
              />
            </>
          );
        })()}
    </section>
  );
}

const pounds = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 0 });
const hoursFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

/** Staff cost of the front door's work in the period (the council's cost model), with the hours and the cost of one handover. */
function CostTile({ cost }: { cost: Loaded<CostReport> }) {
  let body: React.ReactNode;
  if (cost.state === 'loading') body = <span className="govuk-hint">Loading…</span>;
  else if (cost.state === 'error') body = <span className="govuk-error-message">Not available</span>;
  else {
    const total = cost.data.rows.find((r) => r.team === 'total');
    body =
      total === undefined || total.cost === null ? (
        <span className="app-tile__figure">–</span>
      ) : (
        <>
          <span className="app-tile__figure" data-figure="cost">
            {pounds.format(total.cost)}
          </span>
          <span className="govuk-body-s" style={{ display: 'block' }} data-figure="cost-detail">
            {hoursFormat.format(total.hours ?? 0)} staff hours
            {total.perHandover?.cost != null ? `; ${pounds.format(total.perHandover.cost)} per handover` : ''}
          </span>
        </>
      );
  }
  return (
    <div className="app-tile">
      <h3 className="govuk-heading-s govuk-!-margin-bottom-1">Staff cost of the front door’s work</h3>
      {body}
    </div>
  );
}

const cellOf = (v: unknown, suppressed: boolean, threshold: number, format: (x: number) => string): Cell => {
  if (typeof v === 'number') return { text: format(v), value: v };
  return suppressed
    ? {
        text: 'suppressed',
        value: null,
        suppressed: true,
        reason: `Withheld: counts from 1 to ${threshold - 1} are not shown, nor the figures they could be worked out from, so that no child can be recognised from them.`,
      }
    : { text: '–', value: null };
};

/**
 * Who is affected: handovers and the contact NFA rate by a characteristic of the child, over the
 * period (a breakdown takes no other filter). Ethnicity and disability are offered only to roles
 * that may see special-category data.
 */
function EqualitySection({ filters, initial }: { filters: Filters; initial: string | null }) {
  const options = equalityOptionsFor(getSession()?.roles ?? []);
  const [groupBy, setGroupBy] = useState<Characteristic | null>(options.includes(initial as Characteristic) ? (initial as Characteristic) : null);
  const paths = equalityRequests(filters, groupBy);
  const handovers = useApi<Breakdown>(paths.handovers);
  const nfa = useApi<Breakdown>(paths.nfa);
  const choose = (e: React.ChangeEvent<HTMLSelectElement>) => {
    const next = (e.target.value || null) as Characteristic | null;
    setGroupBy(next);
    // The choice stays in the address, so the view can be sent on.
    const params = new URLSearchParams(Object.entries(filters).filter((x): x is [string, string] => typeof x[1] === 'string'));
    if (next !== null) params.set('equality', next);
    window.history.replaceState(null, '', href('dashboard', undefined, params));
  };
  const ok = handovers.state === 'ok' && nfa.state === 'ok' ? { handovers: handovers.data, nfa: nfa.data } : null;
  return (
    <>
      <h2 className="govuk-heading-m">Who is affected</h2>
      <div className="govuk-form-group">
        <label className="govuk-label" htmlFor="equality-group-by">
          Break the figures down by (over the period only)
        </label>
        <select className="govuk-select" id="equality-group-by" value={groupBy ?? ''} onChange={choose}>
          <option value="">No breakdown</option>
          {options.map((c) => (
            <option key={c} value={c}>
              {CHARACTERISTIC_LABELS[c]}
            </option>
          ))}
        </select>
      </div>
      {groupBy !== null && (handovers.state === 'loading' || nfa.state === 'loading') && <Loading what="the breakdown" />}
      {groupBy !== null && handovers.state === 'error' && <Failure error={handovers.error} what="the breakdown" />}
      {groupBy !== null && nfa.state === 'error' && handovers.state !== 'error' && <Failure error={nfa.error} what="the breakdown" />}
      {groupBy !== null && ok !== null && (
        <DataTable
          id="table-equality"
          caption={`Handovers and contact NFA rate by ${CHARACTERISTIC_LABELS[groupBy].toLowerCase()}`}
          head={['Group', 'Journeys', 'Handovers per journey (mean)', 'Handovers (median)', 'Contacts decided', 'Contact NFA rate']}
          numeric={[1, 2, 3, 4, 5]}
          rows={ok.handovers.rows
            .filter((r) => r.table === 'journeys-by-handovers')
            .map((r) => {
              const group = String(r[groupBy]);
              const c = ok.nfa.rows.find((x) => x.table === 'contact-decisions' && String(x[groupBy]) === group);
              const t = ok.handovers.suppression.threshold;
              const hs = r.suppressed === true;
              const cs = c?.suppressed === true;
              return [
                group,
                cellOf(r.total, hs, t, (x) => hoursFormat.format(x)),
                cellOf(r.handoversPerJourneyMean, hs, t, (x) => x.toFixed(2)),
                cellOf(r.handoversPerJourneyMedian, hs, t, (x) => x.toFixed(1)),
                cellOf(c?.total, cs, t, (x) => hoursFormat.format(x)),
                cellOf(c?.contactNfaRate, cs, t, formatPercent),
              ];
            })}
          csvName={`dashboard-by-${groupBy}.csv`}
        />
      )}
    </>
  );
}
