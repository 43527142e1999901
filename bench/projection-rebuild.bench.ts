import { TenantRegistry } from '@journey-ledger/application';
import { BulkWriter } from '@journey-ledger/ingest';
import { openReadModels } from '@journey-ledger/read-models';
import type { Benchmark, BenchContext, BenchResult } from './lib/harness';
import { openBenchStore, peakRssMb, rate, syntheticSource } from './lib/harness';

/**
 * Full projection rebuild from zero: the synthetic year is written once (not timed), then every
 * read model is dropped and replayed from the log (timed); `journey-facts` alone is timed too,
 * beside the analysts' cube, so each read model's cost shows.
 */
async function rebuild(ctx: BenchContext, kind: 'embedded' | 'postgres', only?: string): Promise<BenchResult> {
  const { store: eventStore, db, dispose } = await openBenchStore(ctx, kind);
  try {
    const { tenant, journeys } = syntheticSource(ctx);
    const report = await new BulkWriter({ store: eventStore, teamsFor: () => tenant.teams }).write(journeys);
    const runner = await openReadModels(eventStore, db, { batchSize: 20_000, tenants: TenantRegistry.fromDirectory('config/tenants').configOf });
    await runner.catchUp(); // every read model at the head first (not timed): then only the rebuild is measured
    const started = performance.now();
    await runner.rebuild(only ? [only] : undefined);
    const seconds = (performance.now() - started) / 1000;
    return {
      benchmark: only ? `rebuild ${only}` : 'rebuild all read models',
      store: kind,
      subject: 'ours',
      journeys: ctx.journeys,
      events: report.events,
      seconds,
      eventsPerSecond: rate(report.events, seconds),
      peakRssMb: peakRssMb(),
      note: only ? `drop and replay ${only} only` : `drop and replay ${runner.projections.map((p) => p.name).join(', ')}`,
    };
  } finally {
    await dispose();
  }
}

export const projectionRebuild: Benchmark = {
  name: 'projection-rebuild',
  cases: () =>
    (['embedded', 'postgres'] as const).flatMap((kind) => [
      { id: `rebuild-journey-facts-${kind}`, run: (ctx: BenchContext) => rebuild(ctx, kind, 'journey-facts') },
      { id: `rebuild-all-${kind}`, run: (ctx: BenchContext) => rebuild(ctx, kind) },
    ]),
};
