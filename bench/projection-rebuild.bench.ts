import { join } from 'node:path';
import { BulkWriter } from '@journey-ledger/ingest';
import type { EventStore } from '@journey-ledger/event-store';
import type { Benchmark, BenchContext, BenchResult } from './lib/harness';
import { CLI_NODE_FLAGS, decidedBatches, openBenchStore, rate, runTypeScript, syntheticSource } from './lib/harness';
import { BusinessTimeOrder } from './lib/business-time-order';
import type { RebuildPart, RebuildPartResult } from './lib/rebuild-process';

const READ_PARSE = 'read+parse the log';
const READ_ROWS = 'read the rows, bare driver';

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
 * case first times two bare reads of the whole log, 50,000 events a page, the ceilings every
 * rebuild is quoted against: the rows alone, by the SQL driver, JSON not parsed (no reader of the
 * log on this machine can go faster), and the events as the store reads them (`readAll`, parsed).
 * Each runs in a fresh process, so peak RSS is the kernel's figure for that process alone
 * (start-up and the TypeScript loader included), not what generating the year left in this one.
 *
 * The year is written journey after journey (as the bulk writer appends it), or in business-time
 * order (`BusinessTimeOrder`): as a council's live log holds it, journeys open at the same time
 * interleaved, `INTERLEAVED_WINDOW` journeys at a time.
 */
async function rebuild(
  ctx: BenchContext,
  kind: 'embedded' | 'postgres',
  strategy: 'batch' | 'replay',
  only?: string,
  order: 'journey after journey' | 'business time' = 'journey after journey',
): Promise<BenchResult[]> {
  const { store: eventStore, settings, dispose } = await openBenchStore(ctx, kind);
  try {
    const written = order === 'business time' ? await writeInBusinessTimeOrder(ctx, kind, eventStore) : await writeJourneyAfterJourney(ctx, eventStore);
    const base = { store: kind, journeys: ctx.journeys, events: written.events };
    const rows = await inOwnProcess({ settings, part: 'read-rows' });
    const read = await inOwnProcess({ settings, part: 'read' });
    const timed = await inOwnProcess({ settings, part: 'rebuild', only, strategy });
    const what = timed.projections.join(', ');
    const memory = (r: RebuildPartResult) => `a process of its own, ${r.startRssMb} MB resident before the timed part`;
    return [
      {
        ...base,
        benchmark: 'read the log',
        subject: READ_ROWS,
        seconds: rows.seconds,
        eventsPerSecond: rate(written.events, rows.seconds),
        peakRssMb: rows.peakRssMb,
        note: `the events table's rows by position as the SQL driver hands them over (queryArrays), 50,000 a page, JSON not parsed; ${memory(rows)}`,
      },
      {
        ...base,
        benchmark: 'read the log',
        subject: READ_PARSE,
        seconds: read.seconds,
        eventsPerSecond: rate(written.events, read.seconds),
        peakRssMb: read.peakRssMb,
        note: `readAll from position 0, 50,000 events a page, parsed; ${memory(read)}`,
      },
      {
        ...base,
        benchmark: `rebuild ${only ?? 'all read models'} (${strategy}${written.label})`,
        subject: 'ours',
        seconds: timed.seconds,
        eventsPerSecond: rate(written.events, timed.seconds),
        peakRssMb: timed.peakRssMb,
        compareTo: [READ_PARSE, READ_ROWS],
        note:
          (strategy === 'batch' ? `batch job into shadow tables, swapped in: ${what}` : `replay through the live path from zero: ${what}`) +
          `; ${written.logOrder}; ${memory(timed)}, V8 flags ${CLI_NODE_FLAGS.join(' ') || 'none'}`,
      },
    ];
  } finally {
    await dispose();
  }
}

/** Journeys interleaved at once in the business-time log: twice the rebuild's journey cache when it reads by position. */
const INTERLEAVED_WINDOW = 20_000;

/** The written log: its events, how it is ordered (for the note), and what the benchmark's name adds. */
interface WrittenLog {
  readonly events: number;
  readonly logOrder: string;
  readonly label: string;
}

async function writeJourneyAfterJourney(ctx: BenchContext, store: EventStore): Promise<WrittenLog> {
  const { tenant, journeys } = syntheticSource(ctx);
  const { events } = await new BulkWriter({ store, teamsFor: () => tenant.teams }).write(journeys);
  return { events, logOrder: 'log written journey after journey', label: '' };
}

async function writeInBusinessTimeOrder(ctx: BenchContext, kind: 'embedded' | 'postgres', store: EventStore): Promise<WrittenLog> {
  const order = new BusinessTimeOrder(store, INTERLEAVED_WINDOW);
  const { events } = await decidedBatches(ctx, ctx.journeys, kind, (requests) => order.add(requests));
  const calls = await order.flush();
  const how = `${INTERLEAVED_WINDOW.toLocaleString('en-GB')} journeys interleaved at a time, ${calls.toLocaleString('en-GB')} appends`;
  return { events, logOrder: `log in business-time order (${how})`, label: ', log in business-time order' };
}

export const projectionRebuild: Benchmark = {
  name: 'projection-rebuild',
  cases: () =>
    (['embedded', 'postgres'] as const).flatMap((kind) => [
      { id: `rebuild-journey-facts-${kind}`, run: (ctx: BenchContext) => rebuild(ctx, kind, 'batch', 'journey-facts') },
      { id: `rebuild-all-${kind}`, run: (ctx: BenchContext) => rebuild(ctx, kind, 'batch') },
      { id: `rebuild-all-replay-${kind}`, run: (ctx: BenchContext) => rebuild(ctx, kind, 'replay') },
      { id: `rebuild-all-business-time-${kind}`, run: (ctx: BenchContext) => rebuild(ctx, kind, 'batch', undefined, 'business time') },
    ]),
};
