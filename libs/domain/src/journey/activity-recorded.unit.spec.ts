import { givenJourney } from '../testing/decider-specification';
import { northShire, recorded } from '../testing/fixtures';
import type { JourneyEvent } from './events';
import { foldJourney } from './evolve';

const ctx = { teams: northShire, now: '2025-03-31T12:00:00.000Z' };
const registered = recorded<JourneyEvent>('ActivityRecorded', { activity: 'register request', team: 'customer-access' }, '2025-03-03T09:00:00.000Z', 'e-1');
const examined = recorded<JourneyEvent>(
  'ActivityRecorded',
  { activity: 'examine', lifecycle: 'complete', team: 'customer-access' },
  '2025-03-03T10:00:00.000Z',
  'e-2',
);

describe('an activity from an imported event log', () => {
  it('starts the journey held by its team, without counting a handover', () => {
    const state = foldJourney([registered]);
    expect(state.status).toBe('open');
    expect(state.holder).toBe('customer-access');
    expect(state.handovers).toBe(0);
    expect(state.contacts).toEqual([]);
  });

  it('by the holder only marks the time', () => {
    givenJourney([registered], ctx)
      .when({ type: 'RecordActivity', data: { activity: 'examine', lifecycle: 'complete', team: 'customer-access', occurredAt: '2025-03-03T10:00:00.000Z' } })
      .then([{ type: 'ActivityRecorded', version: 1, data: { activity: 'examine', lifecycle: 'complete', team: 'customer-access' } }]);
    expect(foldJourney([registered, examined]).handovers).toBe(0);
  });

  it('by another team is preceded by the handover to that team', () => {
    const events = givenJourney([registered], ctx)
      .when({ type: 'RecordActivity', data: { activity: 'decide', team: 'mash', occurredAt: '2025-03-04T10:00:00.000Z' } })
      .then([
        { type: 'CaseHandedOver', version: 1, data: { fromTeam: 'customer-access', toTeam: 'mash', reason: 'transfer' } },
        { type: 'ActivityRecorded', version: 1, data: { activity: 'decide', team: 'mash' } },
      ]);
    const state = foldJourney([registered, ...events.map((e, i) => ({ ...e, metadata: { ...e.metadata, eventId: `n-${i}` } }) as JourneyEvent)]);
    expect(state.handovers).toBe(1);
    expect(state.teamsTouched).toEqual(['customer-access', 'mash']);
  });

  it('is refused for a team outside the team map, and with an empty or overlong label', () => {
    givenJourney([], ctx)
      .when({ type: 'RecordActivity', data: { activity: 'x', team: 'nowhere', occurredAt: '2025-03-03T09:00:00.000Z' } })
      .thenRefuses('UnknownTeam', 'team');
    givenJourney([], ctx)
      .when({ type: 'RecordActivity', data: { activity: ' ', team: 'mash', occurredAt: '2025-03-03T09:00:00.000Z' } })
      .thenRefuses('InvalidCommand', 'activity');
    givenJourney([], ctx)
      .when({ type: 'RecordActivity', data: { activity: 'a'.repeat(201), team: 'mash', occurredAt: '2025-03-03T09:00:00.000Z' } })
      .thenRefuses('InvalidCommand', 'activity');
  });

  it('is refused on a closed journey', () => {
    const closed = recorded<JourneyEvent>('JourneyClosed', { reason: 'RC8', team: 'customer-access' }, '2025-03-05T09:00:00.000Z', 'e-3');
    givenJourney([registered, closed], ctx)
      .when({ type: 'RecordActivity', data: { activity: 'late', team: 'customer-access', occurredAt: '2025-03-06T09:00:00.000Z' } })
      .thenRefuses('JourneyClosed');
  });
});
