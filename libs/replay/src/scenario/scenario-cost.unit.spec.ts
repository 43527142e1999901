import { englandAndWalesCalendar, parseTenantConfig } from '@journey-ledger/domain';
import { northShireConfig } from '@journey-ledger/domain/testing';
import { fixtureJourneys, northShireContext, ONE_FRONT_DOOR } from '../testing/scenario-fixtures';
import { compareJourneys } from './compare';
import { parseScenario } from './scenario-document';

const settings = { calendar: englandAndWalesCalendar(), timeZone: 'Europe/London' };
const oneFrontDoor = parseScenario(ONE_FRONT_DOOR, northShireContext);

/**
 * The four fixture journeys today (default cost model: screening 1 h, handover 2 h, assessment
 * 15 h (early help 8 h), closure 1 h; £55 an hour in social work tiers, £40 in early help):
 * j-1 screening at customer access 1 h £55; handovers to MASH, CART, Assessment North 3 × 2 h × £55,
 *     to Early Help North 2 h × £40; single assessment 15 h £825; closed at Early Help North 1 h £40:
 *     25 h, £1,330.
 * j-2 screening 1 h £55; handovers to CART and Assessment South 4 h £220; assessment 15 h £825;
 *     closure 1 h £55: 21 h, £1,155.
 * j-3 screening 1 h £55; closure 1 h £55: 2 h, £110.
 * j-4 screening at CART 1 h £55; to MASH 2 h £110; to Early Help South 2 h £80; early help
 *     assessment 8 h £320; closure 1 h £40: 14 h, £605.
 * Today 62 h, £3,200. One front door drops the MASH → CART, CART → MASH and MASH → CART handovers:
 * 3 handovers, 6 h and £330 saved.
 */
describe('the cost of a scenario', () => {
  it('given the four fixture journeys, when MASH and CART are one front door, then 3 handovers, 6 hours and £330 are saved', () => {
    const { cost } = compareJourneys(fixtureJourneys(), oneFrontDoor, settings);
    expect(cost).toEqual({ today: { hours: 62, cost: 3200 }, scenario: { hours: 56, cost: 2870 }, saved: { hours: 6, cost: 330, handovers: 3 } });
  });

  it('prices the work with the council’s own cost model when it has one', () => {
    const own = parseTenantConfig({ ...northShireConfig, costModel: { hours: { handover: { default: 3 } } } }).costModel;
    const { cost } = compareJourneys(fixtureJourneys(), oneFrontDoor, { ...settings, costModel: own });
    expect(cost.saved).toEqual({ hours: 9, cost: 495, handovers: 3 });
  });
});
