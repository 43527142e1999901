import { BulkWriter } from '@journey-ledger/ingest';
import { Benchmark, BenchContext, BenchResult, openBenchStore, peakRssMb, rate, syntheticSource } from './lib/harness';

/**
 * Ours: synthetic journeys generated, decided by the domain and appended through the bulk writer
 * (`appendBatch`, 4,000 journeys a call on the embedded store, 1,000 on PostgreSQL) into a fresh store:
 * the `generate` command's path, end to end.
 */
async function run(ctx: BenchContext, kind: 'embedded' | 'postgres'): Promise<BenchResult> {
  const { store, dispose } = await openBenchStore(ctx, kind);
  try {
    const { tenant, journeys } = syntheticSource(ctx);
    const started = performance.now();
    const report = await new BulkWriter({ store, teamsFor: () => tenant.teams }).write(journeys);
    const seconds = (performance.now() - started) / 1000;
    if (report.rejected > 0) throw new Error(`${report.rejected} synthetic journeys were rejected`);
    return {
      benchmark: 'bulk-generate',
      store: kind,
      subject: 'ours',
      journeys: report.journeys,
      events: report.events,
      seconds,
      eventsPerSecond: rate(report.events, seconds),
      peakRssMb: peakRssMb(),
      note: 'generate + decide + hash chain + appendBatch, end to end',
      compareTo:
        kind === 'embedded' ? ['raw better-sqlite3', 'raw better-sqlite3, no index'] : ['raw pg COPY', 'raw pg COPY, no index', 'emmett-postgresql 0.42'],
    };
  } finally {
    await dispose();
  }
}

export const bulkGenerate: Benchmark = {
  name: 'bulk-generate',
  cases: () => [
    { id: 'bulk-generate:embedded', run: (ctx) => run(ctx, 'embedded') },
    { id: 'bulk-generate:postgres', run: (ctx) => run(ctx, 'postgres') },
  ],
};
