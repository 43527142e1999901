import type { EventStore } from '@journey-ledger/event-store';
import type { SqlDatabase } from '@journey-ledger/sql';
import { JourneyFactsProjection } from './journey-facts/journey-facts.projection';
import { MeasuresCubeProjection } from './measures/measures.projection';
import { FgdmProjection } from './fgdm/fgdm.projection';
import { CharacteristicsProjection } from './characteristics/characteristics.projection';
import { PreProceedingsProjection } from './pre-proceedings/pre-proceedings.projection';
import { FamiliesProjection } from './families/families.projection';
import { PractitionersProjection } from './practitioners/practitioners.projection';
import { ReReferralsProjection } from './re-referrals/re-referrals.projection';
import { TracesProjection } from './traces/traces.projection';
import { AccessPagesProjection } from './access-pages/access-pages.projection';
import type { Projection, TenantLookup } from './runner/projection';
import { ProjectionRunner, RunnerOptions } from './runner/projection-runner';

/**
 * Every read model the product keeps. A new read model is a folder beside journey-facts and
 * one line here.
 */
export function allProjections(store: EventStore, tenants: TenantLookup): Projection[] {
  return [
    new JourneyFactsProjection(store),
    new MeasuresCubeProjection(store, tenants),
    new ReReferralsProjection(tenants),
    new PractitionersProjection(store, tenants),
    new FamiliesProjection(store),
    new FgdmProjection(store, tenants),
    new CharacteristicsProjection(store),
    new PreProceedingsProjection(store, tenants),
    new TracesProjection(store),
    new AccessPagesProjection(),
  ];
}

export interface ReadModelOptions extends RunnerOptions {
  /** The councils' team maps, office hours and time zones (tiers, areas, out of hours). */
  readonly tenants: TenantLookup;
}

export async function openReadModels(store: EventStore, db: SqlDatabase, options: ReadModelOptions): Promise<ProjectionRunner> {
  const runner = new ProjectionRunner(store, db, allProjections(store, options.tenants), options);
  await runner.migrate();
  return runner;
}
