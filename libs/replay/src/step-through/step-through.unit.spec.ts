import { englandAndWalesCalendar } from '@journey-ledger/domain';
import { fixtureJourney } from '../testing/fixtures';
import { stepThrough } from './step-through';

const calendar = englandAndWalesCalendar();
const timeZone = 'Europe/London';

describe('step-through replay of one journey', () => {
  describe('given the fixture journey (contact on a Friday, three front-door teams, assessment, step-down)', () => {
    const replay = stepThrough(fixtureJourney(), { calendar, timeZone });

    it('then there is one step per event, in business order, with the event that caused it', () => {
      expect(replay.steps.map((s) => [s.step, s.event.type, s.event.revision])).toEqual([
        [1, 'ContactReceived', 0],
        [2, 'ContactDecided', 1],
        [3, 'CaseHandedOver', 2],
        [4, 'CaseHandedOver', 3],
        [5, 'ReferralAccepted', 4],
        [6, 'CaseHandedOver', 5],
        [7, 'AssessmentStarted', 6],
        [8, 'AssessmentCompleted', 7],
        [9, 'SteppedDown', 8],
        [10, 'PlanStarted', 9],
        [11, 'PlanEnded', 10],
        [12, 'JourneyClosed', 11],
      ]);
    });

    it('then each step shows the holder, the handovers so far (before help too) and the teams touched', () => {
      expect(
        replay.steps.map((s) => [s.holder, s.handovers, s.handoversBeforeHelp, s.teamsTouched.length, s.handover && `${s.handover.from}>${s.handover.to}`]),
      ).toEqual([
        ['customer-access', 0, 0, 1, undefined],
        ['customer-access', 0, 0, 1, undefined],
        ['mash', 1, 1, 2, 'customer-access>mash'],
        ['cart', 2, 2, 3, 'mash>cart'],
        ['cart', 2, 2, 3, undefined],
        ['assessment-north', 3, 3, 4, 'cart>assessment-north'],
        ['assessment-north', 3, 3, 4, undefined],
        ['assessment-north', 3, 3, 4, undefined],
        ['early-help-north', 4, 3, 5, 'assessment-north>early-help-north'],
        ['early-help-north', 4, 3, 5, undefined],
        ['early-help-north', 4, 3, 5, undefined],
        ['early-help-north', 4, 3, 5, undefined],
      ]);
      expect(replay.steps[11].status).toBe('closed');
    });

    it('then the open assessment is shown while it is open', () => {
      expect(replay.steps.map((s) => s.openAssessment?.assessmentId)).toEqual([
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        'a-1',
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
      ]);
    });

    it('then the wait with the current holder is in working days (weekends, Easter and May bank holidays excluded) and in hours', () => {
      expect(replay.steps.map((s) => [s.waitingWithHolder?.team, s.waitingWithHolder?.workingDays, s.waitingWithHolder?.hours])).toEqual([
        ['customer-access', 0, 0],
        ['customer-access', 1, 66], // Friday 16:00 → Monday 10:00
        ['mash', 0, 0],
        ['cart', 0, 0],
        ['cart', 1, 24],
        ['assessment-north', 0, 0],
        ['assessment-north', 1, 24],
        ['assessment-north', 25, 841], // 13 March → 17 April: five working weeks; the clocks went forward
        ['early-help-north', 0, 0],
        ['early-help-north', 1, 24],
        ['early-help-north', 47, 1656], // 22 April → 30 June, less 5 and 26 May
        ['early-help-north', 47, 1656],
      ]);
    });

    it('then the spells summarise how long the family waited at each team', () => {
      expect(replay.spells.map((s) => [s.team, s.workingDays, s.hours, s.open])).toEqual([
        ['customer-access', 1, 67, false],
        ['mash', 1, 22, false],
        ['cart', 2, 48, false],
        ['assessment-north', 26, 961, false], // Good Friday and Easter Monday fall in this spell
        ['early-help-north', 47, 1656, false],
      ]);
      expect([replay.handovers, replay.handoversBeforeHelp, replay.teamsTouched.length]).toEqual([4, 3, 5]);
    });
  });

  describe('given events recorded out of business order (a back-dated entry)', () => {
    const events = fixtureJourney();
    const shuffled = [events[0], events[2], events[1], ...events.slice(3)];

    it('when replayed in business order, then the steps follow occurredAt, not the revision', () => {
      const replay = stepThrough(shuffled, { calendar, timeZone });
      expect(replay.steps.slice(0, 3).map((s) => [s.event.type, s.event.revision])).toEqual([
        ['ContactReceived', 0],
        ['ContactDecided', 2],
        ['CaseHandedOver', 1],
      ]);
    });

    it('when replayed in recording order, then the steps follow the revision', () => {
      const replay = stepThrough(shuffled, { calendar, timeZone, order: 'recording' });
      expect(replay.steps.slice(0, 3).map((s) => [s.event.type, s.event.revision])).toEqual([
        ['ContactReceived', 0],
        ['CaseHandedOver', 1],
        ['ContactDecided', 2],
      ]);
    });
  });

  describe('given an open journey', () => {
    it('when replayed with an injected clock, then the last spell is open and runs to now', () => {
      const replay = stepThrough(fixtureJourney().slice(0, 4), { calendar, timeZone, now: '2025-03-12T09:00:00.000Z' });
      expect(replay.status).toBe('open');
      expect(replay.spells[replay.spells.length - 1]).toMatchObject({ team: 'cart', open: true, workingDays: 1, hours: 24 });
    });
  });
});
