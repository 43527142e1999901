import { localDate, practitionerMeasures } from '@journey-ledger/domain';
import type { JourneyState } from '@journey-ledger/domain';
import type { EventStore, RecordedEvent } from '@journey-ledger/event-store';
import type { SqlDialect, SqlExecutor, SqlValue } from '@journey-ledger/sql';
import type { Projection, TenantLookup } from '../runner/projection';
import { deleteJourneys, insertRows } from '../runner/insert-rows';
import { JourneyStates } from '../runner/journey-states';
import { PRACTITIONER_TABLES, practitionersSchema } from './practitioners.schema';

const JOURNEY_COLUMNS = [
  'tenant_id',
  'journey_id',
  'child_ref',
  'status',
  'first_team',
  'started_at',
  'start_day',
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
export class PractitionersProjection implements Projection {
  readonly name = 'practitioners';
  readonly version = 1;
  private readonly journeys: JourneyStates;

  constructor(
    store: EventStore,
    private readonly tenants: TenantLookup,
  ) {
    this.journeys = new JourneyStates(store);
  }

  schema(dialect: SqlDialect): string {
    return practitionersSchema(dialect);
  }

  async reset(tx: SqlExecutor): Promise<void> {
    this.journeys.clear();
    for (const table of PRACTITIONER_TABLES) await tx.execute(`delete from ${table}`);
  }

  async apply(events: readonly RecordedEvent[], tx: SqlExecutor): Promise<void> {
    const changes = await this.journeys.advance(events);
    if (changes.length === 0) return;
    const replaced: { tenantId: string; journeyId: string }[] = [];
    const journeys: SqlValue[][] = [];
    const spells: SqlValue[][] = [];
    for (const { tenantId, journeyId, events: list, after } of changes) {
      if (list[0].revision > 0) replaced.push({ tenantId, journeyId });
      if (after.status === 'empty' || after.status === 'withdrawn') continue;
      journeys.push(this.journeyRow(tenantId, journeyId, after));
      after.practitioners.forEach((p, i) => spells.push([tenantId, journeyId, i, p.practitionerRef, p.team, p.role, p.from, p.to ?? null]));
    }
    for (const table of PRACTITIONER_TABLES) await deleteJourneys(tx, table, replaced);
    await insertRows(tx, 'practitioner_journeys', JOURNEY_COLUMNS, journeys);
    await insertRows(tx, 'practitioner_spells', SPELL_COLUMNS, spells);
  }

  private journeyRow(tenantId: string, journeyId: string, s: JourneyState): SqlValue[] {
    const m = practitionerMeasures(s);
    const tz = this.tenants(tenantId)?.timeZone ?? 'Europe/London';
    return [
      tenantId,
      journeyId,
      s.childRef ?? null,
      s.status,
      s.holders[0]?.team ?? null,
      s.startedAt ?? null,
      s.startedAt === undefined ? null : localDate(s.startedAt, tz),
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
