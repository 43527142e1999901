import { join } from 'node:path';
import { importCsv, LIST_NAMES } from '@journey-ledger/ingest';
import { writeJourneysAsCsv } from '@journey-ledger/synthetic';
import { Benchmark, BenchContext, BenchResult, loadTenantConfig, openBenchStore, peakRssMb, rate, syntheticSource } from './lib/harness';

/**
 * Ours: the same synthetic journeys exported as the five CSV lists (not timed), then imported:
 * two streamed passes, the join on Journey ID, row checks, the decider, `appendBatch`.
 */
async function run(ctx: BenchContext, kind: 'embedded' | 'postgres'): Promise<BenchResult> {
  const { store, dir, dispose } = await openBenchStore(ctx, kind);
  try {
    const rows = await writeJourneysAsCsv(syntheticSource(ctx).journeys, dir);
    const started = performance.now();
    const report = await importCsv(
      LIST_NAMES.map((list) => ({ list, path: join(dir, `${list}.csv`) })),
      { store, tenant: loadTenantConfig(ctx.tenant) },
    );
    const seconds = (performance.now() - started) / 1000;
    if (report.rows.rejected > 0) throw new Error(`${report.rows.rejected} rows rejected: ${JSON.stringify(report.rejects.slice(0, 3))}`);
    return {
      benchmark: 'csv-import',
      store: kind,
      subject: 'ours',
      journeys: report.journeys.written,
      events: report.events,
      seconds,
      eventsPerSecond: rate(report.events, seconds),
      peakRssMb: peakRssMb(),
      note: `${Object.values(rows).reduce((a, b) => a + b, 0)} CSV rows in 5 lists: read twice, joined, checked, decided, appended`,
      compareTo: kind === 'embedded' ? ['raw better-sqlite3'] : ['raw pg COPY', 'emmett-postgresql 0.42'],
    };
  } finally {
    await dispose();
  }
}

export const csvImport: Benchmark = {
  name: 'csv-import',
  cases: () => [
    { id: 'csv-import:embedded', run: (ctx) => run(ctx, 'embedded') },
    { id: 'csv-import:postgres', run: (ctx) => run(ctx, 'postgres') },
  ],
};
