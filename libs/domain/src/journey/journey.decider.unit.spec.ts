import { givenJourney } from '../testing/decider-specification';
import { northShire, recorded } from '../testing/fixtures';
import type { JourneyEvent } from './events';
import { foldJourney } from './evolve';

const ctx = { teams: northShire, now: '2025-03-31T12:00:00.000Z' };

const contact = recorded<JourneyEvent>(
  'ContactReceived',
  { contactId: 'c-1', childRef: 'child-7', source: '2A', channel: 'phone', team: 'customer-access', concerns: ['neglect'], levelOfNeed: '3' },
  '2025-03-03T09:15:00.000Z',
  'e-contact',
);
const decidedReferral = recorded<JourneyEvent>(
  'ContactDecided',
  { contactId: 'c-1', outcome: 'referral', team: 'customer-access' },
  '2025-03-03T11:00:00.000Z',
  'e-decided',
);
const toMash = recorded<JourneyEvent>(
  'CaseHandedOver',
  { fromTeam: 'customer-access', toTeam: 'mash', reason: 'threshold check' },
  '2025-03-03T12:00:00.000Z',
  'e-to-mash',
);
const referral = recorded<JourneyEvent>(
  'ReferralAccepted',
  { referralId: 'r-1', childRef: 'child-7', source: '2A', primaryNeedCode: 'N1', team: 'mash' },
  '2025-03-04T09:00:00.000Z',
  'e-referral',
);
const assessing = recorded<JourneyEvent>('AssessmentStarted', { assessmentId: 'a-1', kind: 'single', team: 'mash' }, '2025-03-05T09:00:00.000Z', 'e-assess');
const assessed = recorded<JourneyEvent>(
  'AssessmentCompleted',
  { assessmentId: 'a-1', outcome: 'nfa', factors: ['21'] },
  '2025-03-20T09:00:00.000Z',
  'e-assessed',
);
const closed = recorded<JourneyEvent>('JourneyClosed', { reason: 'RC8', team: 'mash' }, '2025-03-21T09:00:00.000Z', 'e-closed');

const at = '2025-03-10T10:00:00.000Z';

