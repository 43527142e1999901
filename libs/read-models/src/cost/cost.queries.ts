import { COST_ACTIVITIES, costOfActivity, DEFAULT_COST_MODEL, localDate } from '@journey-ledger/domain';
import type { CostActivity, TenantConfig } from '@journey-ledger/domain';
import type { SqlExecutor, SqlValue } from '@journey-ledger/sql';
import type { Report } from '../measures/measures.queries';
import { count } from '../query/figures';
import { render } from '../query/render-rows';
import type { Suppression } from '../query/figures';
import { isoInstant as iso, MetricsQuery, MetricsQueryError, periodLabel, utcWindowAround, withinWindow } from '../query/metrics-query';

/** One piece of work the cost model prices: what, by which team, when, on which journey. */
interface Work {
  readonly activity: CostActivity;
  readonly team: string;
  readonly at: string;
  readonly journeyId: string;
}

const money = (v: number) => Math.round(v * 100) / 100;
const hours = (v: number) => Math.round(v * 100) / 100;

/**
 * The front door's work, from the per-journey read models: each contact screened by the team that
 * received it; each handover re-read by the receiving team; each assessment started, by its team;
 * a strategy discussion before each section 47 enquiry (Working Together 2023), by the team that
 * started it; each closure, by the team holding the journey when it closed.
 */
async function workOf(db: SqlExecutor, tenantId: string, only: (at: string, params: SqlValue[]) => string): Promise<Work[]> {
  const work: Work[] = [];
  const rows = (select: string, from: string, at: string, where = '') => {
    const params: SqlValue[] = [tenantId];
    return db.query<Record<string, unknown>>(`select journey_id, ${select}, ${at} as at from ${from} where tenant_id = $1${where}${only(at, params)}`, params);
  };
  for (const r of await rows('team', 'journey_contacts', 'received_at'))
    work.push({ activity: 'contactScreening', team: String(r.team), at: iso(r.at), journeyId: String(r.journey_id) });
  for (const r of await rows('to_team as team', 'journey_handovers', 'occurred_at'))
    work.push({ activity: 'handover', team: String(r.team), at: iso(r.at), journeyId: String(r.journey_id) });
  for (const r of await rows('team, kind', 'journey_assessments', 'started_at')) {
    work.push({ activity: 'assessment', team: String(r.team), at: iso(r.at), journeyId: String(r.journey_id) });
    if (r.kind === 'section-47') work.push({ activity: 'strategyDiscussion', team: String(r.team), at: iso(r.at), journeyId: String(r.journey_id) });
  }
  for (const r of await rows('holder as team', 'journey_summary', 'closed_at', ` and status = 'closed'`))
    work.push({ activity: 'closure', team: String(r.team), at: iso(r.at), journeyId: String(r.journey_id) });
  return work;
}

const COUNT_NAMES: Record<CostActivity, string> = {
  contactScreening: 'contactsScreened',
  handover: 'handoversReceived',
  assessment: 'assessments',
  strategyDiscussion: 'strategyDiscussions',
  closure: 'closures',
};

/**
 * Staff hours and their cost, by team (and period when asked), under the council's cost model,
 * with a total row that also gives hours and £ per handover and per journey started in the
 * range (all the work on those journeys, whenever it fell). Computed at query time, so a council
 * that changes its cost model sees the new figures at once, with nothing to rebuild.
 */
