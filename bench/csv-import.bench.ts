import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { PostgresEventStore, SqliteEventStore } from '@journey-ledger/event-store';
import type { EventStore } from '@journey-ledger/event-store';
import { PostgresDatabase, SqliteDatabase } from '@journey-ledger/sql';
import { importCsv, LIST_NAMES } from '@journey-ledger/ingest';
import { writeJourneysAsCsv } from '@journey-ledger/synthetic';
import { Benchmark, BenchContext, BenchResult, loadTenantConfig, peakRssMb, rate, syntheticSource } from './lib/harness';

/**
 * Ours: the same synthetic journeys exported as the five CSV lists (not timed), then imported:
 * two streamed passes, the join on Journey ID, row checks, the decider, `appendBatch`.
 */
async function run(ctx: BenchContext, kind: 'embedded' | 'postgres'): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'jl-bench-csv-'));
  let store: EventStore;
  let dispose: () => Promise<void>;
  if (kind === 'embedded') {
    store = new SqliteEventStore(new SqliteDatabase({ filename: join(dir, 'ledger.sqlite') }));
    dispose = () => store.close();
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
    rmSync(dir, { recursive: true, force: true });
  }
}

export const csvImport: Benchmark = {
  name: 'csv-import',
  cases: () => [
    { id: 'csv-import:embedded', run: (ctx) => run(ctx, 'embedded') },
    { id: 'csv-import:postgres', run: (ctx) => run(ctx, 'postgres') },
  ],
};
