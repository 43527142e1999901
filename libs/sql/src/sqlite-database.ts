import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { SqlDatabase, SqlExecutor, SqlRow, SqlValue } from './sql-database';
import { whenUnlocked } from './sqlite-lock-wait';

type Sqlite = Database.Database;

/** Serialises async work: SQLite has one writer, and an async transaction must not interleave with another. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();
  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

interface Translated {
  sql: string;
  order: number[];
}

/** `$n` placeholders to SQLite's positional `?`, remembering which parameter each one takes. */
function translate(cache: Map<string, Translated>, sql: string): Translated {
  let t = cache.get(sql);
  if (t === undefined) {
    const order: number[] = [];
    const out = sql.replace(/\$(\d+)/g, (_, n: string) => {
      order.push(Number(n) - 1);
      return '?';
    });
    t = { sql: out, order };
    cache.set(sql, t);
  }
  return t;
}

function toSqlite(v: SqlValue | undefined): unknown {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v ?? null;
}

class SqliteExecutor implements SqlExecutor {
  readonly dialect = 'sqlite' as const;
  private readonly translated = new Map<string, Translated>();
  private readonly statements = new Map<string, Database.Statement>();
  private readonly rawStatements = new Map<string, Database.Statement>();

  constructor(readonly db: Sqlite) {}

  /** The prepared statement for `sql`, in raw mode (rows as arrays) or not: a statement's mode is its own, so each mode has its cache. */
  statement(sql: string, raw = false): { stmt: Database.Statement; order: number[] } {
    const t = translate(this.translated, sql);
    const cache = raw ? this.rawStatements : this.statements;
    let stmt = cache.get(t.sql);
    if (stmt === undefined) {
      stmt = raw ? this.db.prepare(t.sql).raw(true) : this.db.prepare(t.sql);
      cache.set(t.sql, stmt);
    }
    return { stmt, order: t.order };
  }

  querySync<T>(sql: string, params: readonly SqlValue[] = []): T[] {
    const { stmt, order } = this.statement(sql);
    const args = order.map((i) => toSqlite(params[i]));
    return (stmt.reader ? stmt.all(...args) : (stmt.run(...args), [])) as T[];
  }

  queryArraysSync(sql: string, params: readonly SqlValue[] = []): unknown[][] {
    const { stmt, order } = this.statement(sql, true);
    return stmt.all(...order.map((i) => toSqlite(params[i]))) as unknown[][];
  }

  async queryArrays(sql: string, params?: readonly SqlValue[]): Promise<unknown[][]> {
    return this.queryArraysSync(sql, params);
  }

  executeSync(sql: string, params: readonly SqlValue[] = []): number {
    const { stmt, order } = this.statement(sql);
    const args = order.map((i) => toSqlite(params[i]));
    if (stmt.reader) return stmt.all(...args).length;
    return stmt.run(...args).changes;
  }

  async query<T extends SqlRow = SqlRow>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.querySync<T>(sql, params);
  }

  async execute(sql: string, params?: readonly SqlValue[]): Promise<number> {
    return this.executeSync(sql, params);
  }

  /** Inside a transaction a prepared one-row insert is SQLite's fastest path: no statement text or parameter list to build per batch. */
  async insertMany(table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[]): Promise<void> {
    const stmt = this.db.prepare(`insert into ${table} (${columns.join(',')}) values (${columns.map(() => '?').join(',')})`);
    for (const row of rows) stmt.run(row.map(toSqlite));
  }
}

export interface SqliteOptions {
  /** File path, or ':memory:' for a throw-away store (tests). */
  readonly filename: string;
  /**
   * How long a statement waits for another process's lock on the file before `StoreBusyError`
   * (default 5000 ms). The wait is asynchronous: other requests are served meanwhile.
   */
  readonly lockWaitMs?: number;
}

/**
 * Pages of 16 KiB rather than SQLite's 4 KiB: fewer pages to split, write to the WAL and copy back
 * for the same rows. Rebuilding every read model of 100,000 generated journeys took 60.5 and
 * 61.4 s against 68.2 and 68.2 s, and generating them 36.3 s against 37.8 s; API commands were
 * alike (1,032 and 1,100 a second against 1,093 and 1,036).
 */
const PAGE_SIZE = 16_384;

/** SQLite's default: a commit that leaves more pages than this in the write-ahead log copies them back into the file. */
const CHECKPOINT_PAGES = 1000;

/**
 * The same threshold for a bulk load's commits (1 GiB of 16 KiB pages). The events table's index of
 * event ids takes an import's keys in random order, so each of its commits dirties pages all over
 * it, and most of those pages are dirtied again by the next commits: with the default every
 * commit copies them back into the file, with this they are copied once for many commits. The same
 * 5.4 M event rows (1M journeys) inserted by the bare driver, 5,400 a transaction, when the log was
 * still keyed by stream name: 457 s with the default, 321 s with this; at 100,000 journeys no
 * difference (16.3 against 17.1 s). The log is checkpointed by the first ordinary commit after the
 * load, or when the last connection closes.
 */
export const BULK_CHECKPOINT_PAGES = 65_536;

/**
 * The writer's page cache once it has made a bulk commit, in KiB (better-sqlite3 opens connections
 * with 16,000). An import's event ids land all over the events table's index of them; with the
 * default cache each batch reads most of its pages again from the file and spills the ones it
 * dirtied into the log before its commit. Kept for the connection's life, not
 * per commit: the next batch of the same load touches the same pages. Only pages used take memory,
 * and a connection that never bulk-loads (a rebuild, the API's commands) keeps the default: a
 * rebuild of 30,000 journeys was no faster with it and 170 MB larger.
 */
