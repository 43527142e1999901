import { englandAndWalesCalendar, foldJourney } from '@journey-ledger/domain';
import type { JourneyEvent } from '@journey-ledger/domain';
import { contact, handover, journeyLog } from '../testing/fixtures';
import { familyJourneys, northShireContext, ONE_LEAD_PRACTITIONER_PER_FAMILY } from '../testing/scenario-fixtures';
import { compareFamily, compareJourneys } from './compare';
import { shareFamilyLeadPractitioner } from './family-lead-practitioner';
import { parseScenario } from './scenario-document';
import { transformJourney } from './transform';

const settings = { calendar: englandAndWalesCalendar(), timeZone: 'Europe/London' };
const onePerFamily = parseScenario(ONE_LEAD_PRACTITIONER_PER_FAMILY, northShireContext);
const leads = (events: readonly JourneyEvent[]) => foldJourney(events).practitioners.map((p) => `${p.practitionerRef}@${p.team}`);

/** The family step on its own, over the fixture journeys as the team changes left them. */
function shared() {
  const journeys = familyJourneys().map((events) => ({
    events: transformJourney(events, onePerFamily).events,
    families: foldJourney(events).families,
  }));
  return shareFamilyLeadPractitioner(journeys, onePerFamily.redesign);
}

describe('one lead practitioner per family (pure family step)', () => {
  it('given siblings at the front door, when the second is allocated, then the family’s front-door practitioner takes it', () => {
    const [ja, jb] = shared();
    expect(leads(ja)).toEqual(['w-1@mash', 'w-2@assessment-north']);
    // w-3 at mash → w-1; w-4 in children-in-need (statutory, like assessment-north) → w-2.
    expect(leads(jb)).toEqual(['w-1@mash', 'w-2@children-in-need']);
  });

  it('given an absence and a cover in the same team, then the gap and the second allocation disappear', () => {
    const jb = shared()[1];
    expect(jb.filter((e) => e.type === 'PractitionerUnallocated')).toEqual([]);
    expect(jb.filter((e) => e.type === 'PractitionerAllocated')).toHaveLength(2);
    expect(foldJourney(jb).practitionerChanges).toBe(1);
  });

  it('given a re-referral that steps down to early help, then the front-door worker carries over and early help is a real change', () => {
    expect(leads(shared()[2])).toEqual(['w-1@mash', 'w-7@early-help-north']);
  });

  it('given another family, then its practitioners are its own', () => {
    expect(leads(shared()[3])).toEqual(['w-8@mash', 'w-9@assessment-south']);
  });

  it('given a journey in no family, then it is a family of its own: one worker while it stays in one tier', () => {
    // mash and cart are both front door.
    expect(leads(shared()[4])).toEqual(['w-10@mash', 'w-10@cart']);
  });

  it('given a membership recorded after the work began, then the allocations before it still count for that family', () => {
    // j-b's w-3 was allocated two days before its membership of f-1 was recorded, after j-a's w-1.
    expect(leads(shared()[1])[0]).toBe('w-1@mash');
  });

  it('given the family’s journeys in any order, then the first allocation in time decides', () => {
    const journeys = familyJourneys().map((events) => ({
      events: transformJourney(events, onePerFamily).events,
      families: foldJourney(events).families,
    }));
    const reversed = shareFamilyLeadPractitioner([...journeys].reverse(), onePerFamily.redesign).reverse();
    expect(reversed.map(leads)).toEqual(shared().map(leads));
  });

  it('given a step-down in which today the same practitioner carried on, then the family’s practitioner carries on too', () => {
    const alloc = (practitionerRef: string, team: string) => ({ practitionerRef, team, role: 'social-worker' as const, reason: 'other' as const });
    // A sibling is already in early help with w-e; child C goes assessment-north (w-s) → early-help-north and w-s carries on.
    const sibling = journeyLog('j-s')
      .add('ContactReceived', contact('early-help-north'), '2025-03-01T10:00:00.000Z')
      .add('FamilyMembershipStarted', { familyRef: 'f-9' }, '2025-03-01T10:00:00.000Z')
      .add('PractitionerAllocated', alloc('w-e', 'early-help-north'), '2025-03-01T11:00:00.000Z').events;
    const child = journeyLog('j-c9')
      .add('ContactReceived', contact('assessment-north'), '2025-03-02T10:00:00.000Z')
      .add('FamilyMembershipStarted', { familyRef: 'f-9' }, '2025-03-02T10:00:00.000Z')
      .add('PractitionerAllocated', alloc('w-s', 'assessment-north'), '2025-03-02T11:00:00.000Z')
      .add('SteppedDown', handover('assessment-north', 'early-help-north'), '2025-03-05T10:00:00.000Z')
      .add('PractitionerAllocated', alloc('w-s', 'early-help-north'), '2025-03-05T10:00:00.000Z').events;
    const [, c] = shareFamilyLeadPractitioner(
      [sibling, child].map((events) => ({ events: transformJourney(events, onePerFamily).events, families: foldJourney(events).families })),
      onePerFamily.redesign,
    );
    // Not w-e, the family's early-help practitioner: that would be a change today's record does not have.
    expect(leads(c)).toEqual(['w-s@assessment-north', 'w-s@early-help-north']);
    expect(foldJourney(c).practitionerChanges).toBe(0);
  });

  it('given an open journey whose last entry was an unallocation, then its waits are measured to that entry as today', () => {
    const alloc = (practitionerRef: string) => ({ practitionerRef, team: 'children-in-need', role: 'social-worker' as const, reason: 'other' as const });
    const open = journeyLog('j-open')
      .add('ContactReceived', contact('children-in-need'), '2025-03-03T10:00:00.000Z')
      .add('PractitionerAllocated', alloc('w-1'), '2025-03-03T11:00:00.000Z')
      .add('PractitionerUnallocated', { practitionerRef: 'w-1', reason: 'practitioner-left' }, '2025-03-17T10:00:00.000Z').events;
    const [compared] = compareFamily([open], onePerFamily, settings);
    expect(compared.scenario.longestWaitWorkingDays).toBe(compared.today.longestWaitWorkingDays);
    expect(compared.today.longestWaitWorkingDays).toBe(10);
  });

  it('given a merge into a Family Help team in the same scenario, then the merged teams are one tier and share the family’s worker', () => {
    const merged = parseScenario(
      `${ONE_LEAD_PRACTITIONER_PER_FAMILY}newTeams:\n  - { id: family-help-north, name: Family Help North, tier: family-help, area: North }\nchanges:\n  - merge: [children-in-need, early-help-north]\n    into: family-help-north\n`,
      northShireContext,
    );
    const journeys = familyJourneys().map((events) => ({ events: transformJourney(events, merged).events, families: foldJourney(events).families }));
    const [, jb, jc] = shareFamilyLeadPractitioner(journeys, merged.redesign);
    // j-b's w-4 is the family's first Family Help worker; the re-referred child's early help is now Family Help: w-4 again.
    expect(leads(jb)).toEqual(['w-1@mash', 'w-4@family-help-north']);
    expect(leads(jc)).toEqual(['w-1@mash', 'w-4@family-help-north']);
  });

  it('leaves every entry other than the practitioner entries as it was', () => {
    const before = familyJourneys().map((j) => j.filter((e) => !e.type.startsWith('Practitioner')).map((e) => e.metadata.eventId));
    expect(shared().map((j) => j.filter((e) => !e.type.startsWith('Practitioner')).map((e) => e.metadata.eventId))).toEqual(before);
  });
});

