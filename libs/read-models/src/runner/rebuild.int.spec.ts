import { join } from 'node:path';
import { TenantRegistry } from '@journey-ledger/application';
import type { EventStore } from '@journey-ledger/event-store';
import { PostgresDatabase, SqliteDatabase } from '@journey-ledger/sql';
import type { SqlDatabase, SqlExecutor } from '@journey-ledger/sql';
import { STORE_KINDS } from '@journey-ledger/testing';
import type { StoreFixture } from '@journey-ledger/testing';
import { allProjections } from '../read-models';
import { MeasuresCubeProjection } from '../measures/measures.projection';
import { journeyRecorder, recordFixture } from '../testing';
import type { FinishStages, Projection } from './projection';
import { ProjectionRunner } from './projection-runner';

const tenants = TenantRegistry.fromDirectory('config/tenants');

/** Every read model, with a cube that writes out its sums every few cells, so that a rebuild adds to cells already written. */
function projections(store: EventStore): Projection[] {
  return allProjections(store, tenants.configOf).map((p) =>
    p instanceof MeasuresCubeProjection ? new MeasuresCubeProjection(store, tenants.configOf, undefined, 40) : p,
  );
}

const tablesOf = (ps: readonly Projection[], db: SqlExecutor) =>
  ps.flatMap((p) => [...p.schema(db.dialect).matchAll(/create table if not exists (\w+)/g)].map((m) => m[1]));

/** Every row of every read model, as sorted text: the same rows in any order give the same dump. */
async function dumpAll(db: SqlExecutor, tables: readonly string[]): Promise<string> {
  const parts: string[] = [];
  for (const table of tables) {
    const rows = (await db.query(`select * from ${table}`)).map((r) => JSON.stringify(r)).sort();
    parts.push(`${table} (${rows.length})\n${rows.join('\n')}`);
  }
  return parts.join('\n');
}

/** The indexes (named ones: not those behind a key) and tables of the store, by table. */
async function indexesOf(db: SqlExecutor): Promise<string[]> {
  const rows =
    db.dialect === 'postgres'
      ? await db.query<{ t: string; i: string }>(
          `select tablename as t, indexname as i from pg_indexes where schemaname = current_schema() and indexname not like '%_pkey'`,
        )
      : await db.query<{ t: string; i: string }>(`select tbl_name as t, name as i from sqlite_master where type = 'index' and sql is not null`);
  return rows.map((r) => `${r.t}: ${r.i}`).sort();
}

async function tableNames(db: SqlExecutor): Promise<string[]> {
  const rows =
    db.dialect === 'postgres'
      ? await db.query<{ t: string }>(`select tablename as t from pg_tables where schemaname = current_schema()`)
      : await db.query<{ t: string }>(`select name as t from sqlite_master where type = 'table'`);
  return rows.map((r) => r.t).sort();
}

/**
 * A read model of one table whose rebuild ends with two parts side by side, the second failing
 * after the first has started; `finished` tells whether the first ran to its end.
 */
class FailingToFinish implements Projection {
  readonly name = 'failing-to-finish';
  readonly version = 1;
  finished = false;
  schema(): string {
    return 'create table if not exists probe_rows (n integer not null);';
  }
  async reset(tx: SqlExecutor): Promise<void> {
    await tx.execute('delete from probe_rows');
  }
  async apply(events: readonly unknown[], tx: SqlExecutor): Promise<void> {
    if (events.length > 0) await tx.execute('insert into probe_rows (n) values ($1)', [events.length]);
  }
  rebuilder() {
    return {
      add: async (changes: readonly unknown[], tx: SqlExecutor) => {
        await tx.execute('insert into probe_rows (n) values ($1)', [-changes.length]);
      },
      finish: async (): Promise<FinishStages> => [
        [
          async (tx: SqlExecutor) => {
            await new Promise((r) => setTimeout(r, 50));
            await tx.execute('insert into probe_rows (n) values (0)');
            this.finished = true;
          },
          async () => {
            throw new Error('the second part failed');
          },
        ],
      ],
    };
  }
}

/** A second connection to the same store, as another process would open it. */
function otherConnection(f: StoreFixture): SqlDatabase {
  return f.db instanceof PostgresDatabase ? new PostgresDatabase({ ...f.db.options, max: 1 }) : new SqliteDatabase({ filename: join(f.dir, 'ledger.sqlite') });
}

