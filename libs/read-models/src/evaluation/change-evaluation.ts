import { englandAndWalesCalendar, localDate } from '@journey-ledger/domain';
import type { WorkingCalendar } from '@journey-ledger/domain';
import type { SqlExecutor, SqlValue } from '@journey-ledger/sql';
import type { Suppression } from '../query/figures';
import { bootstrapInterval, mean, median, wilsonInterval } from './intervals';
import { segmentedRegression } from './interrupted-time-series';
import type { Coefficient } from './interrupted-time-series';
import { isoInstant as iso, utcWindowAround, withinWindow } from '../query/metrics-query';

/** A change to the front door, as recorded in the council's stream. */
export interface ServiceChange {
  readonly changeId: string;
  readonly title: string;
  /** Local date the change went live. */
  readonly goLive: string;
  readonly teams: readonly string[];
  readonly scenarioId?: string;
}

export interface Window {
  readonly from: string;
  /** Exclusive. */
  readonly to: string;
}

const round = (v: number | null, places = 4) => (v === null ? null : Math.round(v * 10 ** places) / 10 ** places);
const roundTo = (v: number, places = 4) => Math.round(v * 10 ** places) / 10 ** places;

/** `day` (YYYY-MM-DD) moved by whole months, clamped to the month's last day. */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), Math.min(d, last))).toISOString().slice(0, 10);
}

/**
 * Known seasonal breaks in the front door's work: school holidays, when referrals from schools
 * (the largest source) fall away. England's summer holiday (about 21 July to 31 August) and
 * Christmas (24 December to 1 January); local term dates vary by a few days.
 */
function seasonalBreaks(w: Window): string[] {
  const out: string[] = [];
  for (let y = Number(w.from.slice(0, 4)); y <= Number(w.to.slice(0, 4)); y++) {
    const overlaps = (from: string, to: string) => from < w.to && to >= w.from;
    if (overlaps(`${y}-07-21`, `${y}-08-31`)) out.push(`the school summer holidays of ${y}`);
    if (overlaps(`${y}-12-24`, `${y + 1}-01-01`)) out.push(`Christmas ${y}`);
  }
  return out;
}

interface RateCounts {
  numerator: number;
  denominator: number;
}

const zero = (): RateCounts => ({ numerator: 0, denominator: 0 });
const RATE_KEYS = ['contactNfa', 'referralNfa', 'reReferral', 'contactWithinOneWorkingDay'] as const;
type RateKey = (typeof RATE_KEYS)[number];
const emptyMonth = () => ({ rates: Object.fromEntries(RATE_KEYS.map((k) => [k, zero()])) as Record<RateKey, RateCounts>, handovers: [] as number[] });

/**
 * One window's figures, from the per-journey read models, whole and month by month (the months
 * counted from the window's first day, so that the go-live starts a month).
 */
