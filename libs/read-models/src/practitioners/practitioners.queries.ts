import type { SqlExecutor, SqlValue } from '@journey-ledger/sql';
import { breakdown, count, rate, render, stat, Suppression } from '../query/figures';
import { buckets0to5, statsOf } from '../query/histogram';
import type { Histogram } from '../query/histogram';
import { MetricsQuery, requireFromAndToOnly } from '../query/metrics-query';
import type { Report } from '../measures/measures.queries';

export const PRACTITIONER_DEFINITIONS = {
  changesOfLeadPractitioner:
    'Changes of lead practitioner per journey with at least one allocation: allocations of someone other than the last lead practitioner (the first allocation is not a change; the same practitioner in a new team or role is not a change).',
  daysWithoutPractitioner:
    'Calendar days from the journey’s start to its closure with no lead practitioner allocated, per closed journey with at least one allocation.',
  handoversWithChange:
    'Handovers of team after which the lead practitioner changed (another allocated, or unallocated) before the next handover of team or the end / handovers of team made while a lead practitioner was allocated.',
  handoversWithoutChange:
    'Handovers of team after which the same lead practitioner stayed until the next handover of team or the end / handovers of team made while a lead practitioner was allocated.',
} as const;

async function histogramOf(db: SqlExecutor, column: string, where: string, params: SqlValue[]): Promise<Histogram> {
  const rows = await db.query<{ v: number | string; n: number | string }>(
    `select ${column} as v, count(*) as n from practitioner_journeys where ${where} group by ${column}`,
    params,
  );
  return new Map(rows.map((r) => [Number(r.v), Number(r.n)]));
}

/**
 * Lead-practitioner measures over journeys that started in the period (local dates, `from`
 * inclusive, `to` exclusive). No grouping or filters yet: the read model keeps the journey's first
 * team only.
 */
export async function practitioners(db: SqlExecutor, tenantId: string, q: MetricsQuery, s: Suppression): Promise<Report> {
  requireFromAndToOnly(q, 'lead-practitioner measures');
  const params: SqlValue[] = [tenantId];
  let base = 'tenant_id = $1';
  if (q.from) base += ` and start_day >= $${params.push(q.from)}`;
  if (q.to) base += ` and start_day < $${params.push(q.to)}`;
  const allocated = `${base} and allocations > 0`;
  const changes = await histogramOf(db, 'practitioner_changes', allocated, params);
  const days = await histogramOf(db, 'days_unallocated', `${allocated} and status = 'closed' and days_unallocated is not null`, params);
  const [h] = await db.query<Record<string, number | string | null>>(
    `select count(*) as journeys, sum(handovers) as handovers, sum(handovers_with_change) as with_change,
            sum(handovers_without_change) as without_change, sum(handovers_without_practitioner) as without_practitioner
       from practitioner_journeys where ${base}`,
    params,
  );
  const changeStats = statsOf(changes);
  const dayStats = statsOf(days);
  const allocatedJourneys = count(changeStats.count);
  const closedAllocated = count(dayStats.count);
  const withChange = Number(h?.with_change ?? 0);
  const withoutChange = Number(h?.without_change ?? 0);
  const withPractitioner = withChange + withoutChange;
  const changesTotal = count(changeStats.sum);
  const tree = {
    journeys: count(Number(h?.journeys ?? 0)),
    journeysWithLeadPractitioner: allocatedJourneys,
    changesOfLeadPractitioner: {
      changes: changesTotal,
      mean: stat(changeStats.mean, allocatedJourneys, [changesTotal]),
      median: stat(changeStats.median, allocatedJourneys),
      histogram: breakdown(allocatedJourneys, Object.fromEntries(Object.entries(buckets0to5(changes)).map(([k, n]) => [k, count(n)]))),
    },
    daysWithoutPractitioner: {
      journeys: closedAllocated,
      total: stat(dayStats.sum, closedAllocated),
      mean: stat(dayStats.mean, closedAllocated),
      median: stat(dayStats.median, closedAllocated),
    },
    handoversOfTeam: {
      handovers: count(Number(h?.handovers ?? 0)),
      withoutPractitioner: count(Number(h?.without_practitioner ?? 0)),
      withChangeOfPractitioner: rate(withChange, withPractitioner, PRACTITIONER_DEFINITIONS.handoversWithChange),
      withoutChangeOfPractitioner: rate(withoutChange, withPractitioner, PRACTITIONER_DEFINITIONS.handoversWithoutChange),
    },
  };
  return { rows: [render(tree, s)], definitions: { ...PRACTITIONER_DEFINITIONS } };
}
