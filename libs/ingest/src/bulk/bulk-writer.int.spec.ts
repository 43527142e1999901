import { TeamDirectory } from '@journey-ledger/domain';
import { northShireTeams } from '@journey-ledger/domain/testing';
import type { JourneyCommand } from '@journey-ledger/domain';
import { eventIdFor } from '@journey-ledger/application';
import { BulkWriter, JourneyCommands, JourneyWriteResult } from './bulk-writer';
import { STORE_KINDS, StoreFixture } from '../testing/stores';

const TENANT = 'north-shire';
const teams = new TeamDirectory(northShireTeams);
const actor = { userId: 'importer', role: 'system' };
const now = () => new Date('2025-06-01T00:00:00Z');

/** A contact closed NFA: three commands, three events (ContactReceived, ContactDecided, JourneyClosed). */
function nfaJourney(n: number, extra: { commandId: string; command: JourneyCommand }[] = []): JourneyCommands<number> {
  return {
    tenantId: TENANT,
    journeyId: `j-${n}`,
    correlationId: `corr-${n}`,
    actor,
    ref: n,
    commands: [
      {
        commandId: `c-${n}-1`,
        command: {
          type: 'RecordContact',
          data: {
            occurredAt: '2025-01-06T10:00:00Z',
            contactId: `k-${n}`,
            childRef: `child-${n}`,
            source: '6',
            channel: 'phone',
            team: 'customer-access',
            concerns: [],
            levelOfNeed: '2',
          },
        },
      },
      { commandId: `c-${n}-2`, command: { type: 'DecideContact', data: { occurredAt: '2025-01-06T11:00:00Z', outcome: 'nfa', team: 'customer-access' } } },
      ...extra,
    ],
  };
}
const close = (n: number) => ({
  commandId: `c-${n}-3`,
  command: { type: 'CloseJourney', data: { occurredAt: '2025-01-06T12:00:00Z', reason: 'contact-nfa' } } as JourneyCommand,
});

describe.each(STORE_KINDS)('bulk writer on the %s store', (_name, open) => {
  let f: StoreFixture;
  beforeEach(async () => {
    f = await open();
  });
  afterEach(async () => f.dispose());

  const writer = (outcomes: Map<number, JourneyWriteResult>, batchJourneys = 1000) =>
    new BulkWriter<number>({
      store: f.store,
      teamsFor: (t) => (t === TENANT ? teams : undefined),
      now,
      batchJourneys,
      onOutcome: (j, o) => void outcomes.set(j.ref as number, o),
    });

  it('writes many journeys in batches, with event ids derived from command ids', async () => {
    const outcomes = new Map<number, JourneyWriteResult>();
    const report = await writer(outcomes, 2).write([1, 2, 3, 4, 5].map((n) => nfaJourney(n, [close(n)])));
    expect(report).toMatchObject({ journeys: 5, written: 5, skipped: 0, rejected: 0, events: 15, batches: 3, fallbacks: 0 });
    const stream = await f.store.readStream(TENANT, 'journey-j-3');
    expect(stream.map((e) => e.type)).toEqual(['ContactReceived', 'ContactDecided', 'JourneyClosed']);
    expect(stream.map((e) => e.eventId)).toEqual([eventIdFor(TENANT, 'c-3-1', 0), eventIdFor(TENANT, 'c-3-2', 0), eventIdFor(TENANT, 'c-3-3', 0)]);
    expect(stream[0].metadata).toMatchObject({ causationId: 'c-3-1', journeyId: 'j-3', tenantId: TENANT, occurredAt: '2025-01-06T10:00:00.000Z' });
  });

  it('rejects a journey whose command breaks a rule, writes none of it, and writes the others', async () => {
    const outcomes = new Map<number, JourneyWriteResult>();
    const bad = nfaJourney(2, [
      { commandId: 'c-2-3', command: { type: 'HandOver', data: { occurredAt: '2025-01-06T12:00:00Z', fromTeam: 'mash', toTeam: 'cart', reason: 'x' } } },
    ]);
    const report = await writer(outcomes).write([nfaJourney(1, [close(1)]), bad, nfaJourney(3, [close(3)])]);
    expect(report).toMatchObject({ written: 2, rejected: 1, events: 6 });
    // Both teams exist, but customer-access holds the journey, not mash.
    expect(outcomes.get(2)).toMatchObject({ status: 'rejected', commandIndex: 2, code: 'NotTheHolder', field: 'fromTeam' });
    expect(await f.store.readStream(TENANT, 'journey-j-2')).toEqual([]);
    expect(await f.store.streamRevision(TENANT, 'journey-j-3')).toBe(2);
  });

  it('refuses an event in the future (the clock is the decider’s now)', async () => {
    const outcomes = new Map<number, JourneyWriteResult>();
    const future = {
      commandId: 'c-1-3',
      command: { type: 'CloseJourney', data: { occurredAt: '2025-06-02T00:00:00Z', reason: 'contact-nfa' } } as JourneyCommand,
    };
    await writer(outcomes).write([nfaJourney(1, [future])]);
    expect(outcomes.get(1)).toMatchObject({ status: 'rejected', code: 'OccurredInFuture', commandIndex: 2 });
  });

  it('adds nothing when the same journeys are written again, and only the new commands when a journey grew', async () => {
    await writer(new Map()).write([1, 2, 3].map((n) => nfaJourney(n)));
    const head = await f.store.headPosition();

    const again = new Map<number, JourneyWriteResult>();
    const rerun = await writer(again).write([1, 2, 3].map((n) => nfaJourney(n)));
    expect(rerun).toMatchObject({ written: 0, skipped: 3, events: 0, fallbacks: 1 });
    expect(await f.store.headPosition()).toBe(head);

    const grown = new Map<number, JourneyWriteResult>();
    const third = await writer(grown).write([nfaJourney(1), nfaJourney(2, [close(2)]), nfaJourney(4, [close(4)])]);
    expect(third).toMatchObject({ written: 2, skipped: 1, events: 4 });
    expect(grown.get(2)).toEqual({ status: 'written', events: 1, commands: 3, alreadyStored: 2 });
    expect((await f.store.readStream(TENANT, 'journey-j-2')).map((e) => e.type)).toEqual(['ContactReceived', 'ContactDecided', 'JourneyClosed']);
    expect(await f.store.streamRevision(TENANT, 'journey-j-4')).toBe(2);
  });

  it('reads existing journeys first when told they mostly exist', async () => {
    await writer(new Map()).write([nfaJourney(1)]);
    const w = new BulkWriter({ store: f.store, teamsFor: () => teams, now, assumeNew: false });
    const report = await w.write([nfaJourney(1, [close(1)])]);
    expect(report).toMatchObject({ written: 1, events: 1, fallbacks: 0 });
  });

  it('by default appends 4000 journeys a transaction to the embedded store and 1000 to PostgreSQL', async () => {
    const w = new BulkWriter({ store: f.store, teamsFor: () => teams, now });
    const report = await w.write(Array.from({ length: 4001 }, (_, i) => nfaJourney(i)));
    expect(report).toMatchObject({ journeys: 4001, written: 4001, events: 8002, batches: f.store.kind === 'embedded' ? 2 : 5 });
  });
});
