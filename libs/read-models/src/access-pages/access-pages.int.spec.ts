import { AccessLog } from '@journey-ledger/audit';
import { STORE_KINDS } from '@journey-ledger/testing';
import type { StoreFixture } from '@journey-ledger/testing';
import { ProjectionRunner } from '../runner/projection-runner';
import { AccessPagesProjection } from './access-pages.projection';
import { AccessPagesIndex } from './access-pages.queries';

const journeys = Array.from({ length: 40 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
const access = (userId: string) => ({
  tenantId: 'north-shire',
  userId,
  roles: ['designer'],
  correlationId: `c-${userId}`,
  action: 'export' as const,
  route: 'GET /process-mining/xes',
});

describe.each(STORE_KINDS)('the access log’s page accesses, indexed by journey (%s store)', (_name, open) => {
  let f: StoreFixture;
  let runner: ProjectionRunner;
  let log: AccessLog;
  beforeAll(async () => {
    f = await open();
    runner = new ProjectionRunner(f.store, f.db, [new AccessPagesProjection()], { batchSize: 3, rebuildBatchSize: 2 });
    await runner.migrate();
    log = new AccessLog(f.store, { pages: new AccessPagesIndex(f.db) });
  });
  afterAll(async () => f.dispose());

  const rows = () =>
    f.db.query(
      'select tenant_id, journey_id, position, access_id, at, user_id, roles, action, route, correlation_id, hash from access_journey_pages order by tenant_id, journey_id, position',
    );

  it('given two exports naming overlapping pages and one single read, finds for each journey every access that named it, oldest first', async () => {
    // Given
    const first = await log.recordPage(access('ana'), journeys.slice(0, 25));
    const single = await log.record({ ...access('ben'), action: 'view', route: 'GET /journeys/:journeyId', journeyId: journeys[3] });
    const second = await log.recordPage(access('ben'), journeys.slice(20));
    await log.recordPage({ ...access('ana'), tenantId: 'south-vale' }, [journeys[3]]);
    await runner.catchUp();

    // Then
    expect((await log.byJourney('north-shire', journeys[3])).map((e) => [e.accessId, e.userId, e.journeyId])).toEqual([
      [first, 'ana', journeys[3]],
      [single, 'ben', journeys[3]],
    ]);
    expect((await log.byJourney('north-shire', journeys[22])).map((e) => e.accessId)).toEqual([first, second]);
    expect((await log.byJourney('north-shire', journeys[22], 'ben')).map((e) => e.accessId)).toEqual([second]);
    expect((await log.byJourney('north-shire', journeys[39])).map((e) => e.accessId)).toEqual([second]);
    // The other council's export is not this council's business.
    expect((await log.byJourney('south-vale', journeys[22])).map((e) => e.accessId)).toEqual([]);
    // The user's own view lists each journey of a page, as it did when pages were written journey by journey.
    const ana = await log.byUser('north-shire', 'ana');
    expect(ana.map((e) => e.journeyId)).toEqual(journeys.slice(0, 25));
    expect(new Set(ana.map((e) => e.position)).size).toBe(1);
  });

  it('each entry carries the position and hash of the page event in the user’s hash-chained stream', async () => {
    const [entry] = await log.byJourney('north-shire', journeys[0]);
    const stream = await f.store.readStream('north-shire', 'access-user-ana');
    expect(stream.map((e) => [e.position, e.hash])).toContainEqual([entry.position, entry.hash]);
  });

  it('writes nothing for an empty page', async () => {
    const before = await f.store.headPosition();
    expect(await log.recordPage(access('ana'), [])).toBeUndefined();
    expect(await f.store.headPosition()).toBe(before);
  });

  it('rebuilt from the log, holds the same rows as projected live', async () => {
    const live = await rows();
    expect(live.length).toBe(25 + 20 + 1);
    await runner.rebuild();
    expect(await rows()).toEqual(live);
  });
});
