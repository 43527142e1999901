import { localDate, practitionerMeasures } from '@journey-ledger/domain';
import type { JourneyState } from '@journey-ledger/domain';
import type { EventStore } from '@journey-ledger/event-store';
import type { SqlDialect, SqlValue } from '@journey-ledger/sql';
import type { TenantLookup } from '../runner/projection';
import { JourneyRowsProjection } from '../runner/journey-rows-projection';
import type { JourneyChange } from '../runner/journey-states';
import { practitionersSchema } from './practitioners.schema';

const JOURNEY_COLUMNS = [
  'tenant_id',
  'journey_id',
  'child_ref',
  'status',
  'team',
  'tier',
  'source',
  'started_at',
  'start_day',
  'start_month',
  'closed_at',
  'allocations',
  'practitioner_changes',
  'practitioners',
  'days_unallocated',
  'handovers',
  'handovers_with_change',
  'handovers_without_change',
  'handovers_without_practitioner',
] as const;
const SPELL_COLUMNS = ['tenant_id', 'journey_id', 'seq', 'practitioner_ref', 'team', 'role', 'started_at', 'ended_at'] as const;

/**
 * Each journey's lead practitioners and their measures. A journey touched by a batch has its rows
 * replaced whole, so a withdrawal is handled like any other event. Withdrawn journeys have no rows.
 */
export class PractitionersProjection extends JourneyRowsProjection {
  readonly name = 'practitioners';
  readonly version = 2;
  protected readonly tables = [
    { name: 'practitioner_journeys', columns: JOURNEY_COLUMNS },
    { name: 'practitioner_spells', columns: SPELL_COLUMNS },
  ];

  constructor(
    store: EventStore,
    private readonly tenants: TenantLookup,
  ) {
    super(store);
  }

  schema(dialect: SqlDialect): string {
    return practitionersSchema(dialect);
  }

  protected rowsOf({ tenantId, journeyId, after }: JourneyChange): Record<string, SqlValue[][]> {
    if (after.status === 'empty' || after.status === 'withdrawn') return {};
    return {
      practitioner_journeys: [this.journeyRow(tenantId, journeyId, after)],
      practitioner_spells: after.practitioners.map((p, i) => [tenantId, journeyId, i, p.practitionerRef, p.team, p.role, p.from, p.to ?? null]),
    };
  }

  private journeyRow(tenantId: string, journeyId: string, s: JourneyState): SqlValue[] {
    const m = practitionerMeasures(s);
    const tenant = this.tenants(tenantId);
    const team = s.holders[0]?.team;
    const day = s.startedAt === undefined ? null : localDate(s.startedAt, tenant?.timeZone ?? 'Europe/London');
    return [
      tenantId,
      journeyId,
      s.childRef ?? null,
      s.status,
      team ?? null,
      team === undefined ? null : (tenant?.teams.find((t) => t.id === team)?.tier ?? 'unknown'),
      s.contacts[0]?.source ?? s.referral?.source ?? null,
      s.startedAt ?? null,
      day,
      day?.slice(0, 7) ?? null,
      s.closedAt ?? null,
      m.allocations,
      m.changes,
      m.practitioners,
      m.daysUnallocated,
      m.handovers,
      m.handoversWithChange,
      m.handoversWithoutChange,
      m.handoversWithoutPractitioner,
    ];
  }
}