describe('a journey through the front door', () => {
  describe('recording a contact', () => {
    it('starts a journey held by the receiving team', () => {
      givenJourney([], ctx)
        .when({
          type: 'RecordContact',
          data: {
            contactId: 'c-1',
            childRef: 'child-7',
            source: '6',
            channel: 'police-notification',
            team: 'mash',
            concerns: [],
            levelOfNeed: '4a',
            occurredAt: at,
          },
        })
        .then([
          {
            type: 'ContactReceived',
            version: 1,
            data: { contactId: 'c-1', childRef: 'child-7', source: '6', channel: 'police-notification', team: 'mash', concerns: [], levelOfNeed: '4a' },
          },
        ]);
    });

    it('refuses a team that is not in the council’s team map', () => {
      givenJourney([], ctx)
        .when({
          type: 'RecordContact',
          data: { contactId: 'c', childRef: 'x', source: '6', channel: 'phone', team: 'nowhere', concerns: [], levelOfNeed: '3', occurredAt: at },
        })
        .thenRefuses('UnknownTeam', 'team');
    });

    it('refuses a contact said to occur in the future', () => {
      givenJourney([], ctx)
        .when({
          type: 'RecordContact',
          data: {
            contactId: 'c',
            childRef: 'x',
            source: '6',
            channel: 'phone',
            team: 'mash',
            concerns: [],
            levelOfNeed: '3',
            occurredAt: '2025-04-01T00:00:00Z',
          },
        })
        .thenRefuses('OccurredInFuture', 'occurredAt');
    });

    it('refuses a contact on a closed journey: a new contact starts a new journey', () => {
      givenJourney([contact, decidedReferral, toMash, referral, assessing, assessed, closed], ctx)
        .when({
          type: 'RecordContact',
          data: {
            contactId: 'c-2',
            childRef: 'child-7',
            source: '6',
            channel: 'phone',
            team: 'mash',
            concerns: [],
            levelOfNeed: '3',
            occurredAt: '2025-03-25T00:00:00Z',
          },
        })
        .thenRefuses('JourneyClosed');
    });

    it('adds a further contact for the same child to an open journey, without moving the case', () => {
      const s = foldJourney([
        contact,
        recorded(
          'ContactReceived',
          { contactId: 'c-2', childRef: 'child-7', source: '3A', channel: 'email', team: 'mash', concerns: [], levelOfNeed: '3' },
          '2025-03-03T10:00:00Z',
        ),
      ]);
      expect(s.contacts).toHaveLength(2);
      expect(s.holder).toBe('customer-access');
      expect(s.handovers).toBe(0);
    });
  });

  describe('handing over', () => {
    it('moves the case from the holder to another team', () => {
      givenJourney([contact], ctx)
        .when({ type: 'HandOver', data: { fromTeam: 'customer-access', toTeam: 'mash', reason: 'safeguarding concern', occurredAt: at } })
        .then([{ type: 'CaseHandedOver', version: 1, data: { fromTeam: 'customer-access', toTeam: 'mash', reason: 'safeguarding concern' } }]);
    });

    it('refuses a handover from a team that does not hold the case', () => {
      givenJourney([contact], ctx)
        .when({ type: 'HandOver', data: { fromTeam: 'mash', toTeam: 'cart', reason: 'x', occurredAt: at } })
        .thenRefuses('NotTheHolder', 'fromTeam');
    });

    it('refuses a handover to the team that already holds it', () => {
      givenJourney([contact], ctx)
        .when({ type: 'HandOver', data: { fromTeam: 'customer-access', toTeam: 'customer-access', reason: 'x', occurredAt: at } })
        .thenRefuses('HandoverToSameTeam', 'toTeam');
    });

    it('refuses a handover to an unknown team', () => {
      givenJourney([contact], ctx)
        .when({ type: 'HandOver', data: { fromTeam: 'customer-access', toTeam: 'atlantis', reason: 'x', occurredAt: at } })
        .thenRefuses('UnknownTeam', 'toTeam');
    });

    it('counts handovers, and those before help, with exactly one holder', () => {
      const s = foldJourney([contact, decidedReferral, toMash, referral, assessing]);
      expect(s.holder).toBe('mash');
      expect(s.handovers).toBe(1);
      expect(s.handoversBeforeHelp).toBe(1);
      expect(s.teamsTouched).toEqual(['customer-access', 'mash']);
      expect(s.holders.filter((h) => h.to === undefined)).toHaveLength(1);
    });
  });

  describe('stepping down and up', () => {
    it('steps down from social care to early help, counting a handover', () => {
      const events = givenJourney([contact, decidedReferral, toMash, referral], ctx)
        .when({ type: 'StepDown', data: { fromTeam: 'mash', toTeam: 'early-help-north', reason: 'needs met below threshold', occurredAt: at } })
        .then([{ type: 'SteppedDown', version: 1, data: { fromTeam: 'mash', toTeam: 'early-help-north', reason: 'needs met below threshold' } }]);
      expect(foldJourney([contact, decidedReferral, toMash, referral, ...events]).handovers).toBe(2);
    });

    it('refuses a step-down to a statutory team', () => {
      givenJourney([contact, decidedReferral, toMash], ctx)
        .when({ type: 'StepDown', data: { fromTeam: 'mash', toTeam: 'children-in-need', reason: 'x', occurredAt: at } })
        .thenRefuses('WrongTier', 'toTeam');
    });

    it('refuses a step-up to an early-help team', () => {
      const eh = recorded<JourneyEvent>('CaseHandedOver', { fromTeam: 'customer-access', toTeam: 'early-help-north', reason: 'x' }, '2025-03-04T09:00:00Z');
      givenJourney([contact, eh], ctx)
        .when({ type: 'StepUp', data: { fromTeam: 'early-help-north', toTeam: 'early-response', reason: 'x', occurredAt: at } })
        .thenRefuses('WrongTier', 'toTeam');
    });
  });

  describe('referral and assessment', () => {
    it('accepting a referral in another team hands the case over first', () => {
      givenJourney([contact, decidedReferral], ctx)
        .when({ type: 'AcceptReferral', data: { referralId: 'r-1', source: '2A', primaryNeedCode: 'N1', team: 'mash', occurredAt: at } })
        .then([
          { type: 'CaseHandedOver', version: 1, data: { fromTeam: 'customer-access', toTeam: 'mash', reason: 'referral-accepted' } },
          { type: 'ReferralAccepted', version: 1, data: { referralId: 'r-1', childRef: 'child-7', source: '2A', primaryNeedCode: 'N1', team: 'mash' } },
        ]);
    });

    it('a referral with no recorded contact starts the journey, and needs the child', () => {
      givenJourney([], ctx)
        .when({ type: 'AcceptReferral', data: { referralId: 'r-1', source: '5C', primaryNeedCode: 'N4', team: 'mash', occurredAt: at } })
        .thenRefuses('InvalidCommand', 'childRef');
      expect(
        foldJourney([recorded('ReferralAccepted', { referralId: 'r-1', childRef: 'c', source: '5C', primaryNeedCode: 'N4', team: 'mash' }, at)]).status,
      ).toBe('open');
    });

    it('a single assessment needs an accepted referral', () => {
      givenJourney([contact], ctx)
        .when({ type: 'StartAssessment', data: { assessmentId: 'a', kind: 'single', team: 'customer-access', occurredAt: at } })
        .thenRefuses('ReferralRequired', 'kind');
    });

    it('completes an assessment only if one is open', () => {
      givenJourney([contact, decidedReferral, toMash, referral], ctx)
        .when({ type: 'CompleteAssessment', data: { outcome: 'nfa', factors: [], occurredAt: at } })
        .thenRefuses('NoOpenAssessment');
      givenJourney([contact, decidedReferral, toMash, referral, assessing], ctx)
        .when({ type: 'CompleteAssessment', data: { outcome: 'child-in-need-plan', factors: ['N1'], occurredAt: at } })
        .then([{ type: 'AssessmentCompleted', version: 1, data: { assessmentId: 'a-1', outcome: 'child-in-need-plan', factors: ['N1'] } }]);
    });

    it('refuses a second open assessment', () => {
      givenJourney([contact, decidedReferral, toMash, referral, assessing], ctx)
        .when({ type: 'StartAssessment', data: { assessmentId: 'a-2', kind: 'section-47', team: 'mash', occurredAt: at } })
        .thenRefuses('AssessmentAlreadyOpen');
    });
  });

  describe('closing', () => {
    it('ends open plans with the journey', () => {
      const plan = recorded<JourneyEvent>('PlanStarted', { planId: 'p-1', kind: 'early-help', team: 'customer-access' }, '2025-03-05T00:00:00Z');
      const decidedEh = recorded<JourneyEvent>('ContactDecided', { contactId: 'c-1', outcome: 'early-help', team: 'customer-access' }, '2025-03-04T00:00:00Z');
      givenJourney([contact, decidedEh, plan], ctx)
        .when({ type: 'CloseJourney', data: { reason: 'early-help-completed', occurredAt: at } })
        .then([
          { type: 'PlanEnded', version: 1, data: { planId: 'p-1', reason: 'journey-closed' } },
          { type: 'JourneyClosed', version: 1, data: { reason: 'early-help-completed', team: 'customer-access' } },
        ]);
    });

    it('refuses to close while a contact awaits a decision', () => {
      givenJourney([contact], ctx)
        .when({ type: 'CloseJourney', data: { reason: 'contact-nfa', occurredAt: at } })
        .thenRefuses('UndecidedContact');
    });

    it('allows nothing but corrections after closure', () => {
      const history = [contact, decidedReferral, toMash, referral, assessing, assessed, closed];
      givenJourney(history, ctx)
        .when({ type: 'HandOver', data: { fromTeam: 'mash', toTeam: 'cart', reason: 'x', occurredAt: '2025-03-25T00:00:00Z' } })
        .thenRefuses('JourneyClosed');
      givenJourney(history, ctx)
        .when({ type: 'WithdrawEntry', data: { eventId: 'e-closed', reason: 'closed in error', occurredAt: '2025-03-25T00:00:00Z' } })
        .then([
          { type: 'EntryRecordedInError', version: 1, data: { withdrawnEventId: 'e-closed', withdrawnType: 'JourneyClosed', reason: 'closed in error' } },
        ]);
    });
  });

  describe('back-dated entries (late recording)', () => {
    it('accepts an entry recorded late, at or after the latest business time in the journey', () => {
      givenJourney([contact], ctx)
        .when({ type: 'HandOver', data: { fromTeam: 'customer-access', toTeam: 'mash', reason: 'x', occurredAt: contact.metadata.occurredAt } })
        .then([{ type: 'CaseHandedOver', version: 1, data: { fromTeam: 'customer-access', toTeam: 'mash', reason: 'x' } }]);
    });

    it('refuses an entry that would precede what the journey already records', () => {
      givenJourney([contact, decidedReferral, toMash], ctx)
        .when({ type: 'HandOver', data: { fromTeam: 'mash', toTeam: 'cart', reason: 'x', occurredAt: '2025-03-03T10:00:00.000Z' } })
        .thenRefuses('OccurredOutOfOrder', 'occurredAt');
    });
  });

  describe('withdrawing an entry recorded in error', () => {
    it('unwinds from the latest entry only', () => {
      givenJourney([contact, decidedReferral, toMash], ctx)
        .when({ type: 'WithdrawEntry', data: { eventId: 'e-decided', reason: 'wrong child', occurredAt: at } })
        .thenRefuses('EntryNotLatest', 'eventId');
    });

    it('leaves the journey as if the entry had never been recorded', () => {
      const withdrawal = recorded<JourneyEvent>(
        'EntryRecordedInError',
        { withdrawnEventId: 'e-to-mash', withdrawnType: 'CaseHandedOver', reason: 'wrong team' },
        at,
      );
      const s = foldJourney([contact, decidedReferral, toMash, withdrawal]);
      expect(s.holder).toBe('customer-access');
      expect(s.handovers).toBe(0);
      expect(s.teamsTouched).toEqual(['customer-access']);
      expect(s.withdrawals).toBe(1);
      // and the withdrawn business time no longer constrains what may be recorded next
      expect(s.lastOccurredAt).toBe(decidedReferral.metadata.occurredAt);
    });

    it('withdrawing every entry withdraws the journey', () => {
      const withdrawal = recorded<JourneyEvent>(
        'EntryRecordedInError',
        { withdrawnEventId: 'e-contact', withdrawnType: 'ContactReceived', reason: 'duplicate' },
        at,
      );
      expect(foldJourney([contact, withdrawal]).status).toBe('withdrawn');
    });

    it('refuses to withdraw an entry that is not in the journey', () => {
      givenJourney([contact], ctx)
        .when({ type: 'WithdrawEntry', data: { eventId: 'nope', reason: 'x', occurredAt: at } })
        .thenRefuses('UnknownEntry', 'eventId');
    });
  });
});
