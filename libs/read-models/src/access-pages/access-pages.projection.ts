import { ACCESS_USER_STREAM_PREFIX, PAGE_ACCESS_EVENT_TYPE, entriesOfPage } from '@journey-ledger/audit';
import type { RecordedEvent } from '@journey-ledger/event-store';
import type { SqlDialect, SqlExecutor, SqlValue } from '@journey-ledger/sql';
import { insertRows } from '../runner/insert-rows';
import type { Projection } from '../runner/projection';
import { accessPagesSchema } from './access-pages.schema';

export const ACCESS_PAGES_PROJECTION = 'access-pages';

const COLUMNS = ['tenant_id', 'journey_id', 'position', 'access_id', 'at', 'user_id', 'roles', 'action', 'route', 'correlation_id', 'hash'] as const;

/**
 * Indexes each page access event of the access log by the journeys it names. Access events are
 * never withdrawn or edited, so a row is written once and a rebuild replays the same rows.
 */
export class AccessPagesProjection implements Projection {
  readonly name = ACCESS_PAGES_PROJECTION;
  readonly version = 1;
  readonly streamPrefix = ACCESS_USER_STREAM_PREFIX;

  schema(dialect: SqlDialect): string {
    return accessPagesSchema(dialect);
  }

  async reset(tx: SqlExecutor): Promise<void> {
    await tx.execute('delete from access_journey_pages');
  }

  async apply(events: readonly RecordedEvent[], tx: SqlExecutor): Promise<void> {
    const rows: SqlValue[][] = [];
    for (const e of events) {
      if (e.type !== PAGE_ACCESS_EVENT_TYPE) continue;
      for (const entry of entriesOfPage(e)) {
        rows.push([
          e.tenantId,
          entry.journeyId,
          entry.position,
          entry.accessId,
          entry.at,
          entry.userId,
          JSON.stringify(entry.roles),
          entry.action,
          entry.route,
          entry.correlationId,
          entry.hash,
        ]);
      }
    }
    if (rows.length > 0) await insertRows(tx, 'access_journey_pages', COLUMNS, rows);
  }
}
