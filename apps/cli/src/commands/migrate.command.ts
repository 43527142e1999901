import type { Command } from 'commander';
import { openStore, storeSettingsFromEnv } from '@journey-ledger/event-store';
import type { AppendRequest, OpenedStore, RecordedEvent, StoreSettings } from '@journey-ledger/event-store';
import { createProgress } from '../progress';
import { runVerify } from './verify';
import type { VerifyReport } from './verify';

/**
 * Copies one council's log from one store to another (embedded → PostgreSQL → KurrentDB) so that
 * it is the same log: the same event ids, in the same order, numbered at the same revisions, with
 * the same hashes and seals, and then verifies the target's chains and seals.
 *
 * Each event's hash covers its `recordedAt`, so the target must record each event at the time the
 * source recorded it: the target store is opened with a clock that reads the time of the events
 * being copied, and events are appended in runs that share one recording time (as the source wrote
 * them). The target chains and seals them exactly as the source did, and the copy stops at the
 * first hash that comes out different (a different seal key, or data altered in the source).
 *
 * Resumable without any bookkeeping: appends are atomic, and the target's events of the council
 * are always a prefix of the source's, so a second run skips as many source events as the target
 * holds (checking that the last of them is the same event) and copies the rest. Checkpoints of
 * read models are positions in one store's log and mean nothing in another: the target's read
 * models are rebuilt from its own log when the server or `project` first opens it.
 */
export interface MigrateOptions {
  readonly tenantId: string;
  /** Events per append (at most; a run of one recording time is never split across clocks). */
  readonly batch?: number;
  /** Copy at most this many events in this run (a migration in stages; the rest on the next run). */
  readonly limit?: number;
  readonly onProgress?: (done: number, total: number) => void;
  /** Verify the target afterwards (default true). */
  readonly verify?: boolean;
}

export interface MigrateReport {
  readonly tenantId: string;
  /** The council's events in the source. */
  readonly sourceEvents: number;
  /** Already in the target before this run (a resumed migration). */
  readonly alreadyCopied: number;
  readonly copied: number;
  readonly appends: number;
  readonly seconds: number;
  readonly verification?: VerifyReport['verification'];
}

const PAGE = 5000;

async function* tenantLog(store: OpenedStore, tenantId: string): AsyncGenerator<RecordedEvent[]> {
  let after = 0;
  for (;;) {
    const page = await store.eventStore.readAll({ after, maxCount: PAGE, tenantId });
    if (page.length === 0) return;
    yield page;
    after = page[page.length - 1].position;
  }
}

async function countAndLast(store: OpenedStore, tenantId: string): Promise<{ count: number; last?: RecordedEvent }> {
  let count = 0;
  let last: RecordedEvent | undefined;
  for await (const page of tenantLog(store, tenantId)) {
    count += page.length;
    last = page[page.length - 1];
  }
  return { count, last };
}

/** Consecutive events of one stream become one request, at the revision before the first. */
function requestsOf(events: readonly RecordedEvent[]): AppendRequest[] {
  const requests: { tenantId: string; streamId: string; events: RecordedEvent[]; expectedRevision: number | 'no_stream' }[] = [];
  for (const e of events) {
    const last = requests[requests.length - 1];
    if (last !== undefined && last.streamId === e.streamId && last.tenantId === e.tenantId) last.events.push(e);
    else requests.push({ tenantId: e.tenantId, streamId: e.streamId, events: [e], expectedRevision: e.revision === 0 ? 'no_stream' : e.revision - 1 });
  }
  return requests.map((r) => ({
    ...r,
    events: r.events.map((e) => ({ eventId: e.eventId, type: e.type, version: e.version, data: e.data, metadata: e.metadata })),
  }));
}

/**
 * `openTarget` is given the clock the target must record with. The source is read in position
 * order; nothing else should write the council's streams in either store while this runs.
 */
