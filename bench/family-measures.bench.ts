import { BulkWriter } from '@journey-ledger/ingest';
import { families, NO_SUPPRESSION, openReadModels } from '@journey-ledger/read-models';
import type { MetricsQuery } from '@journey-ledger/read-models';
import type { Benchmark, BenchContext, BenchResult } from './lib/harness';
import { openBenchStore, syntheticSource } from './lib/harness';
import { queryLatencies } from './lib/query-latency';

/** The most journeys this case loads (families are measured at query time, so the query grows with them). */
const MAX_JOURNEYS = 10_000;
/** The Families First preset on the council whose map has Family Help and multi-agency child protection. */
const PRESET = 'families-first-2026';
const TENANT = 'south-vale';

async function run(ctx: BenchContext, kind: 'embedded' | 'postgres'): Promise<BenchResult[]> {
  const journeys = Math.min(ctx.journeys, MAX_JOURNEYS);
  const { tenant, journeys: source } = syntheticSource({ ...ctx, preset: PRESET, tenant: TENANT }, journeys);
  const s = await openBenchStore(ctx, kind);
  try {
    const written = await new BulkWriter({ store: s.store, teamsFor: () => tenant.teams, overlap: false }).write(source);
    const runner = await openReadModels(s.store, s.db, { tenants: (id) => (id === tenant.config.id ? tenant.config : undefined) });
    await runner.catchUp();
    if (kind === 'postgres') await s.db.execute('analyze');
    const year = { from: '2025-04-01', to: '2026-04-01' };
    const tierOf = (team: string) => tenant.teams.tierOf(team);
    const query = (q: Partial<MetricsQuery>) => () =>
      families(s.db, tenant.config.id, { ...year, groupBy: [], filters: {}, ...q }, NO_SUPPRESSION, tenant.config.timeZone, tierOf);
    const cases: [string, () => Promise<unknown>][] = [
      ['the year, no grouping (the baseline)', query({})],
      ['the year by tier', query({ groupBy: ['tier'] })],
      ['by month', query({ period: 'month' })],
      ['by month and tier', query({ period: 'month', groupBy: ['tier'] })],
      ['by week', query({ period: 'week' })],
      ['by day', query({ period: 'day' })],
    ];
    return await queryLatencies(cases, {
      benchmark: 'family measures',
      store: kind,
      journeys,
      events: written.events,
      warmUps: 1,
      runs: 7,
      baseline: 'the ungrouped year',
    });
  } finally {
    await s.dispose();
  }
}

/** Latency of `GET /metrics/families` by period and tier, against the ungrouped year measured in the same run. */
export const familyMeasures: Benchmark = {
  name: 'family-measures',
  cases: () => (['embedded', 'postgres'] as const).map((kind) => ({ id: `family-measures-${kind}`, run: (ctx: BenchContext) => run(ctx, kind) })),
};
