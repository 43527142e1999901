import { TenantRegistry } from '@journey-ledger/application';
import type { JourneyCommand } from '@journey-ledger/domain';
import { readJourneys, xesChunks, xesChunksOfStoredTraces } from '@journey-ledger/process-mining';
import type { JourneyFilter } from '@journey-ledger/process-mining';
import { seedDemoJourneys } from '@journey-ledger/process-mining/testing';
import { STORE_KINDS } from '@journey-ledger/testing';
import type { StoreFixture } from '@journey-ledger/testing';
import { ProjectionRunner } from '../runner/projection-runner';
import { FIXTURE_TENANT, journeyRecorder, recordFixture } from '../testing';
import { TracesProjection } from './traces.projection';
import { storedTraces, TraceFilterError } from './traces.queries';

const tenants = TenantRegistry.fromDirectory('config/tenants');
const key = Buffer.alloc(32, 3);

const text = async (chunks: AsyncIterable<string>) => {
  let out = '';
  for await (const c of chunks) out += c;
  return out;
};

/** Filters of every kind the export takes, alone and together. */
const FILTERS: readonly (JourneyFilter | undefined)[] = [
  undefined,
  {},
  { from: '2025-06-01', to: '2025-10-01T12:00:00Z' },
  { team: ['mash'] },
  { team: ['early-help-north', 'cin-east'] },
  { source: ['1A', '2A', '6'] },
  { levelOfNeed: ['3', 'unknown'] },
  { from: '2025-01-01', team: ['mash'], source: ['1A', '2A', '2B', '6'], levelOfNeed: ['2', '3', '4'] },
  { team: [] },
];

describe.each(STORE_KINDS)('the XES export from kept traces (%s store)', (_name, open) => {
  let f: StoreFixture;
  let runner: ProjectionRunner;
  beforeAll(async () => {
    f = await open();
    // Demo journeys written in bulk, and hand-worked ones with withdrawn entries and journeys that go on later.
    await seedDemoJourneys(f.store, 150, 11);
    await recordFixture(f.store, tenants);
    // Small batches: most journeys' events fall in several, so their traces are rewritten from their streams.
    runner = new ProjectionRunner(f.store, f.db, [new TracesProjection(f.store)], { batchSize: 13, rebuildBatchSize: 29 });
    await runner.migrate();
    await runner.catchUp();
  });
  afterAll(async () => f.dispose());

  const folded = (filter: JourneyFilter | undefined, pseudonymKey?: Buffer) =>
    text(xesChunks(readJourneys(f.store, { tenantId: FIXTURE_TENANT, filter }), { tenantId: FIXTURE_TENANT, pseudonymKey }));
  const kept = (filter: JourneyFilter | undefined, pseudonymKey?: Buffer, pageSize?: number) =>
    text(xesChunksOfStoredTraces(storedTraces(f.db, { tenantId: FIXTURE_TENANT, filter, pageSize }), { tenantId: FIXTURE_TENANT, pseudonymKey }));

  it('given the log projected live in small batches, writes the document byte for byte as folding the log at export time does, for every filter', async () => {
    const traces: number[] = [];
    for (const filter of FILTERS) {
      const reference = await folded(filter);
      expect(await kept(filter)).toBe(reference);
      traces.push(reference.split('<trace>').length - 1);
    }
    // The filters choose different journeys (and the empty team list none), so the comparison above compares something.
    expect(new Set(traces).size).toBeGreaterThan(5);
    expect(traces[traces.length - 1]).toBe(0);
    const all = await folded(undefined);
    expect(all.split('<trace>').length - 1).toBeGreaterThan(150);
    expect(all).toContain('<string key="event" value="CaseHandedOver"/>');
  });

  it('with a pseudonym key, puts in the same pseudonymous resources as the fold, and no user id', async () => {
    const reference = await folded(undefined, key);
    expect(reference).toContain('key="org:resource"');
    const out = await kept(undefined, key);
    expect(out).toBe(reference);
    expect(out).not.toContain('\u0001');
  });

  it('reads a page at a time in the log’s order, whatever the page size', async () => {
    const reference = await folded({ team: ['mash'] }, key);
    for (const pageSize of [1, 7, 500]) expect(await kept({ team: ['mash'] }, key, pageSize)).toBe(reference);
  });

  it('given a journey that goes on, and one whose every entry is withdrawn, the kept traces follow them', async () => {
    const record = journeyRecorder(f.store, tenants);
    const contact = (contactId: string, childRef: string): JourneyCommand => ({
      type: 'RecordContact',
      data: { contactId, childRef, source: '6', channel: 'phone', team: 'mash', concerns: [], levelOfNeed: '3', occurredAt: '2026-05-20T10:00:00Z' },
    });
    const going = await record([contact('go-1', 'child-go')]);
    const withdrawn = await record([contact('wd-1', 'child-wd')]);
    await runner.catchUp();
    const before = await kept(undefined);
    expect(before).toContain(`value="${withdrawn}"`);
    await record(
      [{ type: 'HandOver', data: { fromTeam: 'mash', toTeam: 'early-help-north', reason: 'early-help', occurredAt: '2026-05-21T10:00:00Z' } }],
      going,
    );
    const [contactEvent] = await f.store.readStream(FIXTURE_TENANT, `journey-${withdrawn}`);
    await record([{ type: 'WithdrawEntry', data: { eventId: contactEvent.eventId, reason: 'wrong-child', occurredAt: '2026-05-21T11:00:00Z' } }], withdrawn);
    await runner.catchUp();
    const after = await kept(undefined, key);
    expect(after).toBe(await folded(undefined, key));
    expect(after).not.toContain(`value="${withdrawn}"`);
    expect(after).not.toBe(before);
  });

  it('a batch rebuild writes the same traces as the live path', async () => {
    const live = await kept(undefined, key);
    await runner.rebuild();
    expect(await kept(undefined, key)).toBe(live);
  });

  it('refuses a date it cannot read, naming the field, before reading any trace', async () => {
    await expect(kept({ to: 'next tuesday' })).rejects.toThrow(TraceFilterError);
    await expect(kept({ to: 'next tuesday' })).rejects.toThrow(/^to:/);
  });
});