export async function runMigrate(
  source: OpenedStore,
  openTarget: (clock: () => Date) => Promise<OpenedStore>,
  options: MigrateOptions,
): Promise<MigrateReport> {
  const started = Date.now();
  let recordingTime = new Date(0);
  const target = await openTarget(() => recordingTime);
  try {
    const { tenantId } = options;
    const batch = options.batch ?? 2000;
    const [{ count: sourceEvents }, { count: alreadyCopied, last: targetLast }] = await Promise.all([
      countAndLast(source, tenantId),
      countAndLast(target, tenantId),
    ]);
    if (alreadyCopied > sourceEvents) throw new Error(`the target holds ${alreadyCopied} events of ${tenantId}, more than the source's ${sourceEvents}`);
    let seen = 0;
    let copied = 0;
    let appends = 0;
    const budget = options.limit ?? Number.POSITIVE_INFINITY;
    options.onProgress?.(alreadyCopied, sourceEvents);

    const copy = async (run: RecordedEvent[]) => {
      recordingTime = new Date(run[0].recordedAt);
      const results = await target.eventStore.appendBatch(requestsOf(run));
      appends += 1;
      const written = results.flatMap((r) => r.events);
      written.forEach((w, i) => {
        const s = run[i];
        if (w.eventId !== s.eventId || w.revision !== s.revision || w.hash !== s.hash) {
          throw new Error(
            `${s.streamId} revision ${s.revision} (event ${s.eventId}) hashes differently in the target: the source's data or recording time did not survive the copy`,
          );
        }
        if ((w.seal ?? null) !== (s.seal ?? null)) {
          throw new Error(`${s.streamId} revision ${s.revision} is sealed differently in the target: both stores need the same JOURNEY_LEDGER_SEAL_KEY`);
        }
      });
      copied += run.length;
      options.onProgress?.(alreadyCopied + copied, sourceEvents);
    };

    let pending: RecordedEvent[] = [];
    const flush = async () => {
      if (pending.length > 0) await copy(pending);
      pending = [];
    };
    outer: for await (const page of tenantLog(source, tenantId)) {
      for (const e of page) {
        seen += 1;
        if (seen <= alreadyCopied) {
          if (seen === alreadyCopied && e.eventId !== targetLast?.eventId) {
            throw new Error(
              `the target's last event of ${tenantId} (${targetLast?.eventId}) is not the source's event ${seen} (${e.eventId}): not a copy of this source`,
            );
          }
          continue;
        }
        if (copied + pending.length >= budget) break outer;
        if (pending.length > 0 && (pending.length >= batch || pending[0].recordedAt !== e.recordedAt)) await flush();
        pending.push(e);
      }
    }
    await flush();
    const verification = options.verify === false ? undefined : (await runVerify(target, { tenant: tenantId })).verification;
    return { tenantId, sourceEvents, alreadyCopied, copied, appends, seconds: (Date.now() - started) / 1000, verification };
  } finally {
    await target.eventStore.close();
  }
}

/** `embedded`, `embedded:<data dir>`, `postgres`, `kurrentdb`, or a postgres:// or kurrentdb:// URL; the rest from the environment. */
export function storeSettingsFor(spec: string, env: NodeJS.ProcessEnv = process.env): StoreSettings {
  if (spec.startsWith('embedded:')) return { ...storeSettingsFromEnv({ ...env, JOURNEY_LEDGER_STORE: 'embedded' }), dataDir: spec.slice('embedded:'.length) };
  return storeSettingsFromEnv({ ...env, JOURNEY_LEDGER_STORE: spec });
}

export function formatMigrate(r: MigrateReport, from: string, to: string): string {
  const rate = r.seconds > 0 ? Math.round(r.copied / r.seconds) : 0;
  const lines = [
    `${r.copied} events of ${r.tenantId} copied from ${from} to ${to} in ${r.appends} appends, ${r.seconds.toFixed(1)}s (${rate} events/s); ${r.alreadyCopied} were already there; the source holds ${r.sourceEvents}`,
  ];
  if (r.alreadyCopied + r.copied < r.sourceEvents) lines.push(`${r.sourceEvents - r.alreadyCopied - r.copied} still to copy: run the same command again`);
  const v = r.verification;
  if (v) {
    lines.push(
      `target ${v.status === 'intact' ? 'INTACT' : 'BROKEN'}: ${v.eventCount} events in ${v.streamCount} streams verified (hash chains, seals, stream heads)`,
    );
    for (const b of v.breaks.slice(0, 20)) lines.push(`  ${b.streamId} revision ${b.revision}: ${b.reason}`);
  }
  return `${lines.join('\n')}\n`;
}

interface MigrateCommandOptions {
  tenant: string;
  from: string;
  to: string;
  batch: string;
  limit?: string;
}

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('Copy a council’s log to another store (embedded → PostgreSQL → KurrentDB) with its ids, order, hashes and seals; resumable; verified after')
    .requiredOption('-t, --tenant <tenant>', 'the council whose log is copied')
    .requiredOption('--from <store>', 'embedded, embedded:<data dir>, postgres, kurrentdb, or a postgres:// or kurrentdb:// URL')
    .requiredOption('--to <store>', 'as --from; DATABASE_URL, KURRENTDB_URL and JOURNEY_LEDGER_PG_SCHEMA fill in what it does not say')
    .option('--batch <n>', 'events per append', '2000')
    .option('--limit <n>', 'copy at most n events in this run (the next run continues)')
    .action(async (opts: MigrateCommandOptions) => {
      const from = storeSettingsFor(opts.from);
      const to = storeSettingsFor(opts.to);
      if (from.kind === to.kind && from.databaseUrl === to.databaseUrl && from.dataDir === to.dataDir && from.kurrentdbUrl === to.kurrentdbUrl) {
        throw new Error('--from and --to are the same store');
      }
      const source = await openStore(from);
      let progress: ReturnType<typeof createProgress> | undefined;
      try {
        const report = await runMigrate(source, (clock) => openStore(to, clock), {
          tenantId: opts.tenant,
          batch: Number(opts.batch),
          limit: opts.limit === undefined ? undefined : Number(opts.limit),
          onProgress: (done, total) => {
            progress ??= createProgress({ label: `migrate ${opts.tenant}`, total, unit: 'events' });
            progress.update(done);
          },
        });
        progress?.stop();
        process.stdout.write(formatMigrate(report, from.kind, to.kind));
        if (report.verification !== undefined && report.verification.status !== 'intact') process.exitCode = 1;
      } finally {
        await source.eventStore.close();
      }
    });
}
