import type { EventStore, RecordedEvent } from '@journey-ledger/event-store';
import { splitStatements } from '@journey-ledger/sql';
import type { SqlDatabase, SqlExecutor } from '@journey-ledger/sql';
import { JOURNEY_STREAM_PREFIX } from '@journey-ledger/domain';
import type { FinishStages, JourneyRebuilder, Projection } from './projection';
import { foldWholeJourneys, JourneyStates } from './journey-states';
import { ShadowTables } from './shadow-tables';

const CHECKPOINTS = `
create table if not exists projection_checkpoints (
  name text primary key,
  position bigint not null,
  version integer not null,
  updated_at text not null
)`;

/** A read model being rebuilt: its shadow tables and, for a read model kept per journey, its batch writer. */
interface Shadow {
  readonly p: Projection;
  readonly rebuilder: JourneyRebuilder | undefined;
  readonly shadow: ShadowTables;
}

export interface ProjectionStatus {
  readonly name: string;
  readonly version: number;
  /** The projection's checkpoint as stored: the last log position its read model includes. */
  readonly position: number;
  /** The last position in the log. */
  readonly head: number;
  /** Log positions this projection has not applied yet. */
  readonly lag: number;
  /** Why the last attempt to apply a batch failed, until a batch succeeds again (class and code only). */
  readonly error?: string;
}

/**
 * `project`: this process applies the log to the read models (the embedded store, a single API
 * process, the `project --follow` worker). `observe`: another process projects; this one only
 * reads the stored checkpoints to know how fresh the read models are (API processes started
 * with JOURNEY_LEDGER_PROJECTIONS=worker). It never writes a read model.
 */
export type RunnerMode = 'project' | 'observe';

export interface RunnerOptions {
  readonly batchSize?: number;
  /**
   * Events read at a time by a rebuild (default 10,000): a page's events and folds are what it
   * holds in memory. Chosen for memory, at a cost in time: at 100,000 journeys pages of 50,000
   * rebuilt in 56–61 s with a peak RSS of 1.1 GB, pages of 10,000 in 67 s with 0.9 GB, and 72 s with
   * 0.44 GB under the command line's heap growth (docs/read-models.md, Memory).
   */
  readonly rebuildBatchSize?: number;
  /**
   * Folded journeys a rebuild keeps between pages (default 10,000), least recently seen out; one
   * that comes back after is folded again from its stream. A folded journey holds its standing
   * events, so this, not the log, is what bounds a rebuild's memory.
   */
  readonly rebuildJourneyCache?: number;
  /**
   * Journeys a rebuild reads whole at a time from a store that reads by stream (default 2,000,
   * about the 10,000 events of a page read by position at the generator's 5.4 events a journey).
   */
  readonly rebuildStreamsPerPage?: number;
  readonly clock?: () => Date;
  readonly mode?: RunnerMode;
  /** Told of every failed batch (the batch is rolled back and tried again after a pause). */
  readonly onError?: (error: unknown) => void;
}

/** What an operator may read about an error: its class and code, never a message that could quote data. */
export function describeError(e: unknown): string {
  if (!(e instanceof Error)) return typeof e;
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' || typeof code === 'number' ? `${e.name} (${code})` : e.name;
}

/**
 * Feeds every registered projection from the global log. One read of the log serves all of
 * them; each keeps its own checkpoint, so one can be rebuilt while the others stand.
 *
 * The stored checkpoints are the truth, not this process's memory of them: every batch locks
 * the checkpoint rows, reads them, and reads the log after them, in the transaction that writes
 * the read models. Two processes that both project (say two API processes on PostgreSQL) take
 * turns and never apply a batch twice; one that fell behind simply continues from where the
 * other left off.
 */
export class ProjectionRunner {
  private readonly batchSize: number;
  private readonly rebuildBatchSize: number;
  private readonly rebuildJourneyCache: number;
  private readonly rebuildStreamsPerPage: number;
  private readonly clock: () => Date;
  readonly mode: RunnerMode;
  private readonly onError: (error: unknown) => void;
  private running: Promise<void> | undefined;
  private rerun = false;
  private stopped = false;
  private subscription: { unsubscribe(): void } | undefined;
  private readonly positions = new Map<string, number>();
  private lastError: string | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  /** Projections whose version changed since their tables were written: the first catch-up rebuilds them as a batch. */
  private stale: Projection[] = [];

