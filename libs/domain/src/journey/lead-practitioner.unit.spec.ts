import { givenJourney } from '../testing/decider-specification';
import { northShire, recorded } from '../testing/fixtures';
import type { JourneyCommand } from './commands';
import type { JourneyEvent } from './events';
import { foldJourney } from './evolve';
import { practitionerMeasures } from './practitioner-measures';
import { leadPractitioner } from './state';

const ctx = { teams: northShire, now: '2026-03-31T12:00:00.000Z' };
const at = '2026-03-10T10:00:00.000Z';

const contact = recorded<JourneyEvent>(
  'ContactReceived',
  { contactId: 'c-1', childRef: 'child-1', source: '2A', channel: 'phone', team: 'mash', concerns: [], levelOfNeed: '3' },
  '2026-03-02T09:00:00.000Z',
  'e-contact',
);
const toAssessment = recorded<JourneyEvent>(
  'CaseHandedOver',
  { fromTeam: 'mash', toTeam: 'assessment-north', reason: 'for-assessment' },
  '2026-03-03T09:00:00.000Z',
  'e-handover',
);
const allocatedW1 = recorded<JourneyEvent>(
  'PractitionerAllocated',
  { practitionerRef: 'w-101', team: 'assessment-north', role: 'social-worker', reason: 'first-allocation' },
  '2026-03-04T09:00:00.000Z',
  'e-alloc-1',
);
const allocate = (practitionerRef: string, team: string, role = 'social-worker', reason = 'caseload'): JourneyCommand =>
  ({ type: 'AllocatePractitioner', data: { practitionerRef, team, role, reason, occurredAt: at } }) as JourneyCommand;

