import type { SqlExecutor, SqlValue } from '@journey-ledger/sql';

/**
 * Rows per statement: a fixed few sizes, largest first, so that a batch of any size is written
 * in a handful of statements and the drivers' prepared-statement caches hold a bounded number
 * of texts (one per size and table) however long the process runs.
 */
const CHUNK_ROWS = [512, 128, 32, 8, 1];

function* chunks<T>(items: readonly T[], maxRows: number): Generator<readonly T[]> {
  let i = 0;
  while (i < items.length) {
    const size = CHUNK_ROWS.find((c) => c <= maxRows && c <= items.length - i) ?? 1;
    yield items.slice(i, i + size);
    i += size;
  }
}

/** The store's bulk path where the executor has one (a transaction's); else multi-row inserts, one statement per chunk, not per row. */
export async function insertRows(tx: SqlExecutor, table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[]): Promise<void> {
  if (tx.insertMany) return tx.insertMany(table, columns, rows);
  // Both drivers take at least 32,766 parameters per statement.
  const maxRows = Math.max(1, Math.floor(30000 / columns.length));
  for (const chunk of chunks(rows, maxRows)) {
    const params: SqlValue[] = [];
    const tuples = chunk.map((row) => `(${row.map((v) => (params.push(v), `$${params.length}`)).join(',')})`);
    await tx.execute(`insert into ${table} (${columns.join(',')}) values ${tuples.join(',')}`, params);
  }
}

/** Deletes the rows of many journeys at once. */
export async function deleteJourneys(tx: SqlExecutor, table: string, keys: readonly { tenantId: string; journeyId: string }[]): Promise<void> {
  for (const chunk of chunks(keys, 512)) {
    const params: SqlValue[] = [];
    const tuples = chunk.map((k) => (params.push(k.tenantId, k.journeyId), `($${params.length - 1},$${params.length})`));
    await tx.execute(`delete from ${table} where (tenant_id, journey_id) in (values ${tuples.join(',')})`, params);
  }
}
