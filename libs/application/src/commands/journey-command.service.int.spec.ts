import { randomUUID } from 'node:crypto';
import { STORE_KINDS } from '@journey-ledger/testing';
import type { StoreFixture } from '@journey-ledger/testing';
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
