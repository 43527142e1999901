import type { JourneyEvent, RecordedJourneyEvent } from '@journey-ledger/domain';
import { toJourneyCase } from './journey-log';
import { xesTrace } from '../xes-export/xes-writer';

let n = 0;
const event = (type: JourneyEvent['type'], data: object, occurredAt: string, eventId = `e-${++n}`) =>
  ({
    type,
    version: 1,
    data,
    metadata: { occurredAt, eventId, causationId: eventId, actor: { userId: 'worker@council.example', role: 'recorder' } },
  }) as unknown as RecordedJourneyEvent;

describe('a journey as a case for process mining', () => {
  const contact = event(
    'ContactReceived',
    { contactId: 'c', childRef: 'child-9', source: '2A', channel: 'phone', team: 'customer-access', concerns: [], levelOfNeed: '3' },
    '2025-01-01T09:00:00.000Z',
  );
  const moved = event('CaseHandedOver', { fromTeam: 'customer-access', toTeam: 'mash', reason: 'threshold-decision' }, '2025-01-02T09:00:00.000Z', 'wrong');
  const withdrawal = event(
    'EntryRecordedInError',
    { withdrawnEventId: 'wrong', withdrawnType: 'CaseHandedOver', reason: 'wrong-team' },
    '2025-01-03T09:00:00.000Z',
  );
  const right = event('CaseHandedOver', { fromTeam: 'customer-access', toTeam: 'early-help-north', reason: 'early-help' }, '2025-01-03T10:00:00.000Z');

  it('leaves withdrawn entries and the withdrawals themselves out, and knows the holder after each step', () => {
    const c = toJourneyCase('j-1', [contact, moved, withdrawal, right]);
    expect(c.steps.map((s) => [s.activity, s.holder])).toEqual([
      ['ContactReceived', 'customer-access'],
      ['CaseHandedOver', 'early-help-north'],
    ]);
    expect(c.state.handovers).toBe(1);
  });

  it('exports no user id: a pseudonym only when a key is given, never the id itself', () => {
    const c = toJourneyCase('j-1', [contact, right]);
    expect(xesTrace(c)).not.toContain('org:resource');
    const keyed = xesTrace(c, { pseudonymKey: Buffer.alloc(32, 7) });
    expect(keyed).toMatch(/key="org:resource" value="r-[0-9a-f]{16}"/);
    expect(keyed).not.toContain('worker@council.example');
  });

  it('escapes what XML cannot carry as is', () => {
    const odd = event('ActivityRecorded', { activity: 'a "quoted" <tag> & \u0001', team: 'mash' }, '2025-01-01T09:00:00.000Z');
    expect(xesTrace(toJourneyCase('j-2', [odd]))).toContain('value="a &quot;quoted&quot; &lt;tag&gt; &amp; \uFFFD"');
  });
});
