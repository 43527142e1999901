import { disabilityGroup } from '@journey-ledger/domain';
import type { SqlDialect, SqlValue } from '@journey-ledger/sql';
import { JourneyRowsProjection } from '../runner/journey-rows-projection';
import type { JourneyChange } from '../runner/journey-states';
import { characteristicsSchema } from './characteristics.schema';

const COLUMNS = ['tenant_id', 'journey_id', 'sex', 'age_band', 'ethnicity', 'disability', 'disabilities', 'recorded_at'] as const;

/**
 * One row per journey whose child's characteristics were recorded. A withdrawal of the recording
 * refolds the journey, so the row goes (or reverts to the earlier recording) like any other fact.
 */
export class CharacteristicsProjection extends JourneyRowsProjection {
  readonly name = 'characteristics';
  readonly version = 1;
  protected readonly tables = [{ name: 'journey_characteristics', columns: COLUMNS }];

  schema(dialect: SqlDialect): string {
    return characteristicsSchema(dialect);
  }

  protected rowsOf({ tenantId, journeyId, after }: JourneyChange): Record<string, SqlValue[][]> {
    const c = after.characteristics;
    if (after.status === 'empty' || after.status === 'withdrawn' || c === undefined) return {};
    return {
      journey_characteristics: [[tenantId, journeyId, c.sex, c.ageBand, c.ethnicity, disabilityGroup(c.disabilities), c.disabilities.join(','), c.recordedAt]],
    };
  }
}