export const BULK_CACHE_KIB = 131_072;

/** Setting up the connections may wait for a lock the ordinary way: nothing is served yet. */
const OPENING_BUSY_TIMEOUT_MS = 5000;

/**
 * The embedded store: one SQLite file in WAL mode. Writes go through one connection under a
 * mutex (SQLite allows one writer); plain reads use a second connection and never see a
 * transaction that has not committed.
 *
 * Another process may write the same file (the command line beside the server). SQLite's busy
 * handler would wait for its lock by sleeping inside the call, freezing the event loop, so both
 * connections run with busy_timeout 0 and every statement that finds the file locked is tried
 * again on a timer until `lockWaitMs` has passed, then refused with `StoreBusyError`.
 */
export class SqliteDatabase implements SqlDatabase {
  readonly dialect = 'sqlite' as const;
  private readonly mutex = new Mutex();
  readonly writer: SqliteExecutor;
  private readonly reader: SqliteExecutor;
  private readonly lockWaitMs: number;

  constructor(options: SqliteOptions) {
    this.lockWaitMs = options.lockWaitMs ?? 5000;
    const memory = options.filename === ':memory:';
    if (!memory) mkdirSync(dirname(options.filename), { recursive: true });
    const w = new Database(options.filename);
    w.pragma(`busy_timeout = ${OPENING_BUSY_TIMEOUT_MS}`);
    // Takes effect only in a file not yet written (a new store); an existing one keeps its size.
    w.pragma(`page_size = ${PAGE_SIZE}`);
    w.pragma('journal_mode = WAL');
    w.pragma('synchronous = NORMAL');
    w.pragma('foreign_keys = ON');
    w.pragma('busy_timeout = 0');
    this.writer = new SqliteExecutor(w);
    // An in-memory database is private to its connection: read through the writer.
    if (memory) {
      this.reader = this.writer;
    } else {
      const r = new Database(options.filename, { readonly: true });
      r.pragma('busy_timeout = 0');
      this.reader = new SqliteExecutor(r);
    }
  }

  /** When a statement asked for now must have its lock: the wait counts from the call, queueing included. */
  private deadline(): number {
    return Date.now() + this.lockWaitMs;
  }

  /** The raw handle, for bulk paths that prepare their own statements. */
  get handle(): Sqlite {
    return this.writer.db;
  }

  query<T extends SqlRow = SqlRow>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return whenUnlocked(() => this.reader.querySync<T>(sql, params), this.deadline());
  }

  queryArrays(sql: string, params?: readonly SqlValue[]): Promise<unknown[][]> {
    return whenUnlocked(() => this.reader.queryArraysSync(sql, params), this.deadline());
  }

  execute(sql: string, params?: readonly SqlValue[]): Promise<number> {
    const deadline = this.deadline();
    return this.mutex.run(() => whenUnlocked(() => this.writer.executeSync(sql, params), deadline));
  }

  /** A script of statements (schema migrations), on the writer. */
  exec(script: string): Promise<void> {
    const deadline = this.deadline();
    return this.mutex.run(() => whenUnlocked(() => void this.writer.db.exec(script), deadline));
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const deadline = this.deadline();
    return this.mutex.run(async () => {
      // IMMEDIATE takes the write lock up front: once it is held nothing later in the transaction can find the file busy.
      await whenUnlocked(() => this.writer.db.exec('BEGIN IMMEDIATE'), deadline);
      try {
        const result = await work(this.writer);
        this.writer.db.exec('COMMIT');
        return result;
      } catch (e) {
        if (this.writer.db.inTransaction) this.writer.db.exec('ROLLBACK');
        throw e;
      }
    });
  }

  /**
   * A synchronous transaction for hot paths: nothing can interleave with it. `bulk` (a load of many
   * rows, such as an import's batch) lets the log grow to `BULK_CHECKPOINT_PAGES` before its
   * commit copies it back into the file; the threshold is back to SQLite's default as soon as that
   * commit is over, so every other statement and transaction checkpoints as it always did. It also
   * gives the writer the larger page cache of `BULK_CACHE_KIB`, which it keeps.
   */
  transactionSync<T>(work: (tx: SqliteExecutor) => T, options: { readonly bulk?: boolean } = {}): Promise<T> {
    const deadline = this.deadline();
    // Retried whole when the lock is taken: `work` is synchronous and touches nothing but the database.
    const run = () => whenUnlocked(() => this.writer.db.transaction(() => work(this.writer)).immediate(), deadline);
    if (!options.bulk) return this.mutex.run(run);
    return this.mutex.run(async () => {
      this.writer.db.pragma(`cache_size = -${BULK_CACHE_KIB}`);
      this.writer.db.pragma(`wal_autocheckpoint = ${BULK_CHECKPOINT_PAGES}`);
      try {
        return await run();
      } finally {
        this.writer.db.pragma(`wal_autocheckpoint = ${CHECKPOINT_PAGES}`);
      }
    });
  }

  async close(): Promise<void> {
    await this.mutex.run(async () => {
      if (this.reader !== this.writer) this.reader.db.close();
      this.writer.db.close();
    });
  }
}

export type { SqliteExecutor };
