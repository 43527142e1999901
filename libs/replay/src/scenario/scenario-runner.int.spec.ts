import { toJourneyEvent } from '@journey-ledger/domain';
import { TenantRegistry } from '@journey-ledger/application';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordedJourneyEvent } from '@journey-ledger/domain';
import { SqliteEventStore } from '@journey-ledger/event-store';
import type { EventToAppend } from '@journey-ledger/event-store';
import { openReadModels } from '@journey-ledger/read-models';
import { SqliteDatabase } from '@journey-ledger/sql';
import { englandAndWalesCalendar } from '@journey-ledger/domain';
import { familyJourneys, fixtureJourneys, northShireContext, ONE_FRONT_DOOR, ONE_LEAD_PRACTITIONER_PER_FAMILY } from '../testing/scenario-fixtures';
import { compareJourneys } from './compare';
import { parseScenario } from './scenario-document';
import { runScenario } from './scenario-runner';
import { ScenarioRepository } from './scenario-store';

const settings = { calendar: englandAndWalesCalendar(), timeZone: 'Europe/London', tenantId: 'north-shire' };
const toAppend = (e: RecordedJourneyEvent): EventToAppend => ({
  eventId: `${e.metadata.tenantId}:${e.metadata.eventId}`,
  type: e.type,
  version: e.version,
  data: e.data,
  metadata: { ...e.metadata, recordedAt: undefined },
});

