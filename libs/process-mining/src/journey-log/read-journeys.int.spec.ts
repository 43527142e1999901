import { createHash } from 'node:crypto';
import { TeamDirectory } from '@journey-ledger/domain';
import type { EventStore, RecordedEvent } from '@journey-ledger/event-store';
import { STORE_KINDS } from '@journey-ledger/testing';
import type { StoreFixture } from '@journey-ledger/testing';
import { ocelChunks } from '../ocel-export/ocel-writer';
import { readJourneysTwoPass } from '../testing/two-pass-journeys';
import { northShire, seedDemoJourneys } from '../testing/demo-journeys';
import { xesChunks } from '../xes-export/xes-writer';
import { readJourneys } from './journey-log';
import type { JourneyCase, ReadJourneysOptions } from './journey-log';

type Reader = (store: EventStore, options: ReadJourneysOptions) => AsyncIterable<JourneyCase>;

const text = async (chunks: AsyncIterable<string>) => {
  let out = '';
  for await (const c of chunks) out += c;
  return out;
};

/**
 * The journeys of a seeded log written again one event at a time in turn, so that every journey
 * is in flight at once (as over a real year), and a few of them go on after the snapshot's head.
 */
async function interleavedLog(source: EventStore, target: EventStore): Promise<{ head: number; continued: number }> {
  const streams = new Map<string, RecordedEvent[]>();
  for (let after = 0; ;) {
    const batch = await source.readAll({ after, maxCount: 5000, tenantId: northShire.id });
    if (batch.length === 0) break;
    for (const e of batch) streams.set(e.streamId, [...(streams.get(e.streamId) ?? []), e]);
    after = batch[batch.length - 1].position;
  }
  const queues = [...streams.values()];
  const held = queues.map((q, i) => (i % 7 === 0 && q.length > 1 ? q.pop()! : undefined));
  const put = (e: RecordedEvent) =>
    target.appendToStream({
      tenantId: e.tenantId,
      streamId: e.streamId,
      events: [{ eventId: e.eventId, type: e.type, version: e.version, data: e.data, metadata: e.metadata }],
      expectedRevision: e.revision === 0 ? 'no_stream' : e.revision - 1,
    });
  for (let round = 0; queues.some((q) => q.length > round); round++) for (const q of queues) if (q[round] !== undefined) await put(q[round]);
  const head = await target.headPosition();
  const continued = held.filter((e) => e !== undefined);
  for (const e of continued) await put(e);
  return { head, continued: continued.length };
}

describe.each(STORE_KINDS)('reading journeys in one pass on the %s store', (_name, open) => {
  let seeded: StoreFixture;
  let f: StoreFixture;
  let head: number;
  beforeAll(async () => {
    [seeded, f] = [await open(), await open()];
    await seedDemoJourneys(seeded.store, 120, 7);
    ({ head } = await interleavedLog(seeded.store, f.store));
  });
  afterAll(async () => Promise.all([seeded.dispose(), f.dispose()]));

  const xes = (read: Reader, batchSize?: number) =>
    text(xesChunks(read(f.store, { tenantId: northShire.id, head, batchSize }), { tenantId: northShire.id, pseudonymKey: Buffer.alloc(32, 1) }));
  const ocel = (read: Reader) => text(ocelChunks(() => read(f.store, { tenantId: northShire.id, head }), { teams: new TeamDirectory(northShire.teams) }));

  it('given every journey in flight at once and some going on after the snapshot, writes the XES document byte for byte as two passes over readAll do', async () => {
    const reference = await xes(readJourneysTwoPass);
    expect(reference).toContain('<trace>');
    for (const batchSize of [undefined, 1, 97]) expect(await xes(readJourneys, batchSize)).toBe(reference);
  });

  it('writes the OCEL 2.0 document byte for byte as two passes over readAll do', async () => {
    const reference = await ocel(readJourneysTwoPass);
    expect(
      createHash('sha256')
        .update(await ocel(readJourneys))
        .digest('hex'),
    ).toBe(createHash('sha256').update(reference).digest('hex'));
  });

  it('hands each journey on with only its events up to the snapshot, in the order its last of them was recorded', async () => {
    const order: string[] = [];
    for await (const c of readJourneys(f.store, { tenantId: northShire.id, head })) order.push(c.journeyId);
    const reference: string[] = [];
    for await (const c of readJourneysTwoPass(f.store, { tenantId: northShire.id, head })) reference.push(c.journeyId);
    expect(order).toEqual(reference);
    expect(new Set(order).size).toBe(order.length);
    expect(order.length).toBeGreaterThan(100);
  });
});
