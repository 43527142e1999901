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
export function allProjections(store: EventStore): Projection[] {
  return [new JourneyFactsProjection(store), ...analyticsProjections(store)];
}

export async function openReadModels(store: EventStore, db: SqlDatabase, options?: RunnerOptions): Promise<ProjectionRunner> {
  const runner = new ProjectionRunner(store, db, allProjections(store), options);
  await runner.migrate();
  return runner;
}
