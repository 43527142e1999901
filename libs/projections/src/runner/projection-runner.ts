import type { EventStore } from '@journey-ledger/event-store';
import { splitStatements } from '@journey-ledger/sql';
import type { SqlDatabase, SqlExecutor } from '@journey-ledger/sql';
import type { Projection } from './projection';

const CHECKPOINTS = `
create table if not exists projection_checkpoints (
  name text primary key,
  position bigint not null,
  version integer not null,
  updated_at text not null
)`;

export interface ProjectionStatus {
  readonly name: string;
  readonly version: number;
  readonly position: number;
  readonly head: number;
  /** Events in the log this projection has not applied yet. */
  readonly lag: number;
}

export interface RunnerOptions {
  readonly batchSize?: number;
  readonly clock?: () => Date;
}

/**
 * Feeds every registered projection from the global log. One read of the log serves all of
 * them; each keeps its own checkpoint, so one can be rebuilt while the others stand.
 */
export class ProjectionRunner {
  private readonly batchSize: number;
  private readonly clock: () => Date;
  private running: Promise<void> | undefined;
  private rerun = false;
  private stopped = false;
  private subscription: { unsubscribe(): void } | undefined;
  private readonly positions = new Map<string, number>();

  constructor(
    private readonly store: EventStore,
    private readonly db: SqlDatabase,
    readonly projections: readonly Projection[],
    options: RunnerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 2000;
    this.clock = options.clock ?? (() => new Date());
  }

  /** Creates read model tables; a projection whose version changed starts again from zero. */
  async migrate(): Promise<void> {
    const positions = await this.db.transaction(async (tx) => {
      const found: [string, number][] = [];
      if (tx.dialect === 'postgres') await tx.execute('select pg_advisory_xact_lock(7342002)');
      await tx.execute(CHECKPOINTS);
      for (const p of this.projections) {
        for (const statement of splitStatements(p.schema(tx.dialect))) await tx.execute(statement);
        const row = (await tx.query<{ position: number; version: number }>('select position, version from projection_checkpoints where name = $1', [p.name]))[0];
        if (row === undefined || row.version !== p.version) {
          await p.reset(tx);
          await this.writeCheckpoint(tx, p, 0);
          found.push([p.name, 0]);
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

  /** Applies everything in the log now; resolves when every projection has reached the head it saw. */
  catchUp(): Promise<void> {
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.rerun = false;
          while (await this.step()) {
            /* keep going until a step finds nothing */
          }
        } while (this.rerun);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  /** One batch for every projection behind; false when all are at the head. */
  private async step(): Promise<boolean> {
    const from = Math.min(...this.projections.map((p) => this.positions.get(p.name) ?? 0));
    const batch = await this.store.readAll({ after: from, maxCount: this.batchSize });
    if (batch.length === 0) return false;
    const last = batch[batch.length - 1].position;
    const behind = this.projections.filter((p) => (this.positions.get(p.name) ?? 0) < last);
    await this.db.transaction(async (tx) => {
      for (const p of behind) {
        const at = this.positions.get(p.name) ?? 0;
        await p.apply(at === from ? batch : batch.filter((e) => e.position > at), tx);
        await this.writeCheckpoint(tx, p, last);
      }
    });
    for (const p of behind) this.positions.set(p.name, last);
    return true;
  }

  /** Follows the log as it grows, until `stop`. */
  start(): void {
    this.stopped = false;
    const head = Math.min(...this.projections.map((p) => this.positions.get(p.name) ?? 0));
    this.subscription = this.store.subscribeToAll({ after: head, batchSize: 500 }).subscribe({
      next: () => void this.catchUp().catch(() => undefined),
      error: () => undefined,
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.subscription?.unsubscribe();
    await this.running;
  }

  /** Drops the read models of the named projections (all by default) and replays the whole log into them. */
  async rebuild(names?: readonly string[]): Promise<void> {
    await this.running;
    const chosen = this.projections.filter((p) => names === undefined || names.includes(p.name));
    await this.db.transaction(async (tx) => {
      for (const p of chosen) {
        await p.reset(tx);
        await this.writeCheckpoint(tx, p, 0);
      }
    });
    for (const p of chosen) this.positions.set(p.name, 0);
    await this.catchUp();
  }

  /** Waits until every projection has applied the log up to `position` (read-your-writes), or the timeout passes. */
  async waitFor(position: number, timeoutMs = 2000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.lowestPosition() < position) {
      if (this.stopped || Date.now() > deadline) return false;
      await this.catchUp();
      if (this.lowestPosition() < position) await new Promise((r) => setTimeout(r, 5));
    }
    return true;
  }

  private lowestPosition(): number {
    return Math.min(...this.projections.map((p) => this.positions.get(p.name) ?? 0));
  }

  async status(): Promise<ProjectionStatus[]> {
    const head = await this.store.headPosition();
    return this.projections.map((p) => {
      const position = this.positions.get(p.name) ?? 0;
      return { name: p.name, version: p.version, position, head, lag: head - position };
    });
  }
}
