import type { SqlValue } from '@journey-ledger/sql';
import type { ReadAllOptions } from '../port/event-store.port';

/**
 * The SQL stores' read of the log by position, with the filters asked for: the statement and its
 * parameters. `intCast` is what PostgreSQL needs to take a parameter as `substr`'s length (`::int`).
 */
export function readAllQuery(columns: string, options: ReadAllOptions, intCast: '' | '::int'): [string, SqlValue[]] {
  const params: SqlValue[] = [options.after ?? 0];
  let where = 'position > $1';
  if (options.tenantId !== undefined) where += ` and tenant_id = $${params.push(options.tenantId)}`;
  if (options.streamPrefix) {
    const length = params.push(options.streamPrefix.length);
    where += ` and substr(stream_id, 1, $${length}${intCast}) = $${params.push(options.streamPrefix)}`;
  }
  return [`select ${columns} from events where ${where} order by position limit $${params.push(options.maxCount ?? 1000)}`, params];
}
