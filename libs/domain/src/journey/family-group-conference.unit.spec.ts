import { givenJourney } from '../testing/decider-specification';
import { northShire, recorded } from '../testing/fixtures';
import type { FamilyGroupConferenceStep } from '../codes/practitioner-codes';
import type { JourneyEvent } from './events';
import { foldJourney } from './evolve';

const ctx = { teams: northShire, now: '2026-03-31T12:00:00.000Z' };
const at = '2026-03-10T10:00:00.000Z';
const contact = recorded<JourneyEvent>(
  'ContactReceived',
  { contactId: 'c-1', childRef: 'child-1', source: '2A', channel: 'phone', team: 'mash', concerns: [], levelOfNeed: '3' },
  '2026-03-02T09:00:00.000Z',
);
const step = (s: FamilyGroupConferenceStep, day: number) =>
  recorded<JourneyEvent>('FamilyGroupConferenceRecorded', { conferenceId: 'fgc-1', step: s, team: 'children-in-need' }, `2026-03-0${day}T09:00:00.000Z`);
const when = (s: string) => ({
  type: 'RecordFamilyGroupConference' as const,
  data: { conferenceId: 'fgc-1', step: s as FamilyGroupConferenceStep, team: 'children-in-need', occurredAt: at },
});
const then = (s: FamilyGroupConferenceStep) => [
  { type: 'FamilyGroupConferenceRecorded' as const, version: 1 as const, data: { conferenceId: 'fgc-1', step: s, team: 'children-in-need' } },
];

describe('family group decision-making', () => {
  it('offers a conference', () => {
    givenJourney([contact], ctx).when(when('offered')).then(then('offered'));
  });

  it('records the family accepting, then the conference held, with the time of each step', () => {
    givenJourney([contact, step('offered', 3)], ctx)
      .when(when('accepted'))
      .then(then('accepted'));
    givenJourney([contact, step('offered', 3), step('accepted', 4)], ctx)
      .when(when('held'))
      .then(then('held'));
    const s = foldJourney([contact, step('offered', 3), step('accepted', 4), step('held', 6)]);
    expect(s.conferences).toEqual([
      { conferenceId: 'fgc-1', offeredAt: '2026-03-03T09:00:00.000Z', acceptedAt: '2026-03-04T09:00:00.000Z', heldAt: '2026-03-06T09:00:00.000Z' },
    ]);
  });

  it('records the family declining', () => {
    givenJourney([contact, step('offered', 3)], ctx)
      .when(when('declined'))
      .then(then('declined'));
  });

  it('refuses a conference held before it was offered', () => {
    givenJourney([contact], ctx).when(when('held')).thenRefuses('ConferenceStepOutOfOrder', 'step');
  });

  it('refuses a conference held that the family has not accepted', () => {
    givenJourney([contact, step('offered', 3)], ctx)
      .when(when('held'))
      .thenRefuses('ConferenceStepOutOfOrder', 'step');
    givenJourney([contact, step('offered', 3), step('declined', 4)], ctx)
      .when(when('held'))
      .thenRefuses('ConferenceStepOutOfOrder', 'step');
  });

  it('refuses a second answer, a second offer of the same conference and a second holding', () => {
    givenJourney([contact, step('offered', 3), step('declined', 4)], ctx)
      .when(when('accepted'))
      .thenRefuses('ConferenceStepOutOfOrder');
    givenJourney([contact, step('offered', 3)], ctx)
      .when(when('offered'))
      .thenRefuses('ConferenceStepOutOfOrder');
    givenJourney([contact, step('offered', 3), step('accepted', 4), step('held', 5)], ctx)
      .when(when('held'))
      .thenRefuses('ConferenceStepOutOfOrder');
  });

  it('refuses an unknown step and an unknown team', () => {
    givenJourney([contact], ctx).when(when('postponed')).thenRefuses('InvalidCommand', 'step');
    givenJourney([contact], ctx)
      .when({ type: 'RecordFamilyGroupConference', data: { conferenceId: 'fgc-1', step: 'offered', team: 'nowhere', occurredAt: at } })
      .thenRefuses('UnknownTeam', 'team');
  });
});