describe('the lead practitioner of a journey', () => {
  describe('allocating a practitioner', () => {
    it('records the first allocation, which is not a change of lead practitioner', () => {
      const events = givenJourney([contact, toAssessment], ctx)
        .when(allocate('w-101', 'assessment-north', 'social-worker', 'first-allocation'))
        .then([
          {
            type: 'PractitionerAllocated',
            version: 1,
            data: { practitionerRef: 'w-101', team: 'assessment-north', role: 'social-worker', reason: 'first-allocation' },
          },
        ]);
      const s = foldJourney([contact, toAssessment, ...events]);
      expect(leadPractitioner(s)?.practitionerRef).toBe('w-101');
      expect(s.practitionerChanges).toBe(0);
    });

    it('replaces the lead practitioner with another one in the same team: one change, no handover of team', () => {
      const events = givenJourney([contact, toAssessment, allocatedW1], ctx)
        .when(allocate('w-202', 'assessment-north', 'social-worker', 'practitioner-left'))
        .then([
          {
            type: 'PractitionerAllocated',
            version: 1,
            data: { practitionerRef: 'w-202', team: 'assessment-north', role: 'social-worker', reason: 'practitioner-left' },
          },
        ]);
      const s = foldJourney([contact, toAssessment, allocatedW1, ...events]);
      expect(s.practitionerChanges).toBe(1);
      expect(s.handovers).toBe(1);
      expect(s.practitioners.map((p) => [p.practitionerRef, p.to])).toEqual([
        ['w-101', at],
        ['w-202', undefined],
      ]);
    });

    it('keeps the same practitioner through a step-down to early help: a handover of team, not a change of practitioner', () => {
      const down = recorded<JourneyEvent>(
        'SteppedDown',
        { fromTeam: 'assessment-north', toTeam: 'early-help-north', reason: 'early-help' },
        '2026-03-05T09:00:00Z',
      );
      const events = givenJourney([contact, toAssessment, allocatedW1, down], ctx)
        .when(allocate('w-101', 'early-help-north', 'early-help-practitioner', 'step-down'))
        .then([
          {
            type: 'PractitionerAllocated',
            version: 1,
            data: { practitionerRef: 'w-101', team: 'early-help-north', role: 'early-help-practitioner', reason: 'step-down' },
          },
        ]);
      const s = foldJourney([contact, toAssessment, allocatedW1, down, ...events]);
      expect(s.practitionerChanges).toBe(0);
      expect(s.handovers).toBe(2);
    });

    it('takes a practitioner from any team of the map, not only the holder (a partner lead practitioner)', () => {
      givenJourney([contact, toAssessment], ctx)
        .when(allocate('school-17', 'school-nursing', 'partner-lead-practitioner', 'specialism'))
        .then([
          {
            type: 'PractitionerAllocated',
            version: 1,
            data: { practitionerRef: 'school-17', team: 'school-nursing', role: 'partner-lead-practitioner', reason: 'specialism' },
          },
        ]);
    });

    it('refuses an unknown practitioner role', () => {
      givenJourney([contact], ctx)
        .when(allocate('w-1', 'mash', 'key-person'))
        .thenRefuses('InvalidCommand', 'role');
    });

    it('refuses a reference that looks like a name', () => {
      givenJourney([contact], ctx).when(allocate('Jane Smith', 'mash')).thenRefuses('InvalidCommand', 'practitionerRef');
    });

    it('refuses a free-text reason', () => {
      givenJourney([contact], ctx)
        .when(allocate('w-1', 'mash', 'social-worker', 'she was off sick'))
        .thenRefuses('InvalidCommand', 'reason');
    });

    it('refuses a team that is not in the team map', () => {
      givenJourney([contact], ctx).when(allocate('w-1', 'nowhere')).thenRefuses('UnknownTeam', 'team');
    });

    it('refuses to allocate the lead practitioner again in the same team and role', () => {
      givenJourney([contact, toAssessment, allocatedW1], ctx)
        .when(allocate('w-101', 'assessment-north'))
        .thenRefuses('PractitionerAlreadyAllocated', 'practitionerRef');
    });

    it('refuses an allocation on a closed journey', () => {
      const closed = recorded<JourneyEvent>('JourneyClosed', { reason: 'RC8', team: 'mash' }, '2026-03-05T09:00:00Z');
      givenJourney([contact, closed], ctx).when(allocate('w-1', 'mash')).thenRefuses('JourneyClosed');
    });

    it('refuses an allocation before the journey has started', () => {
      givenJourney([], ctx).when(allocate('w-1', 'mash')).thenRefuses('JourneyNotFound');
    });
  });

  describe('unallocating', () => {
    it('leaves the journey without a lead practitioner; the next allocation of someone else is a change', () => {
      const events = givenJourney([contact, toAssessment, allocatedW1], ctx)
        .when({ type: 'UnallocatePractitioner', data: { reason: 'practitioner-absence', occurredAt: at } })
        .then([{ type: 'PractitionerUnallocated', version: 1, data: { practitionerRef: 'w-101', reason: 'practitioner-absence' } }]);
      const gap = foldJourney([contact, toAssessment, allocatedW1, ...events]);
      expect(leadPractitioner(gap)).toBeUndefined();
      const back = recorded<JourneyEvent>(
        'PractitionerAllocated',
        { practitionerRef: 'w-101', team: 'assessment-north', role: 'social-worker', reason: 'other' },
        '2026-03-11T09:00:00Z',
      );
      expect(foldJourney([contact, toAssessment, allocatedW1, ...events, back]).practitionerChanges).toBe(0);
      const other = recorded<JourneyEvent>(
        'PractitionerAllocated',
        { practitionerRef: 'w-303', team: 'assessment-north', role: 'social-worker', reason: 'other' },
        '2026-03-11T09:00:00Z',
      );
      expect(foldJourney([contact, toAssessment, allocatedW1, ...events, other]).practitionerChanges).toBe(1);
    });

    it('refuses when nobody is allocated', () => {
      givenJourney([contact], ctx)
        .when({ type: 'UnallocatePractitioner', data: { reason: 'other', occurredAt: at } })
        .thenRefuses('NoPractitionerAllocated');
    });

    it('refuses to unallocate someone who is not the lead practitioner', () => {
      givenJourney([contact, toAssessment, allocatedW1], ctx)
        .when({ type: 'UnallocatePractitioner', data: { practitionerRef: 'w-999', reason: 'other', occurredAt: at } })
        .thenRefuses('NoPractitionerAllocated', 'practitionerRef');
    });
  });

  it('ends the lead practitioner’s spell when the journey closes', () => {
    const closed = recorded<JourneyEvent>('JourneyClosed', { reason: 'RC8', team: 'assessment-north' }, '2026-03-20T09:00:00.000Z');
    const s = foldJourney([contact, toAssessment, allocatedW1, closed]);
    expect(s.practitioners).toEqual([
      { practitionerRef: 'w-101', team: 'assessment-north', role: 'social-worker', from: '2026-03-04T09:00:00.000Z', to: '2026-03-20T09:00:00.000Z' },
    ]);
  });

  it('forgets a withdrawn allocation, as if it had never been recorded', () => {
    const withdrawn = recorded<JourneyEvent>(
      'EntryRecordedInError',
      { withdrawnEventId: 'e-alloc-1', withdrawnType: 'PractitionerAllocated', reason: 'wrong-journey' },
      '2026-03-05T09:00:00Z',
    );
    const s = foldJourney([contact, toAssessment, allocatedW1, withdrawn]);
    expect(s.practitioners).toEqual([]);
  });
});

