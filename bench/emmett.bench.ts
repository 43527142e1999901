import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import { STREAM_DOES_NOT_EXIST } from '@event-driven-io/emmett';
import { Benchmark, BenchContext, BenchResult, decidedBatches, peakRssMb, rate } from './lib/harness';

/**
 * A public event-sourcing library's PostgreSQL store appending the same events: Emmett 0.42's
 * `appendToStream`, one call per journey (its API has no multi-stream append), 8 calls in flight.
 * It gets a database of its own (its tables live in `public`). Driver time only.
 */
async function run(ctx: BenchContext): Promise<BenchResult> {
  const database = `jl_bench_emmett_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: ctx.databaseUrl });
  await admin.connect();
  await admin.query(`create database ${database}`);
  const url = new URL(ctx.databaseUrl);
  url.pathname = `/${database}`;
  const store = getPostgreSQLEventStore(url.toString());
  try {
    // Its schema is created on first use: do that outside the measured time.
    await store.appendToStream('warm-up', [{ type: 'WarmUp', data: {} }], { expectedStreamVersion: STREAM_DOES_NOT_EXIST });
    const journeys = Math.min(ctx.journeys, ctx.peerJourneys);
    const { events, sinkSeconds } = await decidedBatches(ctx, journeys, 'postgres', async (requests) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (next < requests.length) {
            const r = requests[next++];
            await store.appendToStream(
              r.streamId,
              r.events.map((e) => ({ type: e.type, data: e.data as Record<string, unknown>, metadata: { ...e.metadata, eventId: e.eventId } })),
              { expectedStreamVersion: STREAM_DOES_NOT_EXIST },
            );
          }
        }),
      );
    });
    return {
      benchmark: 'bulk-generate',
      store: 'postgres',
      subject: 'emmett-postgresql 0.42',
      journeys,
      events,
      seconds: sinkSeconds,
      eventsPerSecond: rate(events, sinkSeconds),
      peakRssMb: peakRssMb(),
      note: `appendToStream per journey, 8 in flight${journeys < ctx.journeys ? ` (first ${journeys} journeys of the same data)` : ''}; library time only`,
    };
  } finally {
    // Emmett's pool may keep an idle connection that the forced drop below terminates: that is not a failure.
    process.on('uncaughtException', (e: Error & { code?: string }) => {
      if (e.code !== '57P01') throw e;
    });
    await store.close();
    await admin.query(`drop database if exists ${database} with (force)`).catch(() => undefined);
    await admin.end();
  }
}

export const emmett: Benchmark = {
  name: 'emmett',
  cases: () => [{ id: 'emmett:postgres', run }],
};
