import { BulkWriter } from '@journey-ledger/ingest';
import { families, NO_SUPPRESSION, openReadModels } from '@journey-ledger/read-models';
import type { MetricsQuery } from '@journey-ledger/read-models';
import type { Benchmark, BenchContext, BenchResult } from './lib/harness';
import { openBenchStore, peakRssMb, syntheticSource } from './lib/harness';

/** The most journeys this case loads (families are measured at query time, so the query grows with them). */
const MAX_JOURNEYS = 10_000;
/** The Families First preset on the council whose map has Family Help and multi-agency child protection. */
const PRESET = 'families-first-2026';
const TENANT = 'south-vale';

async function time(run: () => Promise<unknown>): Promise<{ p50: number; p99: number; max: number }> {
  await run();
  const ms: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    await run();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => Math.round(ms[Math.min(ms.length - 1, Math.floor(q * ms.length))] * 10) / 10;
  return { p50: at(0.5), p99: at(0.99), max: at(1) };
}

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
    const results: BenchResult[] = [];
    let baseline = 0;
    for (const [name, q] of cases) {
      const t = await time(q);
      if (baseline === 0) baseline = t.p50;
      results.push({
        benchmark: `family measures: ${name}`,
        store: kind,
        subject: 'ours',
        journeys,
        events: written.events,
        seconds: 0,
        eventsPerSecond: 0,
        latencyMs: { p50: t.p50, p99: t.p99 },
        peakRssMb: peakRssMb(),
        note: `7 runs after a warm-up; max ${t.max} ms; p50 ${baseline > 0 ? (t.p50 / baseline).toFixed(1) : '–'}× the ungrouped year in the same run`,
      });
    }
    return results;
  } finally {
    await s.dispose();
  }
}

/** Latency of `GET /metrics/families` by period and tier, against the ungrouped year measured in the same run. */
export const familyMeasures: Benchmark = {
  name: 'family-measures',
  cases: () => (['embedded', 'postgres'] as const).map((kind) => ({ id: `family-measures-${kind}`, run: (ctx: BenchContext) => run(ctx, kind) })),
};
