/**
 * One timed part of the rebuild bench, in a process of its own, started as `npm run cli` starts
 * the product's commands (the same V8 flags): a read of the whole log through the store (rows
 * parsed into events), the same rows as the SQL driver hands them over (`queryArrays`: arrays,
 * nothing mapped, JSON not parsed; the floor under any reader of the log on this machine), or a
 * rebuild.
 * A fresh process, so that its peak resident memory (`maxRSS`, the kernel's, not sampled) is the
 * job's own and not what writing the synthetic year left in the bench's heap.
 *
 * Argument: JSON `{ settings, part: 'read' | 'read-rows' | 'rebuild', only?, strategy? }`. Prints one JSON line.
 */
import { TenantRegistry } from '@journey-ledger/application';
import { openStore } from '@journey-ledger/event-store';
import type { StoreSettings } from '@journey-ledger/event-store';
import { openReadModels } from '@journey-ledger/read-models';

export interface RebuildPart {
  readonly settings: StoreSettings;
  readonly part: 'read' | 'read-rows' | 'rebuild';
  readonly only?: string;
  readonly strategy?: 'batch' | 'replay';
}

export interface RebuildPartResult {
  readonly seconds: number;
  /** The process's peak resident memory, start-up included. */
  readonly peakRssMb: number;
  /** Resident memory once the code is loaded and the store opened, before the timed part. */
  readonly startRssMb: number;
  readonly projections: readonly string[];
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2]) as RebuildPart;
  const { eventStore, db } = await openStore(job.settings);
  try {
    const runner =
      job.part === 'rebuild'
        ? await openReadModels(eventStore, db, { batchSize: 20_000, tenants: TenantRegistry.fromDirectory('config/tenants').configOf })
        : undefined;
    const startRssMb = Math.round(process.memoryUsage().rss / 2 ** 20);
    const started = performance.now();
    if (job.part === 'read-rows') {
      // The columns the store reads, as arrays, JSON left as text (PostgreSQL's driver would parse jsonb).
      const columns = `position, tenant_id, stream_id, revision, event_id, type, version, ${db.dialect === 'postgres' ? 'data::text, metadata::text' : 'data, metadata'}, recorded_at, hash, previous_hash, seal`;
      let after = 0;
      for (;;) {
        const rows = await db.queryArrays(`select ${columns} from events where position > $1 order by position limit 50000`, [after]);
        if (rows.length === 0) break;
        after = Number(rows[rows.length - 1][0]);
      }
    } else if (runner === undefined) {
      let after = 0;
      for (;;) {
        const page = await eventStore.readAll({ after, maxCount: 50_000 });
        if (page.length === 0) break;
        after = page[page.length - 1].position;
      }
    } else {
      await runner.rebuild(job.only ? [job.only] : undefined, { strategy: job.strategy });
    }
    const result: RebuildPartResult = {
      seconds: (performance.now() - started) / 1000,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      startRssMb,
      projections: runner ? (job.only ? [job.only] : runner.projections.map((p) => p.name)) : [],
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await eventStore.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