describe('lead-practitioner measures of one journey', () => {
  const ev = (type: string, data: object, occurredAt: string) => recorded<JourneyEvent>(type as JourneyEvent['type'], data as never, occurredAt);
  const alloc = (ref: string, team: string, day: number) =>
    ev(
      'PractitionerAllocated',
      { practitionerRef: ref, team, role: 'social-worker', reason: 'other' },
      `2026-03-${String(day).padStart(2, '0')}T09:00:00.000Z`,
    );
  const move = (type: string, from: string, to: string, day: number) =>
    ev(type, { fromTeam: from, toTeam: to, reason: 'transfer' }, `2026-03-${String(day).padStart(2, '0')}T09:00:00.000Z`);

  it('splits handovers of team by whether the lead practitioner changed, and counts days unallocated', () => {
    // Day 2 contact at the MASH (no practitioner) → day 3 handover to assessment-north: made with
    // nobody allocated. Day 4 w-101 allocated. Day 10 step-down to early help; w-101 stays
    // (re-allocated in the new team on day 10): without a change. Day 15 step-up to the MASH;
    // day 16 w-202 allocated: with a change. Day 20 closed.
    // Unallocated: day 2 09:00 → day 4 09:00 = 2 days; w-101 from day 4 to day 16, w-202 to day 20.
    const s = foldJourney([
      ev(
        'ContactReceived',
        { contactId: 'c', childRef: 'child-9', source: '2A', channel: 'phone', team: 'mash', concerns: [], levelOfNeed: '3' },
        '2026-03-02T09:00:00.000Z',
      ),
      move('CaseHandedOver', 'mash', 'assessment-north', 3),
      alloc('w-101', 'assessment-north', 4),
      move('SteppedDown', 'assessment-north', 'early-help-north', 10),
      alloc('w-101', 'early-help-north', 10),
      move('SteppedUp', 'early-help-north', 'mash', 15),
      alloc('w-202', 'mash', 16),
      ev('JourneyClosed', { reason: 'RC8', team: 'mash' }, '2026-03-20T09:00:00.000Z'),
    ]);
    expect(practitionerMeasures(s)).toEqual({
      allocations: 3,
      changes: 1,
      practitioners: 2,
      daysUnallocated: 2,
      handovers: 3,
      handoversWithChange: 1,
      handoversWithoutChange: 1,
      handoversWithoutPractitioner: 1,
    });
  });

  it('has no days unallocated while the journey is open', () => {
    expect(practitionerMeasures(foldJourney([contact, toAssessment, allocatedW1])).daysUnallocated).toBeNull();
  });
});
