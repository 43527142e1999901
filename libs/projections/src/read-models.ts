import type { TenantRegistry } from '@journey-ledger/application/tenants/tenant-registry';
import type { EventStore } from '@journey-ledger/event-store';
import { analyticsProjections } from '@journey-ledger/analytics/analytics-projections';
import type { SqlDatabase } from '@journey-ledger/sql';
import { JourneyFactsProjection } from './journey-facts/journey-facts.projection';
import type { Projection } from './runner/projection';
import { ProjectionRunner, RunnerOptions } from './runner/projection-runner';

/**
 * Every read model the product keeps. A new read model is a folder beside journey-facts and
 * one line here.
 */
export function allProjections(store: EventStore, tenants?: TenantRegistry): Projection[] {
  const lookup = tenants ? (tenantId: string) => tenants.get(tenantId)?.config : undefined;
  return [new JourneyFactsProjection(store), ...analyticsProjections(store, lookup)];
}

export interface ReadModelOptions extends RunnerOptions {
  /** The councils' team maps, office hours and time zones (tiers, areas, out of hours); read from JOURNEY_LEDGER_TENANTS_DIR when absent. */
  readonly tenants?: TenantRegistry;
}

export async function openReadModels(store: EventStore, db: SqlDatabase, options: ReadModelOptions = {}): Promise<ProjectionRunner> {
  const runner = new ProjectionRunner(store, db, allProjections(store, options.tenants), options);
  await runner.migrate();
  return runner;
}
