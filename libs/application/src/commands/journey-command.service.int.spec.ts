import { randomUUID } from 'node:crypto';
import { STORE_KINDS } from '@journey-ledger/testing';
import type { StoreFixture } from '@journey-ledger/testing';
import type { EventStore } from '@journey-ledger/event-store';
import { TenantRegistry } from '../tenants/tenant-registry';
import { loadJourney } from './journey-stream';
import { JourneyCommandService } from './journey-command.service';

const tenants = TenantRegistry.fromDirectory('config/tenants');
const envelope = (journeyId: string) => ({
  tenantId: 'north-shire',
  journeyId,
  commandId: randomUUID(),
  correlationId: 'c',
  actor: { userId: 'u', role: 'recorder' as const },
});
const contact: any = {
  type: 'RecordContact',
  data: { contactId: 'c', childRef: 'child-race', source: '6', channel: 'phone', team: 'mash', concerns: [], levelOfNeed: '3' },
};

describe.each(STORE_KINDS)('command service under racing writers (%s store)', (_kind, open) => {
  let fixture: StoreFixture;
  beforeAll(async () => {
    fixture = await open();
  });
  afterAll(async () => fixture.dispose());

  it('records every command of several processes racing on one journey: a lost race is decided again, never refused', async () => {
    // Given one journey, and four command services over the same store (four processes: each serialises only its own writers)
    const journeyId = randomUUID();
    const processes = Array.from({ length: 4 }, () => new JourneyCommandService(fixture.store, tenants));
    await processes[0].handle(envelope(journeyId), { ...contact, data: { ...contact.data, contactId: 'first' } });

    // When each sends 40 contacts without occurredAt at once
    const outcomes = await Promise.allSettled(
      processes.flatMap((service, p) =>
        Array.from({ length: 40 }, (_, i) => service.handle(envelope(journeyId), { ...contact, data: { ...contact.data, contactId: `p${p}-${i}` } })),
      ),
    );

    // Then all 160 are recorded, and business time never goes backwards in the stream
    const refused = outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason.name);
    expect(refused).toEqual([]);
    const journey = await loadJourney(fixture.store, 'north-shire', journeyId);
    expect(journey.events).toHaveLength(161);
    const times = journey.events.map((e) => Date.parse((e.metadata as { occurredAt: string }).occurredAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('still reports a stale expectedRevision as a conflict at once, without retrying', async () => {
    const journeyId = randomUUID();
    const service = new JourneyCommandService(fixture.store, tenants);
    await service.handle(envelope(journeyId), contact);
    await service.handle(envelope(journeyId), { ...contact, data: { ...contact.data, contactId: 'second' } });
    await expect(
      service.handle(envelope(journeyId), { ...contact, data: { ...contact.data, contactId: 'third' } }, { expectedRevision: 0 }),
    ).rejects.toMatchObject({
      name: 'ConcurrencyConflict',
      expected: 0,
      actual: 1,
    });
  });

  it('takes "now" when the command is decided, not when it was sent', async () => {
    // Given a clock that moves on by a minute at every read
    let minute = 0;
    const clock = () => new Date(Date.UTC(2025, 3, 1, 9, minute++));
    const journeyId = randomUUID();
    const service = new JourneyCommandService(fixture.store, tenants, clock);
    // When two commands without occurredAt are handled
    await service.handle(envelope(journeyId), contact);
    const second = await service.handle(envelope(journeyId), { ...contact, data: { ...contact.data, contactId: 'second' } });
    // Then each took its own decision time
    expect(second.events[0].occurredAt).toBe('2025-04-01T09:01:00.000Z');
  });
});

describe.each(STORE_KINDS)('command service deciding on the journey as it last wrote it (%s store)', (_kind, open) => {
  let fixture: StoreFixture;
  beforeAll(async () => {
    fixture = await open();
  });
  afterAll(async () => fixture.dispose());

  const handOver = (fromTeam: string, toTeam: string): any => ({ type: 'HandOver', data: { fromTeam, toTeam, reason: 'threshold-decision' } });

  /** The store as one process sees it, counting the journeys it reads. */
  function countingReads(): { store: EventStore; reads: () => number } {
    let reads = 0;
    const store = new Proxy(fixture.store, {
      get(target, property, receiver) {
        if (property === 'readStream') {
          return (...args: Parameters<EventStore['readStream']>) => {
            reads += 1;
            return target.readStream(...args);
          };
        }
        const value = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    return { store, reads: () => reads };
  }

  it('starts a journey and writes to it again without reading it back', async () => {
    // Given a process that counts its reads
    const { store, reads } = countingReads();
    const service = new JourneyCommandService(store, tenants);
    const journeyId = randomUUID();
    // When it starts a journey and hands the case over
    await service.handle(envelope(journeyId), contact, { startsJourney: true });
    await service.handle(envelope(journeyId), handOver('mash', 'early-help-north'));
    // Then both were written, and neither needed the journey read from the store
    expect((await loadJourney(fixture.store, 'north-shire', journeyId)).events.map((e) => e.type)).toEqual(['ContactReceived', 'CaseHandedOver']);
    expect(reads()).toBe(0);
  });

  it('answers a command sent twice from the stored journey, not from its own copy', async () => {
    const service = new JourneyCommandService(fixture.store, tenants);
    const first = envelope(randomUUID());
    const written = await service.handle(first, contact, { startsJourney: true });
    const again = await service.handle(first, contact, { startsJourney: true });
    expect(again).toEqual({ ...written, replayed: true });
    expect((await loadJourney(fixture.store, 'north-shire', first.journeyId)).events).toHaveLength(1);
  });

  /** A journey started by process A at the MASH, then handed on to early help by process B: A's copy is stale. */
  async function givenAStaleCopy(): Promise<{ a: JourneyCommandService; journeyId: string }> {
    const a = new JourneyCommandService(fixture.store, tenants);
    const b = new JourneyCommandService(fixture.store, tenants);
    const journeyId = randomUUID();
    await a.handle(envelope(journeyId), contact, { startsJourney: true });
    await b.handle(envelope(journeyId), handOver('mash', 'early-help-north'));
    return { a, journeyId };
  }

  it('never accepts a command on a stale copy: another process moved the case, so the handover is refused', async () => {
    // Given a journey held by the MASH, written by process A and then handed on by process B
    const { a, journeyId } = await givenAStaleCopy();
    // When A, whose copy still has the MASH holding the case, hands it over from the MASH
    // Then the store refuses A's append, A decides again on the stored journey, and refuses the command
    await expect(a.handle(envelope(journeyId), handOver('mash', 'assessment-north'))).rejects.toMatchObject({ code: 'NotTheHolder' });
    expect((await loadJourney(fixture.store, 'north-shire', journeyId)).events.map((e) => e.type)).toEqual(['ContactReceived', 'CaseHandedOver']);
  });

  it('never refuses a command on a stale copy: a refusal is decided again on the stored journey', async () => {
    // Given the same history: A's copy has the MASH holding a case that early help now holds
    const { a, journeyId } = await givenAStaleCopy();
    // When A hands the case over from early help, which its copy says does not hold it
    const result = await a.handle(envelope(journeyId), handOver('early-help-north', 'assessment-north'));
    // Then the command is accepted on the stored journey
    expect(result.revision).toBe(2);
    expect((await loadJourney(fixture.store, 'north-shire', journeyId)).events.map((e) => e.type)).toEqual([
      'ContactReceived',
      'CaseHandedOver',
      'CaseHandedOver',
    ]);
  });
});