export async function costs(db: SqlExecutor, tenantId: string, q: MetricsQuery, s: Suppression, tenant: TenantConfig | undefined): Promise<Report> {
  if (q.groupBy.length > 0 || Object.values(q.filters).some((f) => f !== undefined && f.length > 0))
    throw new MetricsQueryError('cost takes from, to and period only (rows are by team)');
  const model = tenant?.costModel ?? DEFAULT_COST_MODEL;
  const tz = tenant?.timeZone ?? 'Europe/London';
  const tierOf = (team: string) => tenant?.teams.find((t) => t.id === team)?.tier;
  const inRange = (day: string) => (q.from === undefined || day >= q.from) && (q.to === undefined || day < q.to);

  const window = utcWindowAround(q);
  // The work that can fall in the period, and all the work on the journeys that can have started in it.
  const work = await workOf(db, tenantId, (at, params) => withinWindow(at, window, params));
  const startedNear = (params: SqlValue[]) =>
    `select journey_id from journey_summary where tenant_id = $1 and status <> 'withdrawn'${withinWindow('started_at', window, params)}`;
  const journeyWork = await workOf(db, tenantId, (_, params) =>
    q.from === undefined && q.to === undefined ? '' : ` and journey_id in (${startedNear(params)})`,
  );
  const byRow = new Map<string, { period?: string; team: string; counts: Record<CostActivity, number>; hours: number; cost: number }>();
  const totals = {
    counts: Object.fromEntries(COST_ACTIVITIES.map((a) => [a, 0])) as Record<CostActivity, number>,
    hours: 0,
    cost: 0,
    handoverHours: 0,
    handoverCost: 0,
  };
  const perJourney = new Map<string, { hours: number; cost: number }>();
  for (const w of journeyWork) {
    const priced = costOfActivity(model, w.activity, tierOf(w.team));
    const j = perJourney.get(w.journeyId) ?? { hours: 0, cost: 0 };
    j.hours += priced.hours;
    j.cost += priced.cost;
    perJourney.set(w.journeyId, j);
  }
  for (const w of work) {
    const priced = costOfActivity(model, w.activity, tierOf(w.team));
    const day = localDate(w.at, tz);
    if (!inRange(day)) continue;
    const period = q.period ? periodLabel(day, q.period) : undefined;
    const key = `${period ?? ''}\u0000${w.team}`;
    const row = byRow.get(key) ?? {
      period,
      team: w.team,
      counts: Object.fromEntries(COST_ACTIVITIES.map((a) => [a, 0])) as Record<CostActivity, number>,
      hours: 0,
      cost: 0,
    };
    row.counts[w.activity] += 1;
    row.hours += priced.hours;
    row.cost += priced.cost;
    byRow.set(key, row);
    totals.counts[w.activity] += 1;
    totals.hours += priced.hours;
    totals.cost += priced.cost;
    if (w.activity === 'handover') {
      totals.handoverHours += priced.hours;
      totals.handoverCost += priced.cost;
    }
  }
  const startedParams: SqlValue[] = [tenantId];
  const started = await db.query<Record<string, unknown>>(
    `select journey_id, started_at from journey_summary where tenant_id = $1 and status <> 'withdrawn'${withinWindow('started_at', window, startedParams)}`,
    startedParams,
  );
  const journeys = started.filter((r) => r.started_at !== null && inRange(localDate(iso(r.started_at), tz))).map((r) => String(r.journey_id));
  const journeyHours = journeys.reduce((t, id) => t + (perJourney.get(id)?.hours ?? 0), 0);
  const journeyCost = journeys.reduce((t, id) => t + (perJourney.get(id)?.cost ?? 0), 0);

  const order = (r: { period?: string; team: string }) => `${r.period ?? ''}\u0000${r.team}`;
  const rows: Record<string, unknown>[] = [...byRow.values()]
    .sort((a, b) => (order(a) < order(b) ? -1 : 1))
    .map((r) => {
      const figures = render(Object.fromEntries(COST_ACTIVITIES.map((a) => [COUNT_NAMES[a], count(r.counts[a])])), s);
      // Hours beside a withheld count would give the count back (hours = count × hours per piece of work).
      const shown = !figures.suppressed;
      return {
        ...(r.period ? { period: r.period } : {}),
        team: r.team,
        tier: tierOf(r.team) ?? 'unknown',
        ...figures,
        hours: shown ? hours(r.hours) : null,
        cost: shown ? money(r.cost) : null,
      };
    });
  const handovers = totals.counts.handover;
  rows.push({
    team: 'total',
    ...render(Object.fromEntries(COST_ACTIVITIES.map((a) => [COUNT_NAMES[a], count(totals.counts[a])])), s),
    hours: hours(totals.hours),
    cost: money(totals.cost),
    perHandover: {
      hours: handovers === 0 ? null : hours(totals.handoverHours / handovers),
      cost: handovers === 0 ? null : money(totals.handoverCost / handovers),
    },
    perJourney: {
      journeys: journeys.length,
      hours: journeys.length === 0 ? null : hours(journeyHours / journeys.length),
      cost: journeys.length === 0 ? null : money(journeyCost / journeys.length),
    },
  });
  return {
    rows,
    definitions: {
      cost: `Staff hours and cost (£) of the work in the range under the council's cost model (${model.basis}): contacts screened by the receiving team, handovers re-read by the receiving team, assessments started, a strategy discussion before each section 47 enquiry, closures by the team holding the journey.`,
      perHandover: 'Hours and £ of re-reading per handover in the range.',
      perJourney: 'Hours and £ of all the work on the journeys started in the range, whenever it fell, per journey.',
    },
  };
}
