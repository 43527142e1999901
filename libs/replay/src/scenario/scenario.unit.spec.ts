import { foldJourney } from '@journey-ledger/domain';
import { englandAndWalesCalendar } from '@journey-ledger/domain';
import { journeyAsOf } from '../as-of/as-of';
import { fixtureJourneys, northShireContext, ONE_FRONT_DOOR } from '../testing/scenario-fixtures';
import { compareJourneys } from './compare';
import { parseScenario } from './scenario-document';
import { transformJourney } from './transform';

const settings = { calendar: englandAndWalesCalendar(), timeZone: 'Europe/London' };
const scenario = (text: string) => parseScenario(text, northShireContext);
const oneFrontDoor = scenario(ONE_FRONT_DOOR);
const byMeasure = (result: ReturnType<typeof compareJourneys>, m: string) => result.measures.find((x) => x.measure === m)!;
const standing = (events: ReturnType<typeof fixtureJourneys>[number]) => journeyAsOf(events).entries.map((e) => e.event);
const head = `format: journey-ledger/scenario@1\nid: s\ntenant: north-shire\ntitle: S\n`;

describe('what-if replay through a redesigned front door', () => {
  describe('given the four fixture journeys, when MASH and CART are one front door', () => {
    const [j1] = fixtureJourneys();

    it('then the MASH → CART handover disappears and the others run from the front door', () => {
      const redesigned = transformJourney(standing(j1), oneFrontDoor);
      const state = foldJourney(redesigned.events);
      expect(state.holders.map((h) => h.team)).toEqual(['customer-access', 'front-door', 'assessment-north', 'early-help-north']);
      expect([state.handovers, state.handoversBeforeHelp]).toEqual([3, 2]);
      expect(redesigned.handoversDropped).toBe(1);
    });

    it('then, summed by hand, handovers fall from 8 to 5 (4→3, 2→1, 0→0, 2→1), handovers before help from 7 to 4, teams touched from 12 to 9', () => {
      const result = compareJourneys(fixtureJourneys(), oneFrontDoor, settings);
      expect(result.journeys).toBe(4);
      expect(byMeasure(result, 'handovers')).toMatchObject({
        today: { total: 8, mean: 2, median: 2, distribution: { '0': 1, '2': 2, '4': 1 } },
        scenario: { total: 5, mean: 1.25, median: 1, distribution: { '0': 1, '1': 2, '3': 1 } },
        difference: { total: -3, mean: -0.75, percent: -37.5 },
      });
      expect(byMeasure(result, 'handoversBeforeHelp')).toMatchObject({ today: { total: 7 }, scenario: { total: 4 }, difference: { total: -3 } });
      expect(byMeasure(result, 'teamsTouched')).toMatchObject({ today: { total: 12 }, scenario: { total: 9 } });
      expect(result.journeysWith).toEqual({ fewerHandovers: 3, sameHandovers: 1, moreHandovers: 0 });
      expect(result.handoversDropped).toBe(3);
    });

    it('then the waits join up: the time at MASH and CART becomes time at one front door', () => {
      const result = compareJourneys([j1], oneFrontDoor, settings);
      // customer-access 1 + mash 1 + cart 2 working days today; customer-access 1 + front door 3 in the scenario
      expect(byMeasure(result, 'frontDoorWorkingDays')).toMatchObject({ today: { total: 4 }, scenario: { total: 4 } });
      expect(byMeasure(result, 'spells')).toMatchObject({ today: { total: 5 }, scenario: { total: 4 } });
    });
  });

  describe('removing a stage', () => {
    const removeCustomerAccess = scenario(`${head}changes:\n  - remove: customer-access\n`);

    it('a journey that started there starts at the team it went to next, and that handover disappears', () => {
      const [j1] = fixtureJourneys();
      const state = foldJourney(transformJourney(standing(j1), removeCustomerAccess).events);
      expect(state.holders.map((h) => h.team)).toEqual(['mash', 'cart', 'assessment-north', 'early-help-north']);
      expect(state.handovers).toBe(3);
      expect(state.teamsTouched).not.toContain('customer-access');
    });

    it('a journey that never left it is held by `otherwise`, or counted as kept there when the scenario names none', () => {
      const [, , j3] = fixtureJourneys();
      expect(transformJourney(standing(j3), scenario(`${head}changes:\n  - remove: mash\n    otherwise: cart\n`)).events[0].data).toMatchObject({
        team: 'cart',
      });
      expect(transformJourney(standing(j3), scenario(`${head}changes:\n  - remove: mash\n`)).keptAtRemovedTeam).toBe(true);
    });
  });

  describe('re-routing police contacts at level 2 straight to early help', () => {
    const reroute = scenario(`${head}changes:\n  - reroute: { source: ["6"], levelOfNeed: ["2"] }\n    to: early-help-south\n`);

    it('the contact is received by early help and its two front-door handovers disappear', () => {
      const [, , , j4] = fixtureJourneys();
      const redesigned = transformJourney(standing(j4), reroute);
      const state = foldJourney(redesigned.events);
      expect(redesigned.rerouted).toBe(true);
      expect(state.holders.map((h) => h.team)).toEqual(['early-help-south']);
      expect([state.handovers, state.teamsTouched]).toEqual([0, ['early-help-south']]);
    });

    it('other journeys are untouched: the comparison shows only j-4 changed', () => {
      const result = compareJourneys(fixtureJourneys(), reroute, settings);
      expect(result.rerouted).toBe(1);
      expect(byMeasure(result, 'handovers')).toMatchObject({ today: { total: 8 }, scenario: { total: 6 } });
      // j-4 spent 2 working days at the front door (cart, mash); re-routed, none
      expect(byMeasure(result, 'frontDoorWorkingDays').difference.total).toBe(-2);
    });
  });

  it('renaming changes names, not counts', () => {
    const rename = scenario(`${head}changes:\n  - rename: mash\n    to: hub\n`);
    const result = compareJourneys(fixtureJourneys(), rename, settings);
    expect(byMeasure(result, 'handovers').difference.total).toBe(0);
    expect(byMeasure(result, 'teamsTouched').difference.total).toBe(0);
  });

  it('a scenario never touches the journeys it is given', () => {
    const journeys = fixtureJourneys();
    const before = JSON.stringify(journeys);
    compareJourneys(journeys, oneFrontDoor, settings);
    expect(JSON.stringify(journeys)).toBe(before);
  });
});
