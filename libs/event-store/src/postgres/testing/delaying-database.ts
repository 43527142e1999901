import type { SqlExecutor, SqlRow, SqlValue } from '@journey-ledger/sql';
import { PostgresDatabase, PostgresOptions } from '@journey-ledger/sql';

/**
 * A PostgreSQL database whose transactions stall at random: before some statements and before
 * some commits. It drives the store's real append code into the interleavings that concurrent
 * writers on a busy server produce (one writer draws its positions, another commits first).
 */
export class DelayingDatabase extends PostgresDatabase {
  constructor(
    options: PostgresOptions,
    private readonly random: () => number,
    private readonly probability: number,
    private readonly maxDelayMs: number,
  ) {
    super(options);
  }

  private async maybeStall(): Promise<void> {
    if (this.random() < this.probability) await new Promise((r) => setTimeout(r, this.random() * this.maxDelayMs));
  }

  override transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return super.transaction(async (tx) => {
      const stalling: SqlExecutor = {
        dialect: tx.dialect,
        query: async <R extends SqlRow = SqlRow>(sql: string, params?: readonly SqlValue[]) => {
          await this.maybeStall();
          return tx.query<R>(sql, params);
        },
        queryArrays: async (sql: string, params?: readonly SqlValue[]) => {
          await this.maybeStall();
          return tx.queryArrays(sql, params);
        },
        execute: async (sql: string, params?: readonly SqlValue[]) => {
          await this.maybeStall();
          return tx.execute(sql, params);
        },
        ...(tx.insertMany === undefined
          ? {}
          : {
              insertMany: async (table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[]) => {
                await this.maybeStall();
                return tx.insertMany!(table, columns, rows);
              },
            }),
      };
      const result = await work(stalling);
      await this.maybeStall(); // before COMMIT
      return result;
    });
  }
}

/** A small seeded generator (mulberry32): each process's interleaving can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
