import { givenJourney } from '../testing/decider-specification';
import { northShire, recorded } from '../testing/fixtures';
import type { JourneyEvent } from './events';
import { foldJourney } from './evolve';

const ctx = { teams: northShire, now: '2026-03-31T12:00:00.000Z' };
const at = '2026-03-10T10:00:00.000Z';
const contact = recorded<JourneyEvent>(
  'ContactReceived',
  { contactId: 'c-1', childRef: 'child-1', source: '2A', channel: 'phone', team: 'mash', concerns: [], levelOfNeed: '3' },
  '2026-03-02T09:00:00.000Z',
);
const joined = recorded<JourneyEvent>('FamilyMembershipStarted', { familyRef: 'fam-1' }, '2026-03-02T09:00:00.000Z');

describe('family membership of a journey', () => {
  it('records the child joining a family', () => {
    const events = givenJourney([contact], ctx)
      .when({ type: 'JoinFamily', data: { familyRef: 'fam-1', occurredAt: at } })
      .then([{ type: 'FamilyMembershipStarted', version: 1, data: { familyRef: 'fam-1' } }]);
    expect(foldJourney([contact, ...events]).families).toEqual([{ familyRef: 'fam-1', from: at }]);
  });

  it('refuses a membership that overlaps itself', () => {
    givenJourney([contact, joined], ctx)
      .when({ type: 'JoinFamily', data: { familyRef: 'fam-1', occurredAt: at } })
      .thenRefuses('FamilyMembershipOverlaps', 'familyRef');
  });

  it('lets a child belong to two households at once', () => {
    givenJourney([contact, joined], ctx)
      .when({ type: 'JoinFamily', data: { familyRef: 'fam-2', occurredAt: at } })
      .then([{ type: 'FamilyMembershipStarted', version: 1, data: { familyRef: 'fam-2' } }]);
  });

  it('ends a membership, after which the child may join again', () => {
    const events = givenJourney([contact, joined], ctx)
      .when({ type: 'LeaveFamily', data: { familyRef: 'fam-1', occurredAt: at } })
      .then([{ type: 'FamilyMembershipEnded', version: 1, data: { familyRef: 'fam-1' } }]);
    const s = foldJourney([contact, joined, ...events]);
    expect(s.families).toEqual([{ familyRef: 'fam-1', from: '2026-03-02T09:00:00.000Z', to: at }]);
    givenJourney([contact, joined, ...events], ctx)
      .when({ type: 'JoinFamily', data: { familyRef: 'fam-1', occurredAt: '2026-03-11T10:00:00.000Z' } })
      .then([{ type: 'FamilyMembershipStarted', version: 1, data: { familyRef: 'fam-1' } }]);
  });

  it('refuses leaving a family the child is not a member of', () => {
    givenJourney([contact], ctx)
      .when({ type: 'LeaveFamily', data: { familyRef: 'fam-1', occurredAt: at } })
      .thenRefuses('NotAFamilyMember', 'familyRef');
  });

  it('refuses a family reference that looks like a surname and address', () => {
    givenJourney([contact], ctx)
      .when({ type: 'JoinFamily', data: { familyRef: 'Smith family, 4 Elm Rd', occurredAt: at } })
      .thenRefuses('InvalidCommand', 'familyRef');
  });

  it('refuses a membership on a journey not started', () => {
    givenJourney([], ctx)
      .when({ type: 'JoinFamily', data: { familyRef: 'fam-1', occurredAt: at } })
      .thenRefuses('JourneyNotFound');
  });
});
