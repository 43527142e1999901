import { englandAndWalesCalendar } from '@journey-ledger/domain';
import { compareJourneys, parseScenario } from '@journey-ledger/replay';
import { familyJourneys, northShireContext, ONE_LEAD_PRACTITIONER_PER_FAMILY } from '@journey-ledger/replay/testing';
import { formatScenarioRun } from './scenario.command';

const settings = { calendar: englandAndWalesCalendar(), timeZone: 'Europe/London' };
const run = (journeys: ReturnType<typeof familyJourneys>) => ({
  ...compareJourneys(journeys, parseScenario(ONE_LEAD_PRACTITIONER_PER_FAMILY, northShireContext), settings),
  scenarioId: 'one-per-family',
  tenantId: 'north-shire',
  throughPosition: 0,
  eventsRead: 0,
  reopened: 0,
  peakOpenJourneys: 0,
});

describe('scenario run, as the CLI prints it', () => {
  it('given journeys in families, then a per-family table follows the per-journey one', () => {
    const text = formatScenarioRun(run(familyJourneys()), 1);
    const lines = text.split('\n');
    const from = lines.findIndex((l) => l.startsWith('per family, over 2 families (4 of the journeys belong to a family)'));
    expect(from).toBeGreaterThan(lines.findIndex((l) => l.startsWith('practitionerChanges\t')));
    // practitionersMet: total 9 today, 5 under the rule, difference −4.
    expect(lines[from + 1].split('\t')).toEqual(['practitionersMet', '4.5', '2.5', '4.5', '2.5', '6.5', '2.9', '9', '5', '-4', '-44.444']);
    expect(text).toContain('families meeting fewer lead practitioners: 1, the same: 1, more: 0');
  });

  it('given no journey in a family, then no per-family table is printed', () => {
    const alone = familyJourneys().slice(4);
    expect(formatScenarioRun(run(alone), 1)).not.toContain('per family');
  });
});