describe('a scenario that gives each family one lead practitioner', () => {
  const result = compareJourneys(familyJourneys(), onePerFamily, settings);
  const journeyMeasure = (m: string) => result.measures.find((x) => x.measure === m)!;
  const familyMeasure = (m: string) => result.families.measures.find((x) => x.measure === m)!;

  it('shows the change in practitioner changes per journey beside the handovers', () => {
    // Today 1 + 2 + 1 + 1 + 1 = 6; under the rule j-b has 1 and j-e none: 4.
    expect(journeyMeasure('practitionerChanges')).toMatchObject({ today: { total: 6 }, scenario: { total: 4 }, difference: { total: -2 } });
    expect(journeyMeasure('handovers')).toMatchObject({ today: { total: 5 }, scenario: { total: 5 }, difference: { total: 0 } });
  });

  it('shows the practitioners each family met, today and under the rule', () => {
    expect(result.families).toMatchObject({ families: 2, memberJourneys: 4 });
    // f-1: 7 → 3; f-2: 2 → 2.
    expect(familyMeasure('practitionersMet')).toMatchObject({
      today: { total: 9, mean: 4.5, distribution: { '2': 1, '5+': 1 } },
      scenario: { total: 5, mean: 2.5, distribution: { '2': 1, '3': 1 } },
      difference: { total: -4 },
    });
    expect(familyMeasure('teamsMet')).toMatchObject({ today: { total: 6 }, scenario: { total: 6 } });
    // f-1: 1 + 2 + 1 today, 1 + 1 + 1 under the rule; f-2: 1.
    expect(familyMeasure('practitionerChanges')).toMatchObject({ today: { total: 5 }, scenario: { total: 4 } });
    expect(familyMeasure('handovers')).toMatchObject({ today: { total: 4 }, scenario: { total: 4 } });
    expect(result.families.familiesWith).toEqual({ fewerPractitioners: 1, samePractitioners: 1, morePractitioners: 0 });
  });

  it('gives the same answer whether a family’s journeys are compared together or as the runner holds them', () => {
    const together = compareFamily(familyJourneys(), onePerFamily, settings);
    expect(together.map((c) => c.scenario.practitionerChanges)).toEqual([1, 1, 1, 1, 0]);
    expect(together.map((c) => c.met.scenario.practitioners)).toEqual([['w-1', 'w-2'], ['w-1', 'w-2'], ['w-1', 'w-7'], ['w-8', 'w-9'], ['w-10']]);
  });

  it('under a per-journey rule, siblings keep their own workers', () => {
    const perJourney = parseScenario(
      ONE_LEAD_PRACTITIONER_PER_FAMILY.replace('leadPractitioner: one-per-family', 'leadPractitioner: one-per-journey'),
      northShireContext,
    );
    const f = compareJourneys(familyJourneys(), perJourney, settings).families.measures.find((x) => x.measure === 'practitionersMet')!;
    // f-1: w-1, w-3, w-6 (each journey's first); f-2: w-8.
    expect(f.scenario.total).toBe(4);
  });
});
