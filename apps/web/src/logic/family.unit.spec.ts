import { familyAt, familyScale, familySteps, type FamilyTimeline } from './family';

const day = (d: number, hour = 9) => new Date(Date.UTC(2026, 0, 5 + d, hour)).toISOString();

/**
 * Two siblings and the first child again (as the families read model's hand-worked fixture):
 * J1 child-1: MASH day 0, w-1 day 1, assessment-north day 2, closed day 10.
 * J2 child-2: MASH day 3, early-help-north day 4 with w-2, closed day 12.
 * J3 child-1 again: MASH day 20 with w-1, closed day 25.
 */
const timeline: FamilyTimeline = {
  familyRef: 'fam-a',
  journeys: [
    {
      journeyId: 'j1',
      childRef: 'child-1',
      member: { from: day(0), to: null },
      startedAt: day(0),
      closedAt: day(10),
      teams: [
        { team: 'mash', from: day(0), to: day(2) },
        { team: 'assessment-north', from: day(2), to: day(10) },
      ],
      practitioners: [{ practitionerRef: 'w-1', from: day(1), to: day(10) }],
    },
    {
      journeyId: 'j2',
      childRef: 'child-2',
      member: { from: day(3), to: null },
      startedAt: day(3),
      closedAt: day(12),
      teams: [
        { team: 'mash', from: day(3), to: day(4) },
        { team: 'early-help-north', from: day(4), to: day(12) },
      ],
      practitioners: [{ practitionerRef: 'w-2', from: day(4), to: day(12) }],
    },
    {
      journeyId: 'j3',
      childRef: 'child-1',
      member: { from: day(20), to: null },
      startedAt: day(20),
      closedAt: day(25),
      teams: [{ team: 'mash', from: day(20), to: day(25) }],
      practitioners: [{ practitionerRef: 'w-1', from: day(20), to: day(25) }],
    },
  ],
};

describe('a family’s journeys side by side', () => {
  it('given three journeys, the steps run in time order across them, a journey starting before its child joins and its team before its worker', () => {
    const steps = familySteps(timeline);
    expect(steps.slice(0, 6).map((s) => [s.step, s.journey, s.kind, s.ref])).toEqual([
      [1, 0, 'started', undefined],
      [2, 0, 'joined', undefined],
      [3, 0, 'team', 'mash'],
      [4, 0, 'practitioner', 'w-1'],
      [5, 0, 'team', 'assessment-north'],
      [6, 1, 'started', undefined],
    ]);
    expect(steps).toHaveLength(6 + 6 + 5);
    expect(steps[steps.length - 1]).toMatchObject({ journey: 2, kind: 'closed', at: day(25) });
  });

  it('when the siblings are both open, then two journeys are open at once and each shows its own team and worker', () => {
    const at = familyAt(timeline, day(5));
    expect(at.journeys.map((j) => [j.journeyId, j.open, j.team, j.practitioner])).toEqual([
      ['j1', true, 'assessment-north', 'w-1'],
      ['j2', true, 'early-help-north', 'w-2'],
      ['j3', false, undefined, undefined],
    ]);
    expect([at.openNow, at.mostAtOnce]).toEqual([2, 2]);
    expect(at.teamsMet).toEqual(['mash', 'assessment-north', 'early-help-north']);
    expect(at.practitionersMet).toEqual(['w-1', 'w-2']);
  });

  it('before the second child, only the first journey counts; at the end the family met 3 teams and 2 workers, at most 2 journeys at once', () => {
    const early = familyAt(timeline, day(1, 12));
    expect([early.openNow, early.mostAtOnce, early.teamsMet, early.practitionersMet]).toEqual([1, 1, ['mash'], ['w-1']]);
    const end = familyAt(timeline, day(30));
    // The re-referred child meets w-1 again: a worker counts once.
    expect([end.openNow, end.mostAtOnce, end.teamsMet.length, end.practitionersMet]).toEqual([0, 2, 3, ['w-1', 'w-2']]);
  });

  it('a child who left the family takes their journey out of it from then', () => {
    const left: FamilyTimeline = { ...timeline, journeys: [{ ...timeline.journeys[1], member: { from: day(3), to: day(5) } }] };
    expect(familyAt(left, day(4, 12)).openNow).toBe(1);
    expect(familyAt(left, day(6)).openNow).toBe(0);
  });

  it('places dates on a lane from the first to a day past the last', () => {
    const scale = familyScale(timeline, 1000);
    expect(scale.x(day(0))).toBe(0);
    expect(scale.x(null)).toBe(1000);
    expect(scale.x(day(13))).toBe(500);
  });
});
