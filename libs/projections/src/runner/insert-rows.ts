import type { SqlExecutor, SqlValue } from '@journey-ledger/sql';

/** Multi-row inserts, chunked under both drivers' parameter limits: one statement per chunk, not per row. */
export async function insertRows(tx: SqlExecutor, table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[]): Promise<void> {
  if (rows.length === 0) return;
  const perChunk = Math.max(1, Math.floor(30000 / columns.length));
  for (let i = 0; i < rows.length; i += perChunk) {
    const chunk = rows.slice(i, i + perChunk);
    const params: SqlValue[] = [];
    const tuples = chunk.map((row) => {
      const marks = row.map((v) => {
        params.push(v);
        return `$${params.length}`;
      });
      return `(${marks.join(',')})`;
    });
    await tx.execute(`insert into ${table} (${columns.join(',')}) values ${tuples.join(',')}`, params);
  }
}

/** Deletes the rows of many journeys at once. */
export async function deleteJourneys(tx: SqlExecutor, table: string, keys: readonly { tenantId: string; journeyId: string }[]): Promise<void> {
  const perChunk = 10000;
  for (let i = 0; i < keys.length; i += perChunk) {
    const chunk = keys.slice(i, i + perChunk);
    const params: SqlValue[] = [];
    const tuples = chunk.map((k) => {
      params.push(k.tenantId, k.journeyId);
      return `($${params.length - 1},$${params.length})`;
    });
    await tx.execute(`delete from ${table} where (tenant_id, journey_id) in (values ${tuples.join(',')})`, params);
  }
}