async function windowFigures(db: SqlExecutor, tenantId: string, w: Window, months: number, timeZone: string, calendar: WorkingCalendar) {
  const bounds = Array.from({ length: months + 1 }, (_, i) => addMonths(w.from, i));
  const monthly = Array.from({ length: months }, emptyMonth);
  let month = emptyMonth();
  /** True when the row is in the window; `month` is then the month it falls in. */
  const inWindow = (at: unknown) => {
    if (at === null || at === undefined) return false;
    const day = localDate(iso(at), timeZone);
    if (!(day >= w.from && day < w.to)) return false;
    let i = 0;
    while (i < months - 1 && day >= bounds[i + 1]) i++;
    month = monthly[i];
    return true;
  };
  // Only the rows whose timestamp can fall in the window: the exact local-date check is inWindow.
  const near = utcWindowAround(w);
  const rowsOf = (select: string, from: string, at: string, where = '') => {
    const params: SqlValue[] = [tenantId];
    return db.query<Record<string, unknown>>(`select ${select} from ${from} where tenant_id = $1${where}${withinWindow(at, near, params)}`, params);
  };
  const contactNfa = zero();
  const contactWithinOneWorkingDay = zero();
  for (const r of await rowsOf('received_at, decided_at, outcome', 'journey_contacts', 'received_at', ' and outcome is not null')) {
    if (!inWindow(r.received_at)) continue;
    const nfa = r.outcome === 'nfa';
    const withinOneDay = calendar.workingDaysBetween(iso(r.received_at), iso(r.decided_at), timeZone) <= 1;
    for (const c of [contactNfa, month.rates.contactNfa]) {
      c.denominator++;
      if (nfa) c.numerator++;
    }
    for (const c of [contactWithinOneWorkingDay, month.rates.contactWithinOneWorkingDay]) {
      c.denominator++;
      if (withinOneDay) c.numerator++;
    }
  }
  const referralNfa = zero();
  for (const r of await rowsOf('accepted_at, referral_nfa', 'journey_referrals', 'accepted_at')) {
    if (!inWindow(r.accepted_at)) continue;
    for (const c of [referralNfa, month.rates.referralNfa]) {
      c.denominator++;
      if (Number(r.referral_nfa) === 1) c.numerator++;
    }
  }
  const reReferral = zero();
  for (const r of await rowsOf('accepted_at, re_referral', 'analytics_referrals', 'accepted_at')) {
    if (!inWindow(r.accepted_at)) continue;
    for (const c of [reReferral, month.rates.reReferral]) {
      c.denominator++;
      if (Number(r.re_referral) === 1) c.numerator++;
    }
  }
  const handovers: number[] = [];
  for (const r of await rowsOf('started_at, handovers', 'journey_summary', 'started_at', ` and status <> 'withdrawn'`)) {
    if (!inWindow(r.started_at)) continue;
    handovers.push(Number(r.handovers));
    month.handovers.push(Number(r.handovers));
  }
  return { rates: { contactNfa, referralNfa, reReferral, contactWithinOneWorkingDay }, handovers, monthly };
}

const RATE_DEFINITIONS = {
  contactNfa: 'Contacts decided NFA / contacts decided, by date received',
  referralNfa: 'Referrals closed NFA without assessment (CIN ReferralNFA) / referrals, by referral date',
  reReferral: 'Re-referrals within 12 months / referrals, by referral date',
  contactWithinOneWorkingDay: 'Contacts decided within 1 working day / contacts decided, by date received',
} as const;

/**
 * Every rate in a window before a change and one after it, each with its Wilson 95% interval, and
 * handovers per journey (mean and median) with percentile bootstrap 95% intervals. Intervals that
 * do not overlap are the sign of a change that is not chance; overlapping ones are not proof of
 * none. Notes say when a window is short, not yet over, or crosses a school holiday.
 */
