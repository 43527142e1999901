import { ageBandOn, disabilityGroup } from '../codes/child-characteristics';
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
const closed = recorded<JourneyEvent>('JourneyClosed', { reason: 'contact-nfa', team: 'mash' }, '2026-03-03T09:00:00.000Z');
const record = (data: Record<string, unknown>) =>
  ({ type: 'RecordChildCharacteristics', data: { sex: '2', ethnicity: 'WBRI', disabilities: [], ageBand: '5-9', occurredAt: at, ...data } }) as never;

describe('the child’s characteristics on a journey', () => {
  it('records coded characteristics, disabilities once each and in order, and the journey state holds them', () => {
    const events = givenJourney([contact], ctx)
      .when(record({ disabilities: ['LD', 'AUT', 'LD'] }))
      .then([{ type: 'ChildCharacteristicsRecorded', version: 1, data: { sex: '2', ethnicity: 'WBRI', disabilities: ['AUT', 'LD'], ageBand: '5-9' } }]);
    expect(foldJourney([contact, ...events]).characteristics).toEqual({
      sex: '2',
      ethnicity: 'WBRI',
      disabilities: ['AUT', 'LD'],
      ageBand: '5-9',
      recordedAt: at,
    });
  });

  it('may be recorded on a closed journey: it describes the child, not a step of the case', () => {
    givenJourney([contact, closed], ctx)
      .when(record({}))
      .then([{ type: 'ChildCharacteristicsRecorded', version: 1, data: { sex: '2', ethnicity: 'WBRI', disabilities: [], ageBand: '5-9' } }]);
  });

  it('a later recording replaces an earlier one', () => {
    const first = recorded<JourneyEvent>('ChildCharacteristicsRecorded', { sex: '0', ethnicity: 'NOBT', disabilities: [], ageBand: 'unknown' }, at);
    const second = recorded<JourneyEvent>('ChildCharacteristicsRecorded', { sex: '1', ethnicity: 'BAFR', disabilities: ['NONE'], ageBand: '10-15' }, at);
    expect(foldJourney([contact, first, second]).characteristics?.ethnicity).toBe('BAFR');
  });

  it.each([
    ['sex', { sex: 'male' }],
    ['ethnicity', { ethnicity: 'British' }],
    ['disabilities', { disabilities: ['blind'] }],
    ['disabilities', { disabilities: ['NONE', 'VIS'] }],
    ['ageBand', { ageBand: '2014-05-02' }],
  ])('refuses a %s that is not a CIN census code', (field, data) => {
    givenJourney([contact], ctx).when(record(data)).thenRefuses('InvalidCommand', field);
  });

  it('refuses a journey not started', () => {
    givenJourney([], ctx).when(record({})).thenRefuses('JourneyNotFound');
  });
});

describe('age bands (DfE Characteristics of children in need)', () => {
  it.each([
    [undefined, '2026-03-10', 'unknown'],
    ['2026-05-01', '2026-03-10', 'unborn'],
    ['2025-03-11', '2026-03-10', 'under-1'],
    ['2025-03-10', '2026-03-10', '1-4'],
    ['2021-03-11', '2026-03-10', '1-4'],
    ['2021-03-10', '2026-03-10', '5-9'],
    ['2010-03-11', '2026-03-10', '10-15'],
    ['2010-03-10', '2026-03-10', '16-plus'],
  ])('born %s, on %s: %s', (dob, on, band) => {
    expect(ageBandOn(dob, on)).toBe(band);
  });

  it('groups disability as disabled, not disabled or not recorded', () => {
    expect([disabilityGroup(['AUT']), disabilityGroup(['NONE']), disabilityGroup([])]).toEqual(['disabled', 'not-disabled', 'not-recorded']);
  });
});
