import { TenantRegistry } from '@journey-ledger/application';
import { BulkWriter } from '@journey-ledger/ingest';
import { openReadModels } from '@journey-ledger/read-models';
import type { Benchmark, BenchContext, BenchResult } from './lib/harness';
import { openBenchStore, peakRssMb, rate, syntheticSource } from './lib/harness';

const READ_PARSE = 'read+parse the log';

/** The highest resident memory seen while `work` runs (sampled every 20 ms, and once at the end). */
async function withPeakRss<T>(work: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, peakMb: Math.round(peak / 1024 / 1024) };
  } finally {
    clearInterval(timer);
  }
}

/**
 * A rebuild of the read models from the synthetic year (written once, not timed). `batch` is the
 * rebuild as the product runs it (shadow tables, swapped in); `replay` feeds the log from position
 * zero through the live path, batch by batch, as before the batch job existed: the baseline. Each
 * case first times a bare read of the whole log (`readAll`, parsed, 50,000 events a page): the
 * ceiling every rebuild is quoted against. Peak RSS is the timed part's own (sampled).
 */
async function rebuild(ctx: BenchContext, kind: 'embedded' | 'postgres', strategy: 'batch' | 'replay', only?: string): Promise<BenchResult[]> {
  const { store: eventStore, db, dispose } = await openBenchStore(ctx, kind);
  try {
    const { tenant, journeys } = syntheticSource(ctx);
    const report = await new BulkWriter({ store: eventStore, teamsFor: () => tenant.teams }).write(journeys);
    const base = { store: kind, journeys: ctx.journeys, events: report.events };

    const read = await withPeakRss(async () => {
      const started = performance.now();
      let after = 0;
      for (;;) {
        const page = await eventStore.readAll({ after, maxCount: 50_000 });
        if (page.length === 0) break;
        after = page[page.length - 1].position;
      }
      return (performance.now() - started) / 1000;
    });

    const runner = await openReadModels(eventStore, db, { batchSize: 20_000, tenants: TenantRegistry.fromDirectory('config/tenants').configOf });
    const timed = await withPeakRss(async () => {
      const started = performance.now();
      await runner.rebuild(only ? [only] : undefined, { strategy });
      return (performance.now() - started) / 1000;
    });
    const what = only ?? runner.projections.map((p) => p.name).join(', ');
    return [
      {
        ...base,
        benchmark: 'read the log',
        subject: READ_PARSE,
        seconds: read.result,
        eventsPerSecond: rate(report.events, read.result),
        peakRssMb: read.peakMb,
        note: 'readAll from position 0, 50,000 events a page, parsed',
      },
      {
        ...base,
        benchmark: `rebuild ${only ?? 'all read models'} (${strategy})`,
        subject: 'ours',
        seconds: timed.result,
        eventsPerSecond: rate(report.events, timed.result),
        peakRssMb: timed.peakMb,
        compareTo: [READ_PARSE],
        note:
          strategy === 'batch'
            ? `batch job into shadow tables, swapped in: ${what}; process peak RSS ${peakRssMb()} MB (generation included)`
            : `replay through the live path from zero: ${what}; process peak RSS ${peakRssMb()} MB (generation included)`,
      },
    ];
  } finally {
    await dispose();
  }
}

export const projectionRebuild: Benchmark = {
  name: 'projection-rebuild',
  cases: () =>
    (['embedded', 'postgres'] as const).flatMap((kind) => [
      { id: `rebuild-journey-facts-${kind}`, run: (ctx: BenchContext) => rebuild(ctx, kind, 'batch', 'journey-facts') },
      { id: `rebuild-all-${kind}`, run: (ctx: BenchContext) => rebuild(ctx, kind, 'batch') },
      { id: `rebuild-all-replay-${kind}`, run: (ctx: BenchContext) => rebuild(ctx, kind, 'replay') },
    ]),
};
