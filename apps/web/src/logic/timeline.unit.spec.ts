import { COLUMN_WIDTH, isOutOfHours, layoutTimeline, LANE_HEIGHT, type ReplaySpell, type ReplayStep } from './timeline';

const office = { hours: { days: [1, 2, 3, 4, 5], opens: '09:00', closes: '17:00' }, timeZone: 'Europe/London' };
const step = (n: number, type: string, at: string, holder: string, handover?: { from: string; to: string }): ReplayStep => ({
  step: n,
  event: { eventId: `e${n}`, type, occurredAt: at, recordedAt: at, data: {} },
  holder,
  handover,
});
const spell = (team: string, since: string, until: string | null, workingDays: number): ReplaySpell => ({
  team,
  since,
  until,
  open: until === null,
  workingDays,
  hours: workingDays * 24,
});

describe('swim-lane timeline layout', () => {
  // Customer access → MASH → assessment, then back to MASH (a revisit keeps MASH's lane).
  const steps = [
    step(1, 'ContactReceived', '2025-03-03T10:00:00Z', 'customer-access'),
    step(2, 'CaseHandedOver', '2025-03-03T11:00:00Z', 'mash', { from: 'customer-access', to: 'mash' }),
    step(3, 'ContactDecided', '2025-03-04T10:00:00Z', 'mash'),
    step(4, 'CaseHandedOver', '2025-03-08T10:00:00Z', 'assessment-north', { from: 'mash', to: 'assessment-north' }),
    step(5, 'CaseHandedOver', '2025-03-20T10:00:00Z', 'mash', { from: 'assessment-north', to: 'mash' }),
  ];
  const spells = [
    spell('customer-access', steps[0].event.occurredAt, steps[1].event.occurredAt, 0),
    spell('mash', steps[1].event.occurredAt, steps[3].event.occurredAt, 3),
    spell('assessment-north', steps[3].event.occurredAt, steps[4].event.occurredAt, 9),
    spell('mash', steps[4].event.occurredAt, null, 2),
  ];
  const l = layoutTimeline(steps, spells, office);

  it('gives one lane per team, in the order the journey reached them, a revisited team keeping its lane', () => {
    expect(l.lanes.map((x) => x.team)).toEqual(['customer-access', 'mash', 'assessment-north']);
    expect(l.height).toBe(3 * LANE_HEIGHT);
  });

  it('draws each handover from the sending team’s lane to the receiving team’s, at its event’s column', () => {
    const lane = (team: string) => l.lanes.find((x) => x.team === team)?.y;
    expect(l.handoffs.map((h) => [h.step, h.y1 === lane(h.from), h.y2 === lane(h.to)])).toEqual([
      [2, true, true],
      [4, true, true],
      [5, true, true],
    ]);
    expect(l.handoffs[1].x - l.handoffs[0].x).toBe(2 * COLUMN_WIDTH);
  });

  it('spans each spell from the handover that started it to the next, labelled with its wait', () => {
    expect(l.bars.map((b) => [b.team, (b.width / COLUMN_WIDTH).toFixed(0), b.label])).toEqual([
      ['customer-access', '1', 'under an hour'],
      ['mash', '2', '3 working days'],
      ['assessment-north', '1', '9 working days'],
      ['mash', '0', '2 working days'],
    ]);
    expect(l.bars[3].open).toBe(true);
  });

  it('marks events out of office hours in the council’s time zone: a Saturday, an evening (BST), never a weekday morning', () => {
    expect(l.events.find((e) => e.step === 4)?.outOfHours).toBe(true); // Saturday 8 March
    expect(l.events.find((e) => e.step === 1)?.outOfHours).toBe(false);
    expect(isOutOfHours('2025-06-10T16:30:00Z', office.hours, office.timeZone)).toBe(true); // 17:30 in London
    expect(isOutOfHours('2025-06-10T15:30:00Z', office.hours, office.timeZone)).toBe(false);
  });
});
