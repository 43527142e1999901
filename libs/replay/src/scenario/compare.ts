import { DEFAULT_COST_MODEL, foldJourney, journeyCost } from '@journey-ledger/domain';
import type { CostModel, RecordedJourneyEvent, WorkingCalendar } from '@journey-ledger/domain';
import { AsOf, journeyAsOf, RevisionedEvent } from '../as-of/as-of';
import { ComparedJourney, ComparisonResult, measureJourney, ScenarioComparisonModel } from './measures';
import type { CompiledScenario } from './scenario-document';
import { transformJourney } from './transform';
import { groupsOf } from './equality-impact';

export interface CompareSettings extends AsOf {
  readonly calendar: WorkingCalendar;
  readonly timeZone: string;
  /** The council's cost model (its configuration); the documented defaults otherwise. */
  readonly costModel?: CostModel;
}

/**
 * One journey today and under the scenario, measured side by side. Undefined when nothing of
 * the journey stands (as of the given times): an empty or wholly withdrawn journey counts nowhere.
 */
export function compareJourney(
  events: readonly RecordedJourneyEvent[] | readonly RevisionedEvent[],
  scenario: CompiledScenario,
  settings: CompareSettings,
): ComparedJourney | undefined {
  const today = journeyAsOf(events, settings);
  if (today.entries.length === 0) return undefined;
  const redesigned = transformJourney(
    today.entries.map((e) => e.event),
    scenario,
  );
  const scenarioState = foldJourney(redesigned.events);
  return {
    today: measureJourney(today.state, scenario.today, settings.calendar, settings.timeZone),
    scenario: measureJourney(scenarioState, scenario.redesign, settings.calendar, settings.timeZone),
    rerouted: redesigned.rerouted,
    keptAtRemovedTeam: redesigned.keptAtRemovedTeam,
    handoversDropped: redesigned.handoversDropped,
    groups: groupsOf(today.state),
    cost: {
      today: journeyCost(today.state, (t) => scenario.today.tierOf(t), settings.costModel ?? DEFAULT_COST_MODEL),
      scenario: journeyCost(scenarioState, (t) => scenario.redesign.tierOf(t), settings.costModel ?? DEFAULT_COST_MODEL),
    },
  };
}

/** Today vs scenario over a set of journeys held in memory (tests, small exports). */
export function compareJourneys(journeys: Iterable<readonly RecordedJourneyEvent[]>, scenario: CompiledScenario, settings: CompareSettings): ComparisonResult {
  const model = new ScenarioComparisonModel();
  for (const events of journeys) {
    const compared = compareJourney(events, scenario, settings);
    if (compared !== undefined) model.add(compared);
  }
  return model.result();
}
