import { join } from 'node:path';
import { BulkWriter } from '@journey-ledger/ingest';
import type { Benchmark, BenchContext, BenchResult } from './lib/harness';
import { CLI_NODE_FLAGS, openBenchStore, rate, runTypeScript, syntheticSource } from './lib/harness';
import type { RebuildPart, RebuildPartResult } from './lib/rebuild-process';

const READ_PARSE = 'read+parse the log';

/** Runs one timed part in a process of its own (`lib/rebuild-process.ts`), started as `npm run cli` starts the product's commands. */
async function inOwnProcess(job: RebuildPart): Promise<RebuildPartResult> {
  const { code, stdout } = await runTypeScript(join(__dirname, 'lib/rebuild-process.ts'), [JSON.stringify(job)], CLI_NODE_FLAGS);
  if (code !== 0) throw new Error(`the ${job.part} process failed (exit ${code})`);
  return JSON.parse(stdout.trim().split('\n').pop() as string) as RebuildPartResult;
}

/**
 * A rebuild of the read models from the synthetic year (written once, not timed). `batch` is the
 * rebuild as the product runs it (shadow tables, swapped in); `replay` feeds the log from position
 * zero through the live path, batch by batch, as before the batch job existed: the baseline. Each
 * case first times a bare read of the whole log (`readAll`, parsed, 50,000 events a page): the
 * ceiling every rebuild is quoted against. Both run in a fresh process each, so peak RSS is the
 * kernel's figure for that process alone (start-up and the TypeScript loader included), not what
 * generating the year left in this one.
 */
async function rebuild(ctx: BenchContext, kind: 'embedded' | 'postgres', strategy: 'batch' | 'replay', only?: string): Promise<BenchResult[]> {
  const { store: eventStore, settings, dispose } = await openBenchStore(ctx, kind);
  try {
    const { tenant, journeys } = syntheticSource(ctx);
    const report = await new BulkWriter({ store: eventStore, teamsFor: () => tenant.teams }).write(journeys);
    const base = { store: kind, journeys: ctx.journeys, events: report.events };
    const read = await inOwnProcess({ settings, part: 'read' });
    const timed = await inOwnProcess({ settings, part: 'rebuild', only, strategy });
    const what = timed.projections.join(', ');
    const memory = (r: RebuildPartResult) => `a process of its own, ${r.startRssMb} MB resident before the timed part`;
    return [
      {
        ...base,
        benchmark: 'read the log',
        subject: READ_PARSE,
        seconds: read.seconds,
        eventsPerSecond: rate(report.events, read.seconds),
        peakRssMb: read.peakRssMb,
        note: `readAll from position 0, 50,000 events a page, parsed; ${memory(read)}`,
      },
      {
        ...base,
        benchmark: `rebuild ${only ?? 'all read models'} (${strategy})`,
        subject: 'ours',
        seconds: timed.seconds,
        eventsPerSecond: rate(report.events, timed.seconds),
        peakRssMb: timed.peakRssMb,
        compareTo: [READ_PARSE],
        note:
          (strategy === 'batch' ? `batch job into shadow tables, swapped in: ${what}` : `replay through the live path from zero: ${what}`) +
          `; ${memory(timed)}, V8 flags ${CLI_NODE_FLAGS.join(' ') || 'none'}`,
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
