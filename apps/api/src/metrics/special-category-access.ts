import { randomUUID } from 'node:crypto';
import { accessUserStream } from '@journey-ledger/audit';
import { WrongExpectedRevisionError } from '@journey-ledger/event-store';
import type { EventStore, EventToAppend } from '@journey-ledger/event-store';
import type { RequestContext } from '../auth/request-context';

/** Every read of a breakdown by special-category data (ethnicity, disability), council-wide. */
export const SPECIAL_CATEGORY_ACCESS_STREAM = 'access-special-category';
export const SPECIAL_CATEGORY_ACCESS_EVENT_TYPE = 'SpecialCategoryBreakdownRead';

/**
 * Records a read of a special-category breakdown in the council's access log before the figures
 * leave: in `access-special-category` (who has looked at the council's children by ethnicity or
 * disability) and in the user's own `access-user-<id>` stream, in one append. No figures and no
 * query string: the measure and the characteristic only.
 */
export async function recordSpecialCategoryRead(store: EventStore, ctx: RequestContext, route: string, breakdown: { measure: string; groupBy: string }) {
  const accessId = randomUUID();
  const data = { accessId, userId: ctx.userId, roles: [...ctx.roles], action: 'read', route, journeyId: null, childRef: null, breakdown };
  const metadata = {
    occurredAt: new Date().toISOString(),
    tenantId: ctx.tenantId,
    actor: { userId: ctx.userId, role: ctx.roles[0] ?? 'none' },
    correlationId: ctx.correlationId,
    causationId: ctx.correlationId,
  };
  const event = (): EventToAppend => ({ eventId: randomUUID(), type: SPECIAL_CATEGORY_ACCESS_EVENT_TYPE, version: 1, data, metadata });
  for (let attempt = 1; ; attempt++) {
    try {
      await store.appendBatch([
        { tenantId: ctx.tenantId, streamId: SPECIAL_CATEGORY_ACCESS_STREAM, events: [event()], expectedRevision: 'any' },
        { tenantId: ctx.tenantId, streamId: accessUserStream(ctx.userId), events: [event()], expectedRevision: 'any' },
      ]);
      return accessId;
    } catch (e) {
      // Two first reads racing to create a stream: the loser tries again.
      if (e instanceof WrongExpectedRevisionError && attempt < 6) continue;
      throw e;
    }
  }
}
