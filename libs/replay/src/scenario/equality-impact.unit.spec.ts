import { englandAndWalesCalendar } from '@journey-ledger/domain';
import type { EthnicityCode, RecordedJourneyEvent, SexCode } from '@journey-ledger/domain';
import { fixtureJourneys, northShireContext, ONE_FRONT_DOOR } from '../testing/scenario-fixtures';
import { compareJourney, compareJourneys } from './compare';
import { EqualityImpactModel } from './equality-impact';
import { parseScenario } from './scenario-document';

const settings = { calendar: englandAndWalesCalendar(), timeZone: 'Europe/London' };
const oneFrontDoor = parseScenario(ONE_FRONT_DOOR, northShireContext);

/** The journey with the child's characteristics recorded after its last entry. */
function withCharacteristics(events: RecordedJourneyEvent[], sex: SexCode, ethnicity: EthnicityCode): RecordedJourneyEvent[] {
  const last = events[events.length - 1];
  const recorded = {
    type: 'ChildCharacteristicsRecorded',
    version: 1,
    data: { sex, ethnicity, disabilities: [], ageBand: '5-9' },
    metadata: { ...last.metadata, eventId: `${last.metadata.journeyId}-chars` },
  } as RecordedJourneyEvent;
  return [...events, recorded];
}

/**
 * The four fixture journeys (handovers today → one front door: j-1 4 → 3, j-2 2 → 1, j-3 0 → 0,
 * j-4 2 → 1), with girls in j-1 and j-2 and boys in j-3 and j-4; all White British but j-3 (Black African).
 */
const [j1, j2, j3, j4] = fixtureJourneys();
const journeys = [
  withCharacteristics(j1, '2', 'WBRI'),
  withCharacteristics(j2, '2', 'WBRI'),
  withCharacteristics(j3, '1', 'BAFR'),
  withCharacteristics(j4, '1', 'WBRI'),
];

function impact(threshold: number) {
  const model = new EqualityImpactModel();
  for (const events of journeys) {
    const c = compareJourney(events, oneFrontDoor, settings)!;
    model.add(c.groups, c.today, c.scenario, 1);
  }
  return model.result(threshold);
}

describe('the equality impact of a scenario', () => {
  it('given girls and boys, when MASH and CART are one front door, then handovers per journey fall by 1 for girls and by 0.5 for boys', () => {
    const bySex = impact(2).sex;
    expect(bySex.map((g) => [g.group, g.journeys, g.measures.handovers])).toEqual([
      ['1', 2, { today: 1, scenario: 0.5, change: -0.5 }],
      ['2', 2, { today: 3, scenario: 2, change: -1 }],
    ]);
  });

  it('withholds a group below the threshold, and the group that would give it back from the total (secondary suppression)', () => {
    const byEthnicity = impact(2).ethnicity;
    // BAFR: 1 journey (primary); WBRI: 3 journeys, but 4 − 3 would give BAFR back, so it goes too.
    expect(byEthnicity.map((g) => [g.group, g.journeys, g.withheld, g.measures.handovers.change])).toEqual([
      ['BAFR', null, true, null],
      ['WBRI', null, true, null],
    ]);
  });

  it('counts journeys without recorded characteristics as not-recorded, and runs inside every scenario comparison', () => {
    const result = compareJourneys(fixtureJourneys(), oneFrontDoor, settings);
    expect(result.byGroup.sex).toEqual([expect.objectContaining({ group: 'not-recorded', withheld: true, journeys: null })]);
  });

  it('takes a journey back out exactly (a late correction reopens it)', () => {
    const model = new EqualityImpactModel();
    const c = compareJourney(journeys[0], oneFrontDoor, settings)!;
    model.add(c.groups, c.today, c.scenario, 1);
    model.add(c.groups, c.today, c.scenario, -1);
    expect(model.result(1).sex).toEqual([]);
  });
});