describe('running a scenario over the real log (SQLite file store)', () => {
  let dir: string;
  let db: SqliteDatabase;
  let store: SqliteEventStore;
  const filename = () => join(dir, 'ledger.sqlite');

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'replay-'));
    db = new SqliteDatabase({ filename: filename() });
    store = new SqliteEventStore(db);
    await store.migrate();
    // Journeys written interleaved, as a live log is: one event of each in turn.
    const journeys = fixtureJourneys();
    for (let i = 0; i < Math.max(...journeys.map((j) => j.length)); i++) {
      for (const j of journeys) {
        if (i < j.length) {
          await store.appendToStream({
            tenantId: 'north-shire',
            streamId: `journey-${j[i].metadata.journeyId}`,
            events: [toAppend(j[i])],
            expectedRevision: i === 0 ? 'no_stream' : i - 1,
          });
        }
      }
    }
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const fileBytes = () => {
    (db.handle as { pragma(s: string): unknown }).pragma('wal_checkpoint(TRUNCATE)');
    const h = createHash('sha256');
    for (const f of [filename(), `${filename()}-wal`]) if (existsSync(f)) h.update(readFileSync(f));
    return h.digest('hex');
  };

  it('given the four fixture journeys, when MASH and CART are merged, then handovers fall from 8 to 5 while holding only open journeys', async () => {
    const result = await runScenario(store, parseScenario(ONE_FRONT_DOOR, northShireContext), { ...settings, batchSize: 3 });
    const handovers = result.measures.find((m) => m.measure === 'handovers')!;
    expect([result.journeys, handovers.today.total, handovers.scenario.total]).toEqual([4, 8, 5]);
    expect(result.eventsRead).toBe(fixtureJourneys().flat().length);
    expect(result.peakOpenJourneys).toBeLessThanOrEqual(4);
  });

  it('then the real streams and the real read models are unchanged, byte for byte', async () => {
    const readModels = await openReadModels(store, db, { tenants: TenantRegistry.fromDirectory('config/tenants').configOf });
    await readModels.catchUp();
    const dump = async () =>
      JSON.stringify(
        await Promise.all(
          (await db.query<{ name: string }>("select name from sqlite_master where type = 'table' order by name")).map(async (t) => [
            t.name,
            await db.query(`select * from "${t.name}" order by 1`),
          ]),
        ),
      );
    const [bytesBefore, tablesBefore] = [fileBytes(), await dump()];
    await runScenario(store, parseScenario(ONE_FRONT_DOOR, northShireContext), settings);
    expect(await dump()).toBe(tablesBefore);
    expect(fileBytes()).toBe(bytesBefore);
  });

  it('a correction after closure reopens a counted journey: the run agrees with replaying each journey whole', async () => {
    // j-3 was closed; the closure is withdrawn, the case goes mash → cart, and is closed again.
    const [, , j3] = fixtureJourneys();
    const closedId = `north-shire:${j3[2].metadata.eventId}`;
    const more: EventToAppend[] = [
      {
        eventId: 'fix-1',
        type: 'EntryRecordedInError',
        version: 1,
        data: { withdrawnEventId: closedId, withdrawnType: 'JourneyClosed', reason: 'closed too soon' },
        metadata: { occurredAt: '2025-03-05T09:00:00.000Z', journeyId: 'j-3', tenantId: 'north-shire' },
      },
      {
        eventId: 'fix-2',
        type: 'CaseHandedOver',
        version: 1,
        data: { fromTeam: 'mash', toTeam: 'cart', reason: 'second look' },
        metadata: { occurredAt: '2025-03-05T10:00:00.000Z', journeyId: 'j-3', tenantId: 'north-shire' },
      },
      {
        eventId: 'fix-3',
        type: 'JourneyClosed',
        version: 1,
        data: { reason: 'contact-nfa', team: 'cart' },
        metadata: { occurredAt: '2025-03-05T11:00:00.000Z', journeyId: 'j-3', tenantId: 'north-shire' },
      },
    ];
    await store.appendToStream({ tenantId: 'north-shire', streamId: 'journey-j-3', events: more, expectedRevision: 2 });
    const scenario = parseScenario(ONE_FRONT_DOOR, northShireContext);
    const result = await runScenario(store, scenario, { ...settings, batchSize: 2 });
    expect(result.reopened).toBe(1);

    const whole = await Promise.all(
      ['j-1', 'j-2', 'j-3', 'j-4'].map(async (id) => (await store.readStream('north-shire', `journey-${id}`)).map(toJourneyEvent)),
    );
    const expected = compareJourneys(whole, scenario, settings);
    expect(result.measures).toEqual(expected.measures);
    // j-3 now has one handover today (mash → cart) and none with one front door
    expect(result.measures.find((m) => m.measure === 'handovers')).toMatchObject({ today: { total: 9 }, scenario: { total: 5 } });
  });

  it('as known before the correction, the run counts the journey as first closed', async () => {
    const before = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    await store.appendToStream({
      tenantId: 'north-shire',
      streamId: 'journey-j-3',
      expectedRevision: 2,
      events: [
        {
          eventId: 'fix-1',
          type: 'EntryRecordedInError',
          version: 1,
          data: { withdrawnEventId: 'north-shire:j-3-e3', withdrawnType: 'JourneyClosed', reason: 'x' },
          metadata: { occurredAt: '2025-03-05T09:00:00.000Z' },
        },
      ],
    });
    const scenario = parseScenario(ONE_FRONT_DOOR, northShireContext);
    const then = await runScenario(store, scenario, { ...settings, asKnownAt: before });
    expect(then.reopened).toBe(0);
    expect(then.journeys).toBe(4);
  });

  it('scenario documents are stored as versions in their own stream, never in a journey stream', async () => {
    const repo = new ScenarioRepository(store);
    const actor = { userId: 'designer-1', role: 'designer' };
    await repo.save(ONE_FRONT_DOOR, northShireContext, actor);
    const { stored } = await repo.save(ONE_FRONT_DOOR.replace('title: MASH and CART as one front door', 'title: One front door, v2'), northShireContext, actor);
    expect([stored.id, stored.version, stored.title]).toEqual(['one-front-door', 2, 'One front door, v2']);
    expect((await repo.get('north-shire', 'one-front-door', 1)).title).toBe('MASH and CART as one front door');
    // saving again with a command id already used returns the version it saved, and adds none
    const once = await repo.save(ONE_FRONT_DOOR, northShireContext, actor, 'cmd-42');
    const again = await repo.save(ONE_FRONT_DOOR, northShireContext, actor, 'cmd-42');
    expect([once.stored.version, again.stored.version, (await repo.versions('north-shire', 'one-front-door')).length]).toEqual([3, 3, 3]);
    // and the run ignores them
    const result = await runScenario(store, parseScenario(ONE_FRONT_DOOR, northShireContext), settings);
    expect(result.journeys).toBe(4);
  });

  it('given families in the log, when each family gets one lead practitioner, then the streamed run agrees with comparing the families whole', async () => {
    // The fixture families, written interleaved after the four journeys above.
    const families = familyJourneys();
    for (let i = 0; i < Math.max(...families.map((j) => j.length)); i++) {
      for (const j of families) {
        if (i < j.length) {
          await store.appendToStream({
            tenantId: 'north-shire',
            streamId: `journey-${j[i].metadata.journeyId}`,
            events: [toAppend(j[i])],
            expectedRevision: i === 0 ? 'no_stream' : i - 1,
          });
        }
      }
    }
    const scenario = parseScenario(ONE_LEAD_PRACTITIONER_PER_FAMILY, northShireContext);
    const result = await runScenario(store, scenario, { ...settings, batchSize: 4 });
    const expected = compareJourneys([...fixtureJourneys(), ...families], scenario, settings);
    expect(result.measures).toEqual(expected.measures);
    expect(result.families).toEqual(expected.families);
    expect(result.families.measures.find((m) => m.measure === 'practitionersMet')).toMatchObject({ today: { total: 9 }, scenario: { total: 5 } });
    // j-a, closed while its family still had journeys to come, was held to the end with the open ones.
    expect(result.journeys).toBe(9);
  });
});
