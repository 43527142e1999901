import type { SqlExecutor, SqlValue } from '@journey-ledger/sql';
import { breakdown, count, rate, stat, Suppression } from '../query/figures';
import { render, renderRows } from '../query/render-rows';
import { buckets0to5, statsOf } from '../query/histogram';
import type { Histogram } from '../query/histogram';
import { Dimension, groupedTable, groupRows, MetricsQuery } from '../query/metrics-query';
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

/** The journey table carries the first team (and its tier) and the first source. */
export const PRACTITIONER_DIMENSIONS: readonly Dimension[] = ['source', 'team', 'tier'];

interface ValueCell {
  v: number;
  n: number;
}

/**
 * Lead-practitioner measures over journeys that started in the period (local dates, `from`
 * inclusive, `to` exclusive), by period, first team, its tier and first source when asked.
 * Histograms are counted per group, so each group's median comes from its own distribution.
 */
export async function practitioners(db: SqlExecutor, tenantId: string, q: MetricsQuery, s: Suppression): Promise<Report> {
  const params: SqlValue[] = [tenantId];
  const { where, keys, cols } = groupedTable(q, params, {
    measures: 'lead-practitioner measures',
    dimensions: PRACTITIONER_DIMENSIONS,
    dayColumn: 'start_day',
    monthColumn: 'start_month',
  });
  const base = `tenant_id = $1${where}`;
  const allocated = `${base} and allocations > 0`;
  const histogramOf = async (column: string, where: string) =>
    groupRows(
      await db.query<Record<string, unknown>>(
        `select ${[...cols, `${column} as v`].join(', ')}, count(*) as n from practitioner_journeys where ${where} group by ${[...keys, column].join(', ')}`,
        params,
      ),
      q,
      (r): ValueCell => ({ v: Number(r.v), n: Number(r.n) }),
    );
  const changes = await histogramOf('practitioner_changes', allocated);
  const days = await histogramOf('days_unallocated', `${allocated} and status = 'closed' and days_unallocated is not null`);
  const totals = groupRows(
    await db.query<Record<string, unknown>>(
      `select ${[...cols, 'count(*) as journeys'].join(', ')}, sum(handovers) as handovers, sum(handovers_with_change) as with_change,
              sum(handovers_without_change) as without_change, sum(handovers_without_practitioner) as without_practitioner
         from practitioner_journeys where ${base}${keys.length > 0 ? ` group by ${keys.join(', ')}` : ''}`,
      params,
    ),
    q,
    (r) => r,
  );
  // Months (or days) falling in one reported period are summed.
  const sumOf = (rows: readonly Record<string, unknown>[] | undefined, k: string) => (rows ?? []).reduce((t, r) => t + Number(r[k] ?? 0), 0);
  const histogram = (cells: readonly ValueCell[] | undefined): Histogram => {
    const h: Histogram = new Map();
    for (const c of cells ?? []) h.set(c.v, (h.get(c.v) ?? 0) + c.n);
    return h;
  };
  const byKey = <T>(groups: { key: Record<string, string>; rows: T[] }[]) => new Map(groups.map((g) => [JSON.stringify(g.key), g.rows]));
  const changesByKey = byKey(changes);
  const daysByKey = byKey(days);
  const build = (
    h: readonly Record<string, unknown>[] | undefined,
    changeCells: readonly ValueCell[] | undefined,
    dayCells: readonly ValueCell[] | undefined,
  ) => {
    const changeHistogram = histogram(changeCells);
    const changeStats = statsOf(changeHistogram);
    const dayStats = statsOf(histogram(dayCells));
    const allocatedJourneys = count(changeStats.count);
    const closedAllocated = count(dayStats.count);
    const withChange = sumOf(h, 'with_change');
    const withoutChange = sumOf(h, 'without_change');
    const withPractitioner = withChange + withoutChange;
    const changesTotal = count(changeStats.sum);
    return {
      journeys: count(sumOf(h, 'journeys')),
      journeysWithLeadPractitioner: allocatedJourneys,
      changesOfLeadPractitioner: {
        changes: changesTotal,
        mean: stat(changeStats.mean, allocatedJourneys, [changesTotal]),
        median: stat(changeStats.median, allocatedJourneys),
        histogram: breakdown(allocatedJourneys, Object.fromEntries(Object.entries(buckets0to5(changeHistogram)).map(([k, n]) => [k, count(n)]))),
      },
      daysWithoutPractitioner: {
        journeys: closedAllocated,
        total: stat(dayStats.sum, closedAllocated),
        mean: stat(dayStats.mean, closedAllocated),
        median: stat(dayStats.median, closedAllocated),
      },
      handoversOfTeam: {
        handovers: count(sumOf(h, 'handovers')),
        withoutPractitioner: count(sumOf(h, 'without_practitioner')),
        withChangeOfPractitioner: rate(withChange, withPractitioner, PRACTITIONER_DEFINITIONS.handoversWithChange),
        withoutChangeOfPractitioner: rate(withoutChange, withPractitioner, PRACTITIONER_DEFINITIONS.handoversWithoutChange),
      },
    };
  };
  const grouped = q.period !== undefined || q.groupBy.length > 0;
  const rows = grouped
    ? renderRows(
        totals.map((g) => {
          const k = JSON.stringify(g.key);
          return { key: g.key, figures: build(g.rows, changesByKey.get(k), daysByKey.get(k)) };
        }),
        s,
      )
    : [render(build(totals[0]?.rows, changes[0]?.rows, days[0]?.rows), s)];
  return { rows, definitions: { ...PRACTITIONER_DEFINITIONS } };
}