  constructor(
    private readonly store: EventStore,
    private readonly db: SqlDatabase,
    readonly projections: readonly Projection[],
    options: RunnerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 2000;
    this.rebuildBatchSize = options.rebuildBatchSize ?? 10_000;
    this.rebuildJourneyCache = options.rebuildJourneyCache ?? 10_000;
    this.rebuildStreamsPerPage = options.rebuildStreamsPerPage ?? 2_000;
    this.clock = options.clock ?? (() => new Date());
    this.mode = options.mode ?? 'project';
    this.onError = options.onError ?? (() => undefined);
  }

  /** Creates read model tables; a projection whose version changed starts again from zero. */
  async migrate(): Promise<void> {
    if (this.mode === 'observe') {
      // The tables, so that queries work before the projecting process first starts; never a reset or a checkpoint.
      await this.db.transaction(async (tx) => {
        if (tx.dialect === 'postgres') await tx.execute('select pg_advisory_xact_lock(7342002)');
        await tx.execute(CHECKPOINTS);
        for (const p of this.projections) for (const statement of splitStatements(p.schema(tx.dialect))) await tx.execute(statement);
      });
      await this.refreshPositions();
      return;
    }
    const positions = await this.db.transaction(async (tx) => {
      const found: [string, number][] = [];
      if (tx.dialect === 'postgres') await tx.execute('select pg_advisory_xact_lock(7342002)');
      await tx.execute(CHECKPOINTS);
      for (const p of this.projections) {
        for (const statement of splitStatements(p.schema(tx.dialect))) await tx.execute(statement);
        const row = (
          await tx.query<{ position: number; version: number }>('select position, version from projection_checkpoints where name = $1', [p.name])
        )[0];
        if (row === undefined || row.version !== p.version) {
          await p.reset(tx);
          await this.writeCheckpoint(tx, p, 0);
          found.push([p.name, 0]);
          if (row !== undefined) this.stale.push(p);
        } else {
          found.push([p.name, Number(row.position)]);
        }
      }
      return found;
    });
    // In-memory checkpoints move only once the transaction that wrote them has committed.
    for (const [name, position] of positions) this.positions.set(name, position);
  }

  private async writeCheckpoint(tx: SqlExecutor, p: Projection, position: number): Promise<void> {
    await tx.execute(
      `insert into projection_checkpoints (name, position, version, updated_at) values ($1, $2, $3, $4)
       on conflict (name) do update set position = excluded.position, version = excluded.version, updated_at = excluded.updated_at`,
      [p.name, position, p.version, this.clock().toISOString()],
    );
  }

  /** The stored checkpoints; on PostgreSQL, inside a transaction, locked until it ends. */
  private async storedPositions(sql: SqlExecutor, lock: boolean): Promise<Map<string, number>> {
    const names = this.projections.map((p) => p.name);
    const rows = await sql.query<{ name: string; position: number }>(
      `select name, position from projection_checkpoints where name in (${names.map((_, i) => `$${i + 1}`).join(', ')})${lock && sql.dialect === 'postgres' ? ' order by name for update' : ''}`,
      names,
    );
    const found = new Map(rows.map((r) => [r.name, Number(r.position)]));
    return new Map(names.map((n) => [n, found.get(n) ?? 0]));
  }

  private async refreshPositions(): Promise<void> {
    try {
      for (const [name, position] of await this.storedPositions(this.db, false)) this.positions.set(name, position);
    } catch (e) {
      // Before the projecting process has created its tables there is nothing to read yet.
      if (this.mode !== 'observe') throw e;
    }
  }

