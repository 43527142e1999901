import { givenJourney } from '../testing/decider-specification';
import { northShire, recorded } from '../testing/fixtures';
import type { PreProceedingsOutcome, PreProceedingsStep } from '../codes/pre-proceedings-codes';
import type { JourneyEvent } from './events';
import { foldJourney } from './evolve';

const ctx = { teams: northShire, now: '2026-05-31T12:00:00.000Z' };
const at = '2026-05-10T10:00:00.000Z';
const team = 'children-in-need';
const contact = recorded<JourneyEvent>(
  'ContactReceived',
  { contactId: 'c-1', childRef: 'child-1', source: '2A', channel: 'phone', team: 'mash', concerns: [], levelOfNeed: '4' },
  '2026-04-02T09:00:00.000Z',
);
const step = (s: PreProceedingsStep, day: number, outcome?: PreProceedingsOutcome) =>
  recorded<JourneyEvent>(
    'PreProceedingsRecorded',
    { preProceedingsId: 'pp-1', step: s, team, ...(outcome ? { outcome } : {}) },
    `2026-05-0${day}T09:00:00.000Z`,
  );
const when = (s: string, outcome?: string) => ({
  type: 'RecordPreProceedings' as const,
  data: {
    preProceedingsId: 'pp-1',
    step: s as PreProceedingsStep,
    team,
    occurredAt: at,
    ...(outcome !== undefined ? { outcome: outcome as PreProceedingsOutcome } : {}),
  },
});
const then = (s: PreProceedingsStep, outcome?: PreProceedingsOutcome) => [
  { type: 'PreProceedingsRecorded' as const, version: 1 as const, data: { preProceedingsId: 'pp-1', step: s, team, ...(outcome ? { outcome } : {}) } },
];

describe('pre-proceedings', () => {
  it('starts pre-proceedings', () => {
    givenJourney([contact], ctx).when(when('started')).then(then('started'));
  });

  it('records the letter before proceedings, the meeting and the step decision with its outcome, with the time of each step', () => {
    givenJourney([contact, step('started', 1)], ctx)
      .when(when('letter-sent'))
      .then(then('letter-sent'));
    givenJourney([contact, step('started', 1), step('letter-sent', 2)], ctx)
      .when(when('meeting-held'))
      .then(then('meeting-held'));
    givenJourney([contact, step('started', 1), step('letter-sent', 2), step('meeting-held', 4)], ctx)
      .when(when('decided', 'step-down-family-help'))
      .then(then('decided', 'step-down-family-help'));
    const s = foldJourney([contact, step('started', 1), step('letter-sent', 2), step('meeting-held', 4), step('decided', 8, 'care-proceedings-issued')]);
    expect(s.preProceedings).toEqual([
      {
        preProceedingsId: 'pp-1',
        team,
        startedAt: '2026-05-01T09:00:00.000Z',
        letterSentAt: '2026-05-02T09:00:00.000Z',
        meetingHeldAt: '2026-05-04T09:00:00.000Z',
        decidedAt: '2026-05-08T09:00:00.000Z',
        outcome: 'care-proceedings-issued',
      },
    ]);
  });

  it('lets an urgent case go from start straight to the step decision', () => {
    givenJourney([contact, step('started', 1)], ctx)
      .when(when('decided', 'care-proceedings-issued'))
      .then(then('decided', 'care-proceedings-issued'));
  });

  it('refuses a step before pre-proceedings started, and a second start', () => {
    givenJourney([contact], ctx).when(when('meeting-held')).thenRefuses('PreProceedingsStepOutOfOrder', 'step');
    givenJourney([contact], ctx).when(when('decided', 'other')).thenRefuses('PreProceedingsStepOutOfOrder', 'step');
    givenJourney([contact, step('started', 1)], ctx)
      .when(when('started'))
      .thenRefuses('PreProceedingsStepOutOfOrder', 'step');
  });

  it('refuses a letter after the meeting, a second meeting and any step after the decision', () => {
    givenJourney([contact, step('started', 1), step('meeting-held', 2)], ctx)
      .when(when('letter-sent'))
      .thenRefuses('PreProceedingsStepOutOfOrder', 'step');
    givenJourney([contact, step('started', 1), step('meeting-held', 2)], ctx)
      .when(when('meeting-held'))
      .thenRefuses('PreProceedingsStepOutOfOrder', 'step');
    givenJourney([contact, step('started', 1), step('decided', 3, 'no-further-action')], ctx)
      .when(when('decided', 'other'))
      .thenRefuses('PreProceedingsStepOutOfOrder', 'step');
  });

  it('refuses a decision without a known outcome, an outcome on any other step, an unknown step and an unknown team', () => {
    givenJourney([contact, step('started', 1)], ctx)
      .when(when('decided'))
      .thenRefuses('InvalidCommand', 'outcome');
    givenJourney([contact, step('started', 1)], ctx)
      .when(when('decided', 'adopted'))
      .thenRefuses('InvalidCommand', 'outcome');
    givenJourney([contact], ctx).when(when('started', 'other')).thenRefuses('InvalidCommand', 'outcome');
    givenJourney([contact], ctx).when(when('adjourned')).thenRefuses('InvalidCommand', 'step');
    givenJourney([contact], ctx)
      .when({ type: 'RecordPreProceedings', data: { preProceedingsId: 'pp-1', step: 'started', team: 'nowhere', occurredAt: at } })
      .thenRefuses('UnknownTeam', 'team');
  });
});
