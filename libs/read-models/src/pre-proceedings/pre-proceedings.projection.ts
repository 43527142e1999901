import { localDate } from '@journey-ledger/domain';
import type { EventStore } from '@journey-ledger/event-store';
import type { SqlDialect, SqlValue } from '@journey-ledger/sql';
import type { TenantLookup } from '../runner/projection';
import { JourneyRowsProjection } from '../runner/journey-rows-projection';
import type { JourneyChange } from '../runner/journey-states';
import { preProceedingsSchema } from './pre-proceedings.schema';

const COLUMNS = [
  'tenant_id',
  'journey_id',
  'pre_proceedings_id',
  'team',
  'tier',
  'started_at',
  'started_day',
  'started_month',
  'letter_sent',
  'meeting_held',
  'decided_at',
  'outcome',
  'days_start_to_decision',
  'fgdm_offered_before_decision',
] as const;
const DAY_MS = 86_400_000;

/** One row per pre-proceedings episode: its steps, its outcome and whether FGDM was offered first. */
export class PreProceedingsProjection extends JourneyRowsProjection {
  readonly name = 'pre-proceedings';
  readonly version = 1;
  protected readonly tables = [{ name: 'pre_proceedings_episodes', columns: COLUMNS }];

  constructor(
    store: EventStore,
    private readonly tenants: TenantLookup,
  ) {
    super(store);
  }

  schema(dialect: SqlDialect): string {
    return preProceedingsSchema(dialect);
  }

  protected override mayHaveRows({ events, before }: JourneyChange): boolean {
    return events[0].revision > 0 && before.preProceedings.length > 0;
  }

  protected rowsOf({ tenantId, journeyId, after: s }: JourneyChange): Record<string, SqlValue[][]> {
    if (s.status === 'withdrawn' || s.preProceedings.length === 0) return {};
    const tenant = this.tenants(tenantId);
    const tz = tenant?.timeZone ?? 'Europe/London';
    return {
      pre_proceedings_episodes: s.preProceedings.map((p) => {
        // FGDM counts as offered before proceedings when an offer came before the step decision (or, undecided, so far).
        const day = localDate(p.startedAt, tz);
        const offeredFirst = s.conferences.some((c) => p.decidedAt === undefined || Date.parse(c.offeredAt) <= Date.parse(p.decidedAt));
        return [
          tenantId,
          journeyId,
          p.preProceedingsId,
          p.team,
          tenant?.teams.find((t) => t.id === p.team)?.tier ?? 'unknown',
          p.startedAt,
          day,
          day.slice(0, 7),
          p.letterSentAt === undefined ? 0 : 1,
          p.meetingHeldAt === undefined ? 0 : 1,
          p.decidedAt ?? null,
          p.outcome ?? null,
          p.decidedAt === undefined ? null : (Date.parse(p.decidedAt) - Date.parse(p.startedAt)) / DAY_MS,
          offeredFirst ? 1 : 0,
        ];
      }),
    };
  }
}