describe.each(STORE_KINDS)('rebuilding the read models (%s)', (_, open) => {
  let f: StoreFixture;
  beforeEach(async () => {
    f = await open();
  });
  afterEach(async () => {
    await f.dispose();
  });

  const lateContact = (store: EventStore) =>
    journeyRecorder(
      store,
      tenants,
    )([
      {
        type: 'RecordContact',
        data: {
          contactId: 'late',
          childRef: 'late-child',
          source: '6',
          channel: 'phone',
          team: 'mash',
          concerns: [],
          levelOfNeed: '3',
          occurredAt: '2026-05-30T10:00:00Z',
        },
      },
    ]);

  it.each([
    ['journey after journey', 'whole journeys', false, true],
    ['journey after journey', 'the log by position', false, false],
    ['interleaved', 'whole journeys', true, true],
    ['interleaved', 'the log by position', true, false],
  ])(
    'given a log of journeys recorded %s, a batch rebuild reading %s writes the same rows as the live path, events appended during the rebuild included',
    async (_order, _read, interleaved, wholeStreams) => {
      await recordFixture(f.store, tenants, { interleaved });
      // A journey recorded after the rebuild's last page: it reaches the new tables through the live path, in the swap.
      let armed = false;
      let appended = false;
      const appendOnce = async () => {
        if (!armed || appended) return;
        appended = true;
        await lateContact(f.store);
      };
      const store = new Proxy(f.store, {
        get(target, key, receiver) {
          if (key === 'readStreamsToHead') {
            if (!wholeStreams) return undefined;
            return async (options: Parameters<NonNullable<EventStore['readStreamsToHead']>>[0]) => {
              const page = await target.readStreamsToHead!(options);
              if (page.next === undefined) await appendOnce();
              return page;
            };
          }
          if (key === 'readAll' && !wholeStreams) {
            return async (options: Parameters<EventStore['readAll']>[0]) => {
              const page = await target.readAll(options);
              if (page.length === 0) await appendOnce();
              return page;
            };
          }
          return Reflect.get(target, key, receiver);
        },
      });
      const ps = projections(f.store);
      const tables = tablesOf(ps, f.db);
      const runner = new ProjectionRunner(store, f.db, ps, { batchSize: 5, rebuildBatchSize: 7, rebuildStreamsPerPage: 3 });
      await runner.migrate();
      await runner.catchUp();
      const head = await f.store.headPosition();

      armed = true;
      await runner.rebuild();
      expect(appended).toBe(true);
      expect((await runner.status()).every((s) => s.position === s.head && s.head > head)).toBe(true);
      const rebuilt = await dumpAll(f.db, tables);
      expect(rebuilt).toContain('late-child');

      await runner.rebuild(undefined, { strategy: 'replay' });
      expect(await dumpAll(f.db, tables)).toBe(rebuilt);
    },
  );

  it('given read models written by an older version, the first catch-up rebuilds them to the same rows', async () => {
    await recordFixture(f.store, tenants);
    const first = new ProjectionRunner(f.store, f.db, projections(f.store), { batchSize: 5 });
    await first.migrate();
    await first.catchUp();
    const tables = tablesOf(first.projections, f.db);
    const live = await dumpAll(f.db, tables);
    await f.db.execute(`update projection_checkpoints set version = version - 1 where name = 'journey-facts' or name = 'analytics-measures'`);

    const restarted = new ProjectionRunner(f.store, f.db, projections(f.store), { batchSize: 5, rebuildBatchSize: 11 });
    await restarted.migrate();
    expect(await f.db.query('select count(*) as n from journey_summary')).toEqual([{ n: 0 }]);
    await restarted.catchUp();
    expect((await restarted.status()).every((s) => s.lag === 0)).toBe(true);
    expect(await dumpAll(f.db, tables)).toBe(live);
  });

  it('a reader during a rebuild sees the whole old read model until the whole new one replaces it', async () => {
    await recordFixture(f.store, tenants);
    const ps = projections(f.store);
    // Pages of one journey (or three events): many pages, so the reader gets many turns during the rebuild.
    const runner = new ProjectionRunner(f.store, f.db, ps, { rebuildBatchSize: 3, rebuildStreamsPerPage: 1 });
    await runner.migrate();
    await runner.catchUp();
    const reader = otherConnection(f);
    const totals = async () =>
      JSON.stringify(
        await reader.query(`select (select count(*) from journey_summary) as journeys, (select count(*) from journey_contacts) as contacts,
          (select sum(n) from analytics_cube_month where dims = 'none') as cells, (select count(*) from analytics_referrals) as referrals,
          (select count(*) from practitioner_journeys) as practitioners`),
      );
    const before = await totals();
    let rebuilding = true;
    const seen: string[] = [];
    const reading = (async () => {
      while (rebuilding) {
        seen.push(await totals());
        await new Promise((r) => setImmediate(r));
      }
    })();
    await runner.rebuild();
    rebuilding = false;
    await reading;
    const after = await totals();
    await reader.close();
    expect(seen.length).toBeGreaterThan(10);
    expect(new Set(seen)).toEqual(new Set([before]));
    expect(after).toBe(before);
  });

  it('a rebuild leaves each read model with the indexes its schema names, under their usual names, and no shadow table behind', async () => {
    await recordFixture(f.store, tenants);
    const ps = projections(f.store);
    const runner = new ProjectionRunner(f.store, f.db, ps, { rebuildBatchSize: 9 });
    await runner.migrate();
    await runner.catchUp();
    const indexes = await indexesOf(f.db);
    const tables = await tableNames(f.db);
    expect(indexes).toContain('journey_summary: journey_summary_started');

    await runner.rebuild();
    expect(await indexesOf(f.db)).toEqual(indexes);
    expect(await tableNames(f.db)).toEqual(tables);
  });

  it('when a part of the work after the last page fails, the rebuild fails once every part has stopped, and the read model in use is untouched', async () => {
    await recordFixture(f.store, tenants);
    const probe = new FailingToFinish();
    const runner = new ProjectionRunner(f.store, f.db, [probe], { rebuildBatchSize: 9 });
    await runner.migrate();
    await runner.catchUp();
    const before = await f.db.query('select n from probe_rows order by n');
    const [status] = await runner.status();

    await expect(runner.rebuild()).rejects.toThrow('the second part failed');
    expect(probe.finished).toBe(true);
    expect(await f.db.query('select n from probe_rows order by n')).toEqual(before);
    expect(await runner.status()).toEqual([status]);
  });
});
