import request from 'supertest';
import { isAccessLogStream } from '@journey-ledger/audit';
import { SecurityApp, startSecurityApp, STORES } from './support';

describe.each(STORES)('access log (%s store)', (kind) => {
  let t: SecurityApp;
  let journeyId: string;
  let other: string;
  let auditor: string;
  const as = async (roles: any[], userId: string, path: string) =>
    request(t.http)
      .get(path)
      .set('Authorization', `Bearer ${await t.tokenFor(roles, 'north-shire', userId)}`);

  beforeAll(async () => {
    t = await startSecurityApp(kind);
    journeyId = await t.startJourney();
    other = await t.startJourney();
    auditor = await t.tokenFor(['auditor'], 'north-shire', 'auditor-ig');
  });
  afterAll(async () => t.close());

  const log = async (query: string) => {
    const res = await request(t.http).get(`/audit/access?${query}`).set('Authorization', `Bearer ${auditor}`);
    expect(res.status).toBe(200);
    return res.body.entries as { userId: string; action: string; route: string; journeyId: string; at: string; correlationId: string }[];
  };

  it('records every read of a journey — view, events, replay, audit — with who, when, which journey and which route', async () => {
    expect((await as(['recorder'], 'alice', `/journeys/${journeyId}`)).status).toBe(200);
    expect((await as(['recorder'], 'alice', `/journeys/${journeyId}/events`)).status).toBe(200);
    expect((await as(['designer'], 'bob', `/journeys/${journeyId}/replay`)).status).toBe(200);
    expect((await as(['auditor'], 'carol', `/journeys/${journeyId}/audit`)).status).toBe(200);
    expect((await as(['designer'], 'bob', `/journeys/${other}`)).status).toBe(200);

    const entries = await log(`journeyId=${journeyId}`);
    expect(entries.map((e) => [e.userId, e.action, e.route])).toEqual([
      ['alice', 'view', 'GET /journeys/:journeyId'],
      ['alice', 'events', 'GET /journeys/:journeyId/events'],
      ['bob', 'replay', 'GET /journeys/:journeyId/replay'],
      ['carol', 'audit', 'GET /journeys/:journeyId/audit'],
    ]);
    for (const e of entries) {
      expect(e.journeyId).toBe(journeyId);
      expect(Number.isNaN(Date.parse(e.at))).toBe(false);
      expect(e.correlationId).toEqual(expect.any(String));
    }
  });

  it('answers by user, and by journey and user together', async () => {
    expect((await log('userId=bob')).map((e) => [e.journeyId, e.action])).toEqual([
      [journeyId, 'replay'],
      [other, 'view'],
    ]);
    expect((await log(`journeyId=${journeyId}&userId=alice`)).map((e) => e.action)).toEqual(['view', 'events']);
    expect((await request(t.http).get('/audit/access').set('Authorization', `Bearer ${auditor}`)).status).toBe(400);
  });

  it('does not record refused or failed reads, and keeps the log out of the journey read models', async () => {
    const before = (await log('userId=mallory')).length;
    expect((await as(['analyst'], 'mallory', `/journeys/${journeyId}`)).status).toBe(403);
    expect((await as(['recorder'], 'mallory', '/journeys/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await log('userId=mallory')).length).toBe(before);
    // The access streams are events like any other, chained and tenant-scoped, but not journeys.
    const streams = new Set((await t.store.readAll({ tenantId: 'north-shire', maxCount: 10000 })).map((e) => e.streamId));
    expect([...streams].filter(isAccessLogStream).sort()).toEqual(expect.arrayContaining([`access-journey-${journeyId}`, 'access-user-alice']));
    const [row] = await t.db.query<{ n: number }>('select count(*) as n from journey_summary');
    expect(Number(row.n)).toBe(2);
  });

  it('records reads of personal data by child reference', async () => {
    const admin = await t.tokenFor(['admin'], 'north-shire', 'admin-1');
    await request(t.http).put('/people/child-abc').set('Authorization', `Bearer ${admin}`).send({ givenName: 'Ada' });
    expect((await as(['recorder'], 'alice', '/people/child-abc')).status).toBe(200);
    expect((await log('childRef=child-abc')).map((e) => [e.userId, e.action])).toEqual([['alice', 'personal-data']]);
  });
});
