import type { SqlDialect, SqlValue } from '@journey-ledger/sql';
import { JourneyRowsProjection } from '../runner/journey-rows-projection';
import type { JourneyChange } from '../runner/journey-states';
import { familiesSchema } from './families.schema';

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

/** Journeys that belong to a family, with their team and lead-practitioner spells. */
export class FamiliesProjection extends JourneyRowsProjection {
  readonly name = 'families';
  readonly version = 1;
  protected readonly tables = [
    { name: 'family_members', columns: MEMBER_COLUMNS },
    { name: 'family_spells', columns: SPELL_COLUMNS },
  ];

  schema(dialect: SqlDialect): string {
    return familiesSchema(dialect);
  }

  protected override mayHaveRows({ events, before }: JourneyChange): boolean {
    return events[0].revision > 0 && before.families.length > 0;
  }

  protected rowsOf({ tenantId, journeyId, after: s }: JourneyChange): Record<string, SqlValue[][]> {
    if (s.status === 'withdrawn' || s.families.length === 0) return {};
    const members = s.families.map((f, i) => [
      tenantId,
      journeyId,
      i,
      f.familyRef,
      s.childRef ?? null,
      f.from,
      f.to ?? null,
      s.startedAt ?? null,
      s.closedAt ?? null,
    ]);
    const spells: SqlValue[][] = [];
    let seq = 0;
    for (const h of s.holders) spells.push([tenantId, journeyId, seq++, 'team', h.team, h.from, h.to ?? null]);
    for (const p of s.practitioners) spells.push([tenantId, journeyId, seq++, 'practitioner', p.practitionerRef, p.from, p.to ?? null]);
    return { family_members: members, family_spells: spells };
  }
}
