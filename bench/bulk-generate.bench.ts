import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { PostgresEventStore, SqliteEventStore } from '@journey-ledger/event-store';
import type { EventStore } from '@journey-ledger/event-store';
import { PostgresDatabase, SqliteDatabase } from '@journey-ledger/sql';
import { BulkWriter } from '@journey-ledger/ingest';
import { Benchmark, BenchContext, BenchResult, peakRssMb, rate, syntheticSource } from './lib/harness';

/**
 * Ours: synthetic journeys generated, decided by the domain and appended through the bulk writer
 * (`appendBatch`, 1000 journeys a call) into a fresh store: the `generate` command's path, end to end.
 */
async function run(ctx: BenchContext, kind: 'embedded' | 'postgres'): Promise<BenchResult> {
  let store: EventStore;
  let dispose: () => Promise<void>;
  if (kind === 'embedded') {
    const dir = mkdtempSync(join(tmpdir(), 'jl-bench-'));
    store = new SqliteEventStore(new SqliteDatabase({ filename: join(dir, 'ledger.sqlite') }));
    dispose = async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    };
  } else {
    const schema = `jl_bench_${randomBytes(4).toString('hex')}`;
    const db = new PostgresDatabase({ connectionString: ctx.databaseUrl, schema, max: 4 });
    store = new PostgresEventStore(db);
    dispose = async () => {
      await db.execute(`drop schema if exists ${schema} cascade`);
      await store.close();
    };
  }
  try {
    await store.migrate();
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
      compareTo: kind === 'embedded' ? ['raw better-sqlite3'] : ['raw pg COPY', 'emmett-postgresql 0.42'],
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
