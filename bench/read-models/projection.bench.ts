/**
 * Throughput of the analytics projections catching up after a bulk load:
 *   npx ts-node -r tsconfig-paths/register --transpile-only bench/read-models/projection.bench.ts [journeys=20000] [embedded|postgres]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TenantRegistry } from '@journey-ledger/application';
import { PostgresEventStore, SqliteEventStore } from '@journey-ledger/event-store';
import type { EventStore } from '@journey-ledger/event-store';
import { BulkWriter } from '@journey-ledger/ingest';
import { ProjectionRunner } from '@journey-ledger/read-models';
import { PostgresDatabase, SqliteDatabase } from '@journey-ledger/sql';
import type { SqlDatabase } from '@journey-ledger/sql';
import { generateJourneys, PRESETS } from '@journey-ledger/synthetic';
import { allProjections } from '@journey-ledger/read-models';

const journeys = Number(process.argv[2] ?? 20000);
const kind = process.argv[3] ?? 'embedded';
const tenants = TenantRegistry.fromDirectory('config/tenants');
const tenant = tenants.get('north-shire')!;

async function main() {
  let store: EventStore;
  let db: SqlDatabase;
  let dispose: () => Promise<void>;
  if (kind === 'embedded') {
    const dir = mkdtempSync(join(tmpdir(), 'jl-proj-bench-'));
    db = new SqliteDatabase({ filename: join(dir, 'ledger.sqlite') });
    store = new SqliteEventStore(db as SqliteDatabase);
    dispose = async () => (await store.close(), rmSync(dir, { recursive: true, force: true }));
  } else {
    const schema = `jl_proj_bench_${process.pid}`;
    db = new PostgresDatabase({ connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test', schema, max: 4 });
    await (db as PostgresDatabase).ensureSchema();
    store = new PostgresEventStore(db as PostgresDatabase);
    dispose = async () => (await db.execute(`drop schema if exists ${schema} cascade`), await store.close());
  }
  try {
    await store.migrate();
    const now = new Date('2026-06-01T00:00:00Z');
    const report = await new BulkWriter({ store, teamsFor: () => tenant.teams }).write(
      generateJourneys({ tenant: tenant.config, preset: PRESETS['england-2024-25'], journeys, seed: 1, now }) as never,
    );
    process.stdout.write(`${report.journeys} journeys, ${report.events} events loaded\n`);
    const runner = new ProjectionRunner(
      store,
      db,
      allProjections(store, tenants.configOf).filter((p) => p.name !== 'journey-facts'),
    );
    await runner.migrate();
    const t = performance.now();
    await runner.catchUp();
    const s = (performance.now() - t) / 1000;
    const [{ n }] = await db.query<{ n: number }>('select count(*) as n from analytics_cube_month');
    process.stdout.write(`${kind}: analytics projections caught up in ${s.toFixed(1)} s (${Math.round(report.events / s)} events/s); month cube ${n} rows\n`);
  } finally {
    await dispose();
  }
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
