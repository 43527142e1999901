import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { eventKey } from '@journey-ledger/event-store';
import type { AppendRequest } from '@journey-ledger/event-store';
import { DEFAULT_BATCH_EVENTS, defaultBatchJourneys } from '@journey-ledger/ingest';
import { BULK_CACHE_KIB, BULK_CHECKPOINT_PAGES } from '@journey-ledger/sql';
import { Benchmark, BenchContext, BenchResult, decidedBatches, peakRssMb, rate } from './lib/harness';

/*
 * The physical ceiling of each store: the same event rows (same columns, same unique indexes as
 * our events table) inserted by the bare driver, with no revision check, no hash chain, no streams
 * table. Only the time spent in the driver counts; generating and deciding the events does not.
 * SQLite's rows carry the stream's number and the event id's key, as the embedded store keys them
 * (streams numbered in order of first append, as the store numbers them); PostgreSQL's are keyed by
 * stream name and event id, as its store's are.
 */
const COLUMNS = 'tenant_id, stream_id, revision, event_id, type, version, data, metadata, recorded_at, hash, previous_hash';

function* rows(requests: readonly AppendRequest[], recordedAt: string): Generator<unknown[]> {
  for (const r of requests) {
    let revision = 0;
    for (const e of r.events)
      yield [r.tenantId, r.streamId, revision++, e.eventId, e.type, e.version, JSON.stringify(e.data), JSON.stringify(e.metadata), recordedAt, '', null];
  }
}

/**
 * With `indexed` false, the same rows into a table with no index at all (no unique event id, no
 * unique revision, not even a position key): the floor under any store that keeps an event as a
 * row, whatever else it gives up.
 */
async function sqlite(ctx: BenchContext, indexed: boolean): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'jl-bench-raw-'));
  const db = new Database(join(dir, 'raw.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // As the embedded store's bulk commits: the log is copied back into the file once for many of them,
    // and the connection keeps a larger page cache.
    db.pragma(`wal_autocheckpoint = ${BULK_CHECKPOINT_PAGES}`);
    db.pragma(`cache_size = -${BULK_CACHE_KIB}`);
    const columns = `stream_no integer not null, event_key integer not null, tenant_id text not null, stream_id text not null, revision integer not null, event_id text not null, type text not null,
      version integer not null, data text not null, metadata text not null, recorded_at text not null, hash text not null, previous_hash text`;
    db.exec(
      indexed
        ? `create table events (position integer primary key autoincrement, ${columns}, unique (stream_no, revision));
           create index events_by_event_key on events (event_key)`
        : `create table events (${columns})`,
    );
    const insert = db.prepare(`insert into events (stream_no, event_key, ${COLUMNS}) values (?,?,?,?,?,?,?,?,?,?,?,?,?)`);
    const streamNumbers = new Map<string, number>();
    const batch = db.transaction((requests: readonly AppendRequest[]) => {
      const at = new Date().toISOString();
      for (const request of requests) {
        // Numbered once per stream, as the store reads each stream's head once per batch.
        const name = `${request.tenantId}\u0000${request.streamId}`;
        let streamNo = streamNumbers.get(name);
        if (streamNo === undefined) streamNumbers.set(name, (streamNo = streamNumbers.size + 1));
        for (const row of rows([request], at)) insert.run(streamNo, eventKey(row[3] as string), ...row);
      }
    });
    const { events, sinkSeconds } = await decidedBatches(ctx, ctx.journeys, 'embedded', async (requests) => batch(requests));
    return {
      benchmark: 'bulk-generate',
      store: 'embedded',
      subject: indexed ? 'raw better-sqlite3' : 'raw better-sqlite3, no index',
      journeys: ctx.journeys,
      events,
      seconds: sinkSeconds,
      eventsPerSecond: rate(events, sinkSeconds),
      peakRssMb: peakRssMb(),
      note: `prepared insert in one transaction per batch of the bulk writer (${defaultBatchJourneys('embedded')} journeys or ${DEFAULT_BATCH_EVENTS} commands), log checkpointed past ${BULK_CHECKPOINT_PAGES} pages; driver time only`,
    };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const csvField = (v: unknown) => (v === null ? '' : `"${String(v).replace(/"/g, '""')}"`);

async function postgres(ctx: BenchContext, indexed: boolean): Promise<BenchResult> {
  const schema = `jl_bench_raw_${randomBytes(4).toString('hex')}`;
  const client = new Client({ connectionString: ctx.databaseUrl });
  await client.connect();
  try {
    await client.query(`create schema ${schema}; set search_path = ${schema}`);
    const columns = `tenant_id text not null, stream_id text not null, revision integer not null, event_id text not null, type text not null,
      version integer not null, data jsonb not null, metadata jsonb not null, recorded_at timestamptz not null, hash text not null, previous_hash text`;
    await client.query(
      indexed
        ? `create table events (position bigserial primary key, ${columns}, unique (event_id), unique (tenant_id, stream_id, revision))`
        : `create table events (${columns})`,
    );
    const { events, sinkSeconds } = await decidedBatches(ctx, ctx.journeys, 'postgres', async (requests) => {
      const at = new Date().toISOString();
      const lines: string[] = [];
      for (const row of rows(requests, at)) lines.push(row.map(csvField).join(',') + '\n');
      await pipeline(Readable.from([lines.join('')]), client.query(copyFrom(`copy events (${COLUMNS}) from stdin with (format csv)`)));
    });
    return {
      benchmark: 'bulk-generate',
      store: 'postgres',
      subject: indexed ? 'raw pg COPY' : 'raw pg COPY, no index',
      journeys: ctx.journeys,
      events,
      seconds: sinkSeconds,
      eventsPerSecond: rate(events, sinkSeconds),
      peakRssMb: peakRssMb(),
      note: 'COPY (csv) of each batch of 1000 journeys; driver time only',
    };
  } finally {
    await client.query(`drop schema if exists ${schema} cascade`).catch(() => undefined);
    await client.end();
  }
}

export const rawDriver: Benchmark = {
  name: 'raw-driver',
  cases: () => [
    { id: 'raw-driver:embedded', run: (ctx) => sqlite(ctx, true) },
    { id: 'raw-driver:postgres', run: (ctx) => postgres(ctx, true) },
    { id: 'raw-driver:embedded:no-index', run: (ctx) => sqlite(ctx, false) },
    { id: 'raw-driver:postgres:no-index', run: (ctx) => postgres(ctx, false) },
  ],
};
