import { localDate } from '@journey-ledger/domain';
import type { EventStore } from '@journey-ledger/event-store';
import type { SqlDialect, SqlValue } from '@journey-ledger/sql';
import type { TenantLookup } from '../runner/projection';
import { JourneyRowsProjection } from '../runner/journey-rows-projection';
import type { JourneyChange } from '../runner/journey-states';
import { fgdmSchema } from './fgdm.schema';

const COLUMNS = [
  'tenant_id',
  'journey_id',
  'referral_at',
  'referral_day',
  'source',
  'team',
  'tier',
  'offered',
  'accepted',
  'declined',
  'held',
  'first_offered_at',
  'first_held_at',
  'days_referral_to_held',
] as const;
const DAY_MS = 86_400_000;

/** One row per journey with an accepted referral: its family group conferences. */
export class FgdmProjection extends JourneyRowsProjection {
  readonly name = 'fgdm';
  readonly version = 2;
  protected readonly tables = [{ name: 'fgdm_journeys', columns: COLUMNS }];

  constructor(
    store: EventStore,
    private readonly tenants: TenantLookup,
  ) {
    super(store);
  }

  schema(dialect: SqlDialect): string {
    return fgdmSchema(dialect);
  }

  protected override mayHaveRows({ events, before }: JourneyChange): boolean {
    return events[0].revision > 0 && before.referral !== undefined;
  }

  protected rowsOf({ tenantId, journeyId, after: s }: JourneyChange): Record<string, SqlValue[][]> {
    if (s.status === 'withdrawn' || s.referral === undefined) return {};
    const tenant = this.tenants(tenantId);
    const tz = tenant?.timeZone ?? 'Europe/London';
    const c = s.conferences;
    // Time from the referral counts conferences held on or after it (one held before the referral was another stage of help).
    const referralMs = Date.parse(s.referral.acceptedAt);
    const firstHeld = c
      .map((x) => x.heldAt)
      .filter((x): x is string => x !== undefined && Date.parse(x) >= referralMs)
      .sort()[0];
    return {
      fgdm_journeys: [
        [
          tenantId,
          journeyId,
          s.referral.acceptedAt,
          localDate(s.referral.acceptedAt, tz),
          s.referral.source,
          s.referral.team,
          tenant?.teams.find((t) => t.id === s.referral?.team)?.tier ?? 'unknown',
          c.length,
          c.filter((x) => x.acceptedAt !== undefined).length,
          c.filter((x) => x.declinedAt !== undefined).length,
          c.filter((x) => x.heldAt !== undefined).length,
          c.map((x) => x.offeredAt).sort()[0] ?? null,
          firstHeld ?? null,
          firstHeld === undefined ? null : (Date.parse(firstHeld) - referralMs) / DAY_MS,
        ],
      ],
    };
  }
}
