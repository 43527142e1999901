import type { JourneyState } from '@journey-ledger/domain';
import type { EventStore, RecordedEvent } from '@journey-ledger/event-store';
import type { SqlDialect, SqlExecutor, SqlValue } from '@journey-ledger/sql';
import type { Projection } from '../runner/projection';
import { deleteJourneys, insertRows } from '../runner/insert-rows';
import { JourneyStates } from '../runner/journey-states';
import { FAMILY_TABLES, familiesSchema } from './families.schema';

const MEMBER_COLUMNS = [
  'tenant_id',
  'journey_id',
  'seq',
  'family_ref',
  'child_ref',
  'joined_at',
  'left_at',
  'journey_started_at',
  'journey_closed_at',
] as const;
const SPELL_COLUMNS = ['tenant_id', 'journey_id', 'seq', 'kind', 'ref', 'started_at', 'ended_at'] as const;

/** Journeys that belong to a family, with their team and lead-practitioner spells. Rows of a touched journey are replaced whole. */
export class FamiliesProjection implements Projection {
  readonly name = 'families';
  readonly version = 1;
  private readonly journeys: JourneyStates;

  constructor(store: EventStore) {
    this.journeys = new JourneyStates(store);
  }

  schema(dialect: SqlDialect): string {
    return familiesSchema(dialect);
  }

  async reset(tx: SqlExecutor): Promise<void> {
    this.journeys.clear();
    for (const table of FAMILY_TABLES) await tx.execute(`delete from ${table}`);
  }

  async apply(events: readonly RecordedEvent[], tx: SqlExecutor): Promise<void> {
    const changes = await this.journeys.advance(events);
    if (changes.length === 0) return;
    const replaced: { tenantId: string; journeyId: string }[] = [];
    const members: SqlValue[][] = [];
    const spells: SqlValue[][] = [];
    for (const { tenantId, journeyId, events: list, before, after } of changes) {
      if (list[0].revision > 0 && before.families.length > 0) replaced.push({ tenantId, journeyId });
      if (after.status === 'withdrawn' || after.families.length === 0) continue;
      this.rowsOf(tenantId, journeyId, after, members, spells);
    }
    for (const table of FAMILY_TABLES) await deleteJourneys(tx, table, replaced);
    await insertRows(tx, 'family_members', MEMBER_COLUMNS, members);
    await insertRows(tx, 'family_spells', SPELL_COLUMNS, spells);
  }

  private rowsOf(tenantId: string, journeyId: string, s: JourneyState, members: SqlValue[][], spells: SqlValue[][]): void {
    s.families.forEach((f, i) =>
      members.push([tenantId, journeyId, i, f.familyRef, s.childRef ?? null, f.from, f.to ?? null, s.startedAt ?? null, s.closedAt ?? null]),
    );
    let seq = 0;
    for (const h of s.holders) spells.push([tenantId, journeyId, seq++, 'team', h.team, h.from, h.to ?? null]);
    for (const p of s.practitioners) spells.push([tenantId, journeyId, seq++, 'practitioner', p.practitionerRef, p.from, p.to ?? null]);
  }
}