  /** Applies everything in the log now; resolves when every projection has reached the head it saw. */
  catchUp(): Promise<void> {
    if (this.mode === 'observe') return this.refreshPositions();
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        if (this.stale.length > 0) {
          await this.rebuildInShadow(this.stale);
          this.stale = [];
        }
        do {
          this.rerun = false;
          while (await this.step()) {
            /* keep going until a step finds nothing */
          }
        } while (this.rerun);
        this.lastError = undefined;
        this.failures = 0;
      } catch (e) {
        this.lastError = describeError(e);
        throw e;
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  /** One batch for every projection behind; false when all are at the head. */
  private async step(): Promise<boolean> {
    // Cheap look first: on the embedded store a transaction takes the only write lock.
    const known = Math.min(...this.projections.map((p) => this.positions.get(p.name) ?? 0));
    if ((await this.store.readAll({ after: known, maxCount: 1 })).length === 0) {
      await this.refreshPositions();
      return false;
    }
    const moved = await this.db.transaction(async (tx) => {
      const stored = await this.storedPositions(tx, true);
      const from = Math.min(...stored.values());
      const batch = await this.store.readAll({ after: from, maxCount: this.batchSize });
      if (batch.length === 0) return { stored, advanced: false };
      const last = batch[batch.length - 1].position;
      for (const p of this.projections) {
        const at = stored.get(p.name) ?? 0;
        if (at >= last) continue;
        await p.apply(at === from ? batch : batch.filter((e) => e.position > at), tx);
        await this.writeCheckpoint(tx, p, last);
        stored.set(p.name, last);
      }
      return { stored, advanced: true };
    });
    for (const [name, position] of moved.stored) this.positions.set(name, position);
    return moved.advanced;
  }

  /** Follows the log as it grows, until `stop`. A failed batch is reported and tried again, backing off. */
  start(): void {
    if (this.mode === 'observe') return;
    this.stopped = false;
    const attempt = () => {
      if (this.stopped) return;
      this.catchUp().catch((e: unknown) => {
        this.failures += 1;
        this.onError(e);
        clearTimeout(this.retryTimer);
        this.retryTimer = setTimeout(attempt, Math.min(30_000, 100 * 2 ** Math.min(this.failures, 9)));
      });
    };
    // A wake-up, not the events: each batch is read under the checkpoint lock by `step`, so reading
    // the log here as well would read every event twice.
    this.subscription = this.store.wakeUps().subscribe({
      next: attempt,
      error: (e: unknown) => {
        this.lastError = describeError(e);
        this.onError(e);
      },
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.subscription?.unsubscribe();
    await this.running?.catch(() => undefined);
  }

  /**
   * Rebuilds the read models of the named projections (all by default) from the whole log.
   * `batch` (the default) writes them beside the ones in use and swaps them in when complete
   * (`rebuildInShadow`); `replay` empties them and replays the log through the live path, batch by
   * batch, as a first start does (kept as the measure the batch job is compared with).
   */
  async rebuild(names?: readonly string[], options: { strategy?: 'batch' | 'replay' } = {}): Promise<void> {
    if (this.mode === 'observe') throw new Error('this process observes the read models; rebuild them where they are projected');
    await this.running?.catch(() => undefined);
    const chosen = this.projections.filter((p) => names === undefined || names.includes(p.name));
    if (options.strategy !== 'replay') return this.rebuildInShadow(chosen);
    await this.db.transaction(async (tx) => {
      await this.storedPositions(tx, true);
      for (const p of chosen) {
        await p.reset(tx);
        await this.writeCheckpoint(tx, p, 0);
      }
    });
    for (const p of chosen) this.positions.set(p.name, 0);
    await this.catchUp();
  }

  /**
   * The rebuild as a batch job, blue-green. Shadow tables are filled from the log up to its head
   * when the rebuild began: from whole journeys, a page of streams at a time, where the store reads
   * by stream (`fillByStream`), else from pages of the log by position (`fillByPosition`). Either
   * way each journey is folded once for every read model, and memory is bounded by the page (and
   * the cache), not the log. The tables in use keep serving queries, and the live path keeps them
   * current, meanwhile. After the last page, the rebuilders' remaining work (in stages whose parts
   * may run side by side), then the deferred indexes and statistics. Last, in one transaction
   * holding the checkpoints: the shadows take the tables' places, the events appended since that
   * head go through the live path into them, and the checkpoints move, so no reader ever sees a
   * half-built model.
   */
  private async rebuildInShadow(chosen: readonly Projection[]): Promise<void> {
    if (chosen.length === 0) return;
    const shadows = chosen.map((p) => {
      const rebuilder = p.rebuilder?.();
      return { p, rebuilder, shadow: new ShadowTables(p, this.db.dialect, rebuilder !== undefined) };
    });
    await this.db.transaction(async (tx) => {
      for (const { shadow } of shadows) await shadow.create(tx);
    });
    const position = this.store.readStreamsToHead
      ? await this.fillByStream(shadows, this.store.readStreamsToHead.bind(this.store))
      : await this.fillByPosition(shadows);
    const stages = await this.db.transaction(async (tx) => {
      const left: { shadow: ShadowTables; stages: FinishStages }[] = [];
      for (const { shadow, rebuilder } of shadows) {
        const more = await rebuilder?.finish(shadow.executor(tx));
        if (more) left.push({ shadow, stages: more });
      }
      return left;
    });
    for (const { shadow, stages: more } of stages) {
      for (const stage of more) {
        // Every part is waited for, so that none is still writing when a failure is reported.
        const done = await Promise.allSettled(stage.map((part) => this.db.transaction((tx) => part(shadow.executor(tx)))));
        const failed = done.find((d): d is PromiseRejectedResult => d.status === 'rejected');
        if (failed) throw failed.reason;
      }
    }
    for (const { shadow } of shadows) {
      await shadow.buildIndexes(this.db);
      await shadow.analyze(this.db);
    }
    const swapped = await this.db.transaction(async (tx) => {
      await this.storedPositions(tx, true);
      // Swapped first, so that the events appended during the rebuild meet every index of the new tables.
      for (const { shadow } of shadows) await shadow.swap(tx);
      let at = position;
      for (;;) {
        const batch = await this.store.readAll({ after: at, maxCount: this.batchSize });
        if (batch.length === 0) break;
        for (const { p } of shadows) await p.apply(batch, tx);
        at = batch[batch.length - 1].position;
      }
      for (const { p } of shadows) await this.writeCheckpoint(tx, p, at);
      return at;
    });
    for (const { p } of shadows) this.positions.set(p.name, swapped);
  }

  /**
   * Fills the shadows from whole journeys, read a page of streams at a time up to the head of the
   * log when the rebuild began: each journey is folded once, from its first event to its last,
   * whatever order the log interleaves journeys in, and memory holds one page of journeys. Read by
   * position instead, a log of interleaved journeys (a council's live log, where a journey stays
   * open for months) needed every journey still open in memory, or each one folded again from its
   * stream at every page it appears on. The read models without a journey rebuilder then replay
   * the log by position up to the same head: only the streams they read, where they name them
   * (`streamPrefix`). Returns that head.
   */
  private async fillByStream(shadows: readonly Shadow[], readStreams: NonNullable<EventStore['readStreamsToHead']>): Promise<number> {
    const head = await this.store.headPosition();
    const folding = shadows.filter((s) => s.rebuilder !== undefined);
    if (folding.length > 0) {
      await this.pipelined(
        async (after: string | undefined) => {
          const page = await readStreams({
            head,
            streamPrefix: JOURNEY_STREAM_PREFIX,
            maxStreams: this.rebuildStreamsPerPage,
            ...(after === undefined ? {} : { after }),
          });
          return { item: foldWholeJourneys(page.events), next: page.next, done: page.events.length === 0 && page.next === undefined };
        },
        undefined,
        (changes) =>
          this.db.transaction(async (tx) => {
            for (const { shadow, rebuilder } of folding) await rebuilder?.add(changes, shadow.executor(tx));
          }),
      );
    }
    const replaying = shadows.filter((s) => s.rebuilder === undefined);
    // One pass over the log for the read models that read every stream, one for each kind of stream read alone.
    for (const streamPrefix of new Set(replaying.map((s) => s.p.streamPrefix))) {
      const group = replaying.filter((s) => s.p.streamPrefix === streamPrefix);
      await this.pipelined(
        async (after: number) => {
          const { page, next, done } = await this.logPage(after, { head, streamPrefix });
          return { item: page, next, done };
        },
        0,
        (page) =>
          this.db.transaction(async (tx) => {
            for (const { p, shadow } of group) await p.apply(page, shadow.executor(tx));
          }),
      );
    }
    return head;
  }

  /**
   * Fills the shadows from the log read by position (a store that cannot read whole streams):
   * each page's journeys folded on from their cached states (states not seen for a while are
   * dropped and folded again from their stream if they come back). Returns the last position read.
   */
  private async fillByPosition(shadows: readonly Shadow[]): Promise<number> {
    const journeys = new JourneyStates(this.store, this.rebuildJourneyCache);
    const folds = shadows.some((s) => s.rebuilder !== undefined);
    let position = 0;
    await this.pipelined(
      async (after: number) => {
        const { page, next, done } = await this.logPage(after);
        const changes = folds && page.length > 0 ? await journeys.advance(page) : [];
        return { item: { page, changes }, next, done };
      },
      0,
      async ({ page, changes }) => {
        await this.db.transaction(async (tx) => {
          for (const { p, shadow, rebuilder } of shadows) {
            if (rebuilder) await rebuilder.add(changes, shadow.executor(tx));
            else await p.apply(page, shadow.executor(tx));
          }
        });
        position = page[page.length - 1].position;
      },
    );
    journeys.clear();
    return position;
  }

  /** A rebuild's page of the log by position after `after`: up to `head`, and only streams with `streamPrefix`, where given. */
  private async logPage(after: number, only: { head?: number; streamPrefix?: string } = {}): Promise<{ page: RecordedEvent[]; next: number; done: boolean }> {
    const read = await this.store.readAll({ after, maxCount: this.rebuildBatchSize, streamPrefix: only.streamPrefix });
    const head = only.head;
    const page = head === undefined ? read : read.filter((e) => e.position <= head);
    return { page, next: page.length > 0 ? page[page.length - 1].position : after, done: page.length === 0 };
  }

  /**
   * Reads page after page and writes each, the next page read (and folded) while the one before it
   * is written: on PostgreSQL the fold runs while the server works on the writes, instead of the
   * two taking turns. Pages are still read in order, each after the one before it. Should a write
   * fail, the loop stops with that error and the page read ahead is dropped unread.
   */
  private async pipelined<T, C>(
    read: (cursor: C) => Promise<{ item: T; next: C | undefined; done: boolean }>,
    start: C,
    write: (item: T) => Promise<void>,
  ): Promise<void> {
    let next = read(start);
    for (;;) {
      const { item, next: cursor, done } = await next;
      if (done) return;
      const last = cursor === undefined;
      if (!last) {
        next = read(cursor);
        next.catch(() => undefined);
      }
      await write(item);
      if (last) return;
    }
  }

  /**
   * Waits until every projection has applied the log up to `position` (read-your-writes), or the
   * timeout passes. Projecting, it applies the log itself; observing, it polls the checkpoints
   * the projecting process stores.
   */
  async waitFor(position: number, timeoutMs = 2000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.lowestPosition() >= position) return true;
      if (this.stopped || Date.now() > deadline) return false;
      await this.catchUp().catch(() => undefined);
      if (this.lowestPosition() < position) await new Promise((r) => setTimeout(r, this.mode === 'observe' ? 20 : 5));
    }
  }

  private lowestPosition(): number {
    return Math.min(...this.projections.map((p) => this.positions.get(p.name) ?? 0));
  }

  /** Each projection's stored checkpoint against the last position in the log, read now. */
  async status(): Promise<ProjectionStatus[]> {
    const head = await this.store.headPosition();
    let stored: Map<string, number>;
    try {
      stored = await this.storedPositions(this.db, false);
    } catch {
      stored = new Map();
    }
    return this.projections.map((p) => {
      const position = stored.get(p.name) ?? 0;
      return { name: p.name, version: p.version, position, head, lag: head - position, ...(this.lastError ? { error: this.lastError } : {}) };
    });
  }
}
