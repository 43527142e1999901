import { englandAndWalesCalendar } from '@journey-ledger/domain';
import { stepThrough } from '../step-through/step-through';
import { contact, handover, journeyLog } from '../testing/fixtures';
import { journeyAsOf } from './as-of';

const calendar = englandAndWalesCalendar();
const timeZone = 'Europe/London';

/**
 * A handover recorded to the wrong team (EDT) at 09:05, withdrawn at 15:00, and recorded again
 * correctly (to CART, back-dated to 09:00) at 15:05.
 */
const corrected = journeyLog('j-2')
  .add('ContactReceived', contact('mash'), '2025-03-10T09:00:00.000Z')
  .add('CaseHandedOver', handover('mash', 'edt'), '2025-03-11T09:00:00.000Z', { recordedAt: '2025-03-11T09:05:00.000Z', eventId: 'wrong' })
  .add('EntryRecordedInError', { withdrawnEventId: 'wrong', withdrawnType: 'CaseHandedOver', reason: 'wrong team chosen' }, '2025-03-11T15:00:00.000Z', {
    eventId: 'withdrawal',
  })
  .add('CaseHandedOver', handover('mash', 'cart'), '2025-03-11T09:00:00.000Z', { recordedAt: '2025-03-11T15:05:00.000Z', eventId: 'right' }).events;

describe('as-of replay (bitemporal)', () => {
  describe('as known at (recordedAt), around a correction', () => {
    it('before the correction was recorded, the wrong handover counts', () => {
      const { state, withdrawn } = journeyAsOf(corrected, { asKnownAt: '2025-03-11T12:00:00.000Z' });
      expect([state.holder, state.handovers, state.teamsTouched]).toEqual(['edt', 1, ['mash', 'edt']]);
      expect(withdrawn).toEqual([]);
    });

    it('between the withdrawal and the new entry, the case is back with MASH and never went to EDT', () => {
      const { state, withdrawn } = journeyAsOf(corrected, { asKnownAt: '2025-03-11T15:01:00.000Z' });
      expect([state.holder, state.handovers, state.teamsTouched]).toEqual(['mash', 0, ['mash']]);
      expect(withdrawn.map((w) => [w.eventId, w.withdrawnBy, w.withdrawnAt])).toEqual([['wrong', 'withdrawal', '2025-03-11T15:00:00.000Z']]);
    });

    it('after the correction, the handover is to CART and EDT is nowhere', () => {
      const { state } = journeyAsOf(corrected, { asKnownAt: '2025-03-11T16:00:00.000Z' });
      expect([state.holder, state.handovers, state.teamsTouched, state.withdrawals]).toEqual(['cart', 1, ['mash', 'cart'], 1]);
    });

    it('before anything was recorded, the journey is empty, not an error', () => {
      const { state, entries } = journeyAsOf(corrected, { asKnownAt: '2025-03-01T00:00:00.000Z' });
      expect(state.status).toBe('empty');
      expect(entries).toEqual([]);
    });
  });

  describe('as at (occurredAt)', () => {
    it('as things stood on the morning of the 10th (as known now): with MASH, no handover', () => {
      const { state } = journeyAsOf(corrected, { asAt: '2025-03-10T12:00:00.000Z' });
      expect([state.status, state.holder, state.handovers]).toEqual(['open', 'mash', 0]);
    });

    it('as things stood on the 11th at 10:00, as known now: with CART (the correction is back-dated)', () => {
      expect(journeyAsOf(corrected, { asAt: '2025-03-11T10:00:00.000Z' }).state.holder).toBe('cart');
    });

    it('as things stood on the 11th at 10:00, as known at noon that day: with EDT', () => {
      expect(journeyAsOf(corrected, { asAt: '2025-03-11T10:00:00.000Z', asKnownAt: '2025-03-11T12:00:00.000Z' }).state.holder).toBe('edt');
    });

    it('before the journey existed: empty', () => {
      expect(journeyAsOf(corrected, { asAt: '2025-01-01T00:00:00.000Z' }).state.status).toBe('empty');
    });

    it('refuses a date that is not an instant', () => {
      expect(() => journeyAsOf(corrected, { asAt: 'last Tuesday' })).toThrow(RangeError);
    });
  });

  describe('stepping through a corrected journey', () => {
    it('in recording order, the withdrawal is a step and the state after it forgets the wrong handover', () => {
      const replay = stepThrough(corrected, { calendar, timeZone, order: 'recording' });
      expect(replay.steps.map((s) => [s.event.eventId, s.holder, s.handovers, s.withdrew])).toEqual([
        ['j-2-e1', 'mash', 0, undefined],
        ['wrong', 'edt', 1, undefined],
        ['withdrawal', 'mash', 0, 'wrong'],
        ['right', 'cart', 1, undefined],
      ]);
      expect(replay.steps[2].handover).toBeUndefined();
    });

    it('in business order, only standing entries are steps; the withdrawn one is listed apart', () => {
      const replay = stepThrough(corrected, { calendar, timeZone });
      expect(replay.steps.map((s) => [s.event.eventId, s.holder])).toEqual([
        ['j-2-e1', 'mash'],
        ['right', 'cart'],
      ]);
      expect(replay.withdrawn.map((w) => w.eventId)).toEqual(['wrong']);
    });

    it('as known at noon on the 11th, in business order, the wrong handover is still a step', () => {
      const replay = stepThrough(corrected, { calendar, timeZone, asKnownAt: '2025-03-11T12:00:00.000Z' });
      expect(replay.steps.map((s) => s.event.eventId)).toEqual(['j-2-e1', 'wrong']);
    });

    it('as known before it began: no steps, an empty journey', () => {
      const replay = stepThrough(corrected, { calendar, timeZone, asKnownAt: '2024-12-31T00:00:00.000Z' });
      expect([replay.status, replay.steps.length, replay.spells.length]).toEqual(['empty', 0, 0]);
    });
  });
});
