import { DEFAULT_COST_MODEL, foldJourney, journeyCost } from '@journey-ledger/domain';
import type { CostModel, JourneyState, RecordedJourneyEvent, WorkingCalendar } from '@journey-ledger/domain';
import { AsOf, journeyAsOf, RevisionedEvent } from '../as-of/as-of';
import { ComparedJourney, ComparisonResult, measureJourney, ScenarioComparisonModel } from './measures';
import type { CompiledScenario } from './scenario-document';
import { transformJourney } from './transform';
import { shareFamilyLeadPractitioner } from './family-lead-practitioner';
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
 * Under `one-per-family` a journey passed alone is a family of one: the runner passes a family's
 * journeys together to `compareFamily`.
 */
export function compareJourney(
  events: readonly RecordedJourneyEvent[] | readonly RevisionedEvent[],
  scenario: CompiledScenario,
  settings: CompareSettings,
): ComparedJourney | undefined {
  return compareFamily([events], scenario, settings)[0];
}

/**
 * Journeys compared together, so that a family-level rule sees all of a family's journeys; each
 * journey is still measured on its own. Journeys of which nothing stands are left out.
 */
export function compareFamily(
  journeys: readonly (readonly RecordedJourneyEvent[] | readonly RevisionedEvent[])[],
  scenario: CompiledScenario,
  settings: CompareSettings,
): ComparedJourney[] {
  const todays = journeys.map((events) => journeyAsOf(events, settings)).filter((t) => t.entries.length > 0);
  const redesigned = todays.map((today) =>
    transformJourney(
      today.entries.map((e) => e.event),
      scenario,
    ),
  );
  const scenarioEvents =
    scenario.leadPractitioner === 'one-per-family'
      ? shareFamilyLeadPractitioner(
          redesigned.map((r, i) => ({ events: r.events, families: todays[i].state.families })),
          scenario.redesign,
        )
      : redesigned.map((r) => r.events);
  return todays.map((today, i) => {
    const scenarioState = foldJourney(scenarioEvents[i]);
    return {
      today: measureJourney(today.state, scenario.today, settings.calendar, settings.timeZone),
      // An open journey's spells run to today's last entry, even when the scenario drops that entry (an unallocation).
      scenario: measureJourney(scenarioState, scenario.redesign, settings.calendar, settings.timeZone, today.state.lastOccurredAt),
      rerouted: redesigned[i].rerouted,
      keptAtRemovedTeam: redesigned[i].keptAtRemovedTeam,
      handoversDropped: redesigned[i].handoversDropped,
      groups: groupsOf(today.state),
      families: [...new Set(today.state.families.map((m) => m.familyRef))],
      met: { today: metBy(today.state), scenario: metBy(scenarioState) },
      cost: {
        today: journeyCost(today.state, (t) => scenario.today.tierOf(t), settings.costModel ?? DEFAULT_COST_MODEL),
        scenario: journeyCost(scenarioState, (t) => scenario.redesign.tierOf(t), settings.costModel ?? DEFAULT_COST_MODEL),
      },
    };
  });
}

/** Who the journey's family met: its lead practitioners and the teams that held it. */
const metBy = (state: JourneyState) => ({
  practitioners: [...new Set(state.practitioners.map((p) => p.practitionerRef))],
  teams: [...state.teamsTouched],
});

/** Today vs scenario over a set of journeys held in memory (tests, small exports). */
export function compareJourneys(journeys: Iterable<readonly RecordedJourneyEvent[]>, scenario: CompiledScenario, settings: CompareSettings): ComparisonResult {
  const model = new ScenarioComparisonModel();
  // In memory, every journey is compared together: a family-level rule sees each family whole.
  for (const compared of compareFamily([...journeys], scenario, settings)) model.add(compared);
  return model.result();
}
