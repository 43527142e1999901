import { randomUUID } from 'node:crypto';
import { JourneyCommandService } from '@journey-ledger/application';
import type { TenantRegistry } from '@journey-ledger/application';
import type { JourneyCommand } from '@journey-ledger/domain';
import type { EventStore } from '@journey-ledger/event-store';
import type { SqlExecutor } from '@journey-ledger/sql';

/**
 * Records hand-worked journeys for a read model's spec through the same command service as the
 * API: `record(commands)` plays one journey's commands in order (North Shire, a recorder) and
 * returns its id; pass an id to continue a journey.
 */
export function journeyRecorder(store: EventStore, tenants: TenantRegistry) {
  const service = new JourneyCommandService(store, tenants);
  return async (commands: readonly JourneyCommand[], journeyId: string = randomUUID()): Promise<string> => {
    for (const command of commands)
      await service.handle(
        { tenantId: 'north-shire', journeyId, commandId: randomUUID(), correlationId: 'c', actor: { userId: 'u', role: 'recorder' } },
        command,
      );
    return journeyId;
  };
}

/** Every row of the tables, in key order, as text: what "rebuild gives identical rows" compares. */
export async function dumpTables(db: SqlExecutor, tables: readonly string[]): Promise<string> {
  const parts: string[] = [];
  for (const table of tables) {
    const rows = await db.query(`select * from ${table} order by 1, 2, 3`);
    parts.push(`${table}\n${rows.map((r) => JSON.stringify(r)).join('\n')}`);
  }
  return parts.join('\n');
}