export async function evaluateChange(
  db: SqlExecutor,
  tenantId: string,
  change: ServiceChange,
  options: { months: number; timeZone: string; today: string; suppression: Suppression; calendar?: WorkingCalendar },
) {
  const calendar = options.calendar ?? englandAndWalesCalendar();
  const before: Window = { from: addMonths(change.goLive, -options.months), to: change.goLive };
  const after: Window = { from: change.goLive, to: addMonths(change.goLive, options.months) };
  const [b, a] = [
    await windowFigures(db, tenantId, before, options.months, options.timeZone, calendar),
    await windowFigures(db, tenantId, after, options.months, options.timeZone, calendar),
  ];
  const s = options.suppression;
  const hidden = (n: number) => (s.applies || s.published !== undefined) && n > 0 && n < s.threshold;
  const rate = (c: RateCounts) => {
    const withheld = hidden(c.numerator) || hidden(c.denominator);
    const interval = withheld ? null : wilsonInterval(c.numerator, c.denominator);
    return {
      numerator: hidden(c.numerator) ? null : c.numerator,
      denominator: hidden(c.denominator) ? null : c.denominator,
      rate: withheld || c.denominator === 0 ? null : round(c.numerator / c.denominator),
      interval: interval && { lower: roundTo(interval.lower), upper: roundTo(interval.upper) },
    };
  };
  const overlap = (x: { lower: number; upper: number } | null, y: { lower: number; upper: number } | null) =>
    x === null || y === null ? null : x.lower <= y.upper && y.lower <= x.upper;
  const rates = Object.fromEntries(
    (Object.keys(RATE_DEFINITIONS) as (keyof typeof RATE_DEFINITIONS)[]).map((k) => {
      const [rb, ra] = [rate(b.rates[k]), rate(a.rates[k])];
      return [
        k,
        {
          definition: RATE_DEFINITIONS[k],
          before: rb,
          after: ra,
          change: rb.rate === null || ra.rate === null ? null : round(ra.rate - rb.rate),
          intervalsOverlap: overlap(rb.interval, ra.interval),
        },
      ];
    }),
  );
  const statistic = (values: number[], f: (v: readonly number[]) => number | null) => {
    const withheld = hidden(values.length);
    const interval = withheld ? null : bootstrapInterval(values, f);
    return {
      journeys: withheld ? null : values.length,
      value: withheld ? null : round(f(values), 3),
      interval: interval && { lower: roundTo(interval.lower, 3), upper: roundTo(interval.upper, 3) },
    };
  };
  const notes: string[] = [];
  if (options.months < 3) notes.push(`windows of ${options.months} month(s) are short: monthly figures swing with the school calendar and chance`);
  if (after.to > options.today) notes.push(`the window after the change runs to ${after.to} and is not over yet (data to ${options.today})`);
  for (const [name, w] of [
    ['before', before],
    ['after', after],
  ] as const) {
    const breaks = seasonalBreaks(w);
    if (breaks.length > 0) notes.push(`the window ${name} the change crosses ${breaks.join(' and ')}: referrals from schools fall away then`);
  }
  const months = [...b.monthly.map((m) => ({ m, after: false })), ...a.monthly.map((m) => ({ m, after: true }))];
  const monthStarts = [
    ...Array.from({ length: options.months }, (_, i) => addMonths(before.from, i)),
    ...Array.from({ length: options.months }, (_, i) => addMonths(after.from, i)),
  ];
  /** The series and its segmented regression; withheld when any month's count or numerator would be (a month's rate and count give the numerator away). */
  const series = (values: { value: number | null; count: number; numerator?: number }[], places: number) => {
    if (values.some((v) => hidden(v.count) || (v.numerator !== undefined && hidden(v.numerator)))) return { withheld: true as const };
    const fit = segmentedRegression(values.map((v, i) => ({ value: v.value, after: months[i].after })));
    const coefficient = (c: Coefficient) => ({
      estimate: roundTo(c.estimate, places),
      standardError: roundTo(c.standardError, places),
      interval: { lower: roundTo(c.interval.lower, places), upper: roundTo(c.interval.upper, places) },
      pValue: roundTo(c.pValue, 4),
    });
    return {
      months: values.map((v, i) => ({ month: monthStarts[i], after: months[i].after, value: round(v.value, places), count: v.count })),
      regression:
        fit === null
          ? null
          : {
              points: fit.points,
              degreesOfFreedom: fit.degreesOfFreedom,
              baselineLevel: coefficient(fit.baselineLevel),
              trendBefore: coefficient(fit.trendBefore),
              levelChange: coefficient(fit.levelChange),
              trendChange: coefficient(fit.trendChange),
            },
    };
  };
  const interruptedTimeSeries = {
    definition:
      'Monthly figures (months counted from the go-live) fitted by segmented regression, y = b0 + b1·month + b2·after + b3·months since the change (Wagner et al. 2002): the level change is b2, the trend change per month b3, each with its standard error, a 95% interval from Student’s t and a p-value. Autocorrelation is not modelled; at least 3 months with figures either side are needed.',
    ...(options.months < 3 ? { note: 'needs windows of at least 3 months either side' } : {}),
    rates: Object.fromEntries(
      RATE_KEYS.map((k) => [
        k,
        series(
          months.map(({ m }) => ({
            value: m.rates[k].denominator === 0 ? null : m.rates[k].numerator / m.rates[k].denominator,
            count: m.rates[k].denominator,
            numerator: m.rates[k].numerator,
          })),
          4,
        ),
      ]),
    ) as Record<RateKey, ReturnType<typeof series>>,
    handoversPerJourney: series(
      months.map(({ m }) => ({ value: mean(m.handovers), count: m.handovers.length })),
      3,
    ),
  };
  return {
    change,
    windows: { before, after },
    rates,
    handoversPerJourney: {
      definition: 'Handovers per journey started in the window: mean and median, with percentile bootstrap 95% intervals (2,000 resamples, seeded)',
      mean: { before: statistic(b.handovers, mean), after: statistic(a.handovers, mean) },
      median: { before: statistic(b.handovers, median), after: statistic(a.handovers, median) },
    },
    interruptedTimeSeries,
    notes,
  };
}
