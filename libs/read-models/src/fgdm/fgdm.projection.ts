import { localDate } from '@journey-ledger/domain';
import type { EventStore, RecordedEvent } from '@journey-ledger/event-store';
import type { SqlDialect, SqlExecutor, SqlValue } from '@journey-ledger/sql';
import type { Projection, TenantLookup } from '../runner/projection';
import { deleteJourneys, insertRows } from '../runner/insert-rows';
import { JourneyStates } from '../runner/journey-states';
import { FGDM_TABLES, fgdmSchema } from './fgdm.schema';

const COLUMNS = [
  'tenant_id',
  'journey_id',
  'referral_at',
  'referral_day',
  'offered',
  'accepted',
  'declined',
  'held',
  'first_offered_at',
  'first_held_at',
  'days_referral_to_held',
] as const;
const DAY_MS = 86_400_000;

/** One row per journey with an accepted referral: its family group conferences. Rows of a touched journey are replaced whole. */
export class FgdmProjection implements Projection {
  readonly name = 'fgdm';
  readonly version = 1;
  private readonly journeys: JourneyStates;

  constructor(
    store: EventStore,
    private readonly tenants: TenantLookup,
  ) {
    this.journeys = new JourneyStates(store);
  }

  schema(dialect: SqlDialect): string {
    return fgdmSchema(dialect);
  }

  async reset(tx: SqlExecutor): Promise<void> {
    this.journeys.clear();
    for (const table of FGDM_TABLES) await tx.execute(`delete from ${table}`);
  }

  async apply(events: readonly RecordedEvent[], tx: SqlExecutor): Promise<void> {
    const changes = await this.journeys.advance(events);
    if (changes.length === 0) return;
    const replaced: { tenantId: string; journeyId: string }[] = [];
    const rows: SqlValue[][] = [];
    for (const { tenantId, journeyId, events: list, before, after: s } of changes) {
      if (list[0].revision > 0 && before.referral !== undefined) replaced.push({ tenantId, journeyId });
      if (s.status === 'withdrawn' || s.referral === undefined) continue;
      const tz = this.tenants(tenantId)?.timeZone ?? 'Europe/London';
      const c = s.conferences;
      // Time from the referral counts conferences held on or after it (one held before the referral was another stage of help).
      const referralMs = Date.parse(s.referral.acceptedAt);
      const firstHeld = c
        .map((x) => x.heldAt)
        .filter((x): x is string => x !== undefined && Date.parse(x) >= referralMs)
        .sort()[0];
      rows.push([
        tenantId,
        journeyId,
        s.referral.acceptedAt,
        localDate(s.referral.acceptedAt, tz),
        c.length,
        c.filter((x) => x.acceptedAt !== undefined).length,
        c.filter((x) => x.declinedAt !== undefined).length,
        c.filter((x) => x.heldAt !== undefined).length,
        c.map((x) => x.offeredAt).sort()[0] ?? null,
        firstHeld ?? null,
        firstHeld === undefined ? null : (Date.parse(firstHeld) - referralMs) / DAY_MS,
      ]);
    }
    for (const table of FGDM_TABLES) await deleteJourneys(tx, table, replaced);
    await insertRows(tx, 'fgdm_journeys', COLUMNS, rows);
  }
}
