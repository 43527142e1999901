import { englandAndWalesCalendar, foldJourney } from '@journey-ledger/domain';
import { journeyAsOf } from '../as-of/as-of';
import { contact, handover, journeyLog } from '../testing/fixtures';
import { northShireContext } from '../testing/scenario-fixtures';
import { compareJourneys } from './compare';
import { parseScenario, ScenarioValidationError } from './scenario-document';
import { stepThrough } from '../step-through/step-through';
import { transformJourney } from './transform';

const settings = { calendar: englandAndWalesCalendar(), timeZone: 'Europe/London' };
const head = `format: journey-ledger/scenario@1\nid: one-practitioner\ntenant: north-shire\ntitle: One lead practitioner\n`;
const onePractitioner = parseScenario(`${head}leadPractitioner: one-per-journey\n`, northShireContext);
const byMeasure = (result: ReturnType<typeof compareJourneys>, m: string) => result.measures.find((x) => x.measure === m)!;
const alloc = (practitionerRef: string, team: string) => ({ practitionerRef, team, role: 'social-worker' as const, reason: 'other' as const });

/**
 * MASH (w-1) → assessment-north (w-2) → children-in-need (w-3), and w-4 in the same team after an
 * absence (w-3 unallocated): today 3 changes of lead practitioner, and both handovers of team are
 * with a change. With one lead practitioner per journey, w-1 moves with the case: 0 changes,
 * 2 handovers of team without a change, still 2 handovers of team.
 */
function journey() {
  return journeyLog('j-p')
    .add('ContactReceived', contact('mash', '3', '2A'), '2025-03-03T10:00:00.000Z')
    .add('PractitionerAllocated', alloc('w-1', 'mash'), '2025-03-03T11:00:00.000Z')
    .add('CaseHandedOver', handover('mash', 'assessment-north'), '2025-03-04T10:00:00.000Z')
    .add('PractitionerAllocated', alloc('w-2', 'assessment-north'), '2025-03-04T10:00:00.000Z')
    .add('CaseHandedOver', handover('assessment-north', 'children-in-need'), '2025-03-10T10:00:00.000Z')
    .add('PractitionerAllocated', alloc('w-3', 'children-in-need'), '2025-03-10T10:00:00.000Z')
    .add('PractitionerUnallocated', { practitionerRef: 'w-3', reason: 'practitioner-absence' }, '2025-03-12T10:00:00.000Z')
    .add('PractitionerAllocated', alloc('w-4', 'children-in-need'), '2025-03-13T10:00:00.000Z').events;
}

describe('a scenario that gives each journey one lead practitioner', () => {
  it('moves the first practitioner with the case and drops the gaps', () => {
    const redesigned = transformJourney(
      journeyAsOf(journey()).entries.map((e) => e.event),
      onePractitioner,
    );
    const state = foldJourney(redesigned.events);
    expect(state.practitioners.map((p) => `${p.practitionerRef}@${p.team}`)).toEqual(['w-1@mash', 'w-1@assessment-north', 'w-1@children-in-need']);
    expect(state.practitionerChanges).toBe(0);
    expect(state.handovers).toBe(2);
  });

  it('shows the change in practitioner changes beside the handovers', () => {
    const result = compareJourneys([journey()], onePractitioner, settings);
    expect(byMeasure(result, 'practitionerChanges')).toMatchObject({ today: { total: 3 }, scenario: { total: 0 }, difference: { total: -3, percent: -100 } });
    expect(byMeasure(result, 'handoversWithChangeOfPractitioner')).toMatchObject({ today: { total: 2 }, scenario: { total: 0 } });
    expect(byMeasure(result, 'handovers')).toMatchObject({ today: { total: 2 }, scenario: { total: 2 } });
  });

  it('refuses an unknown rule, naming the field', () => {
    expect(() => parseScenario(`${head}leadPractitioner: one-per-family-tree\n`, northShireContext)).toThrow(ScenarioValidationError);
    try {
      parseScenario(`${head}leadPractitioner: one-per-family-tree\n`, northShireContext);
    } catch (e) {
      expect((e as ScenarioValidationError).problems.map((p) => p.field)).toContain('leadPractitioner');
    }
  });

  it('still needs a change when no rule is given', () => {
    expect(() => parseScenario(head, northShireContext)).toThrow(/at least one change/);
  });
});

describe('step-through of a journey with lead practitioners', () => {
  it('shows the lead practitioner and the changes so far at every step', () => {
    const replay = stepThrough(journey(), settings);
    expect(replay.steps.map((s) => [s.event.type, s.leadPractitioner?.practitionerRef, s.practitionerChanges])).toEqual([
      ['ContactReceived', undefined, 0],
      ['PractitionerAllocated', 'w-1', 0],
      ['CaseHandedOver', 'w-1', 0],
      ['PractitionerAllocated', 'w-2', 1],
      ['CaseHandedOver', 'w-2', 1],
      ['PractitionerAllocated', 'w-3', 2],
      ['PractitionerUnallocated', undefined, 2],
      ['PractitionerAllocated', 'w-4', 3],
    ]);
    expect(replay.practitionerChanges).toBe(3);
    expect(replay.practitioners.map((p) => [p.practitionerRef, p.to])).toEqual([
      ['w-1', '2025-03-04T10:00:00.000Z'],
      ['w-2', '2025-03-10T10:00:00.000Z'],
      ['w-3', '2025-03-12T10:00:00.000Z'],
      ['w-4', undefined],
    ]);
  });
});
