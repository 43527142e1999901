import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { startTestApp, StoreKind, TestApp } from './support/test-app';

describe.each<StoreKind>(['embedded', 'postgres'])('finding journeys: GET /journeys (%s store)', (kind) => {
  let t: TestApp;
  let recorder: string;
  let designer: string;
  let auditor: string;
  const ids: Record<string, string> = {};

  const record = async (path: string, body: object) => {
    const res = await request(t.http)
      .post(path)
      .set('Authorization', `Bearer ${recorder}`)
      .send({ commandId: randomUUID(), ...body });
    expect({ path, status: res.status }).toEqual({ path, status: 201 });
    return res.body;
  };
  const search = (query: string, token = designer) => request(t.http).get(`/journeys${query}`).set('Authorization', `Bearer ${token}`);

  beforeAll(async () => {
    t = await startTestApp(kind);
    [recorder, designer, auditor] = await Promise.all([t.token('recorder'), t.token('designer'), t.token('auditor', 'north-shire', 'auditor-1')]);
    // Given: A goes customer access → MASH → CART; B goes MASH → CART; C stays with MASH (and starts a month later).
    ids.a = (
      await record('/journeys', {
        childRef: 'child-a',
        source: '2A',
        channel: 'phone',
        team: 'customer-access',
        levelOfNeed: '3',
        occurredAt: '2025-03-03T10:00:00.000Z',
      })
    ).journeyId;
    await record(`/journeys/${ids.a}/handovers`, {
      fromTeam: 'customer-access',
      toTeam: 'mash',
      reason: 'threshold-decision',
      occurredAt: '2025-03-03T11:00:00.000Z',
    });
    await record(`/journeys/${ids.a}/handovers`, { fromTeam: 'mash', toTeam: 'cart', reason: 'referral-accepted', occurredAt: '2025-03-04T11:00:00.000Z' });
    ids.b = (
      await record('/journeys', { childRef: 'child-b', source: '6', channel: 'phone', team: 'mash', levelOfNeed: '3', occurredAt: '2025-03-05T10:00:00.000Z' })
    ).journeyId;
    await record(`/journeys/${ids.b}/handovers`, { fromTeam: 'mash', toTeam: 'cart', reason: 'referral-accepted', occurredAt: '2025-03-05T11:00:00.000Z' });
    ids.c = (
      await record('/journeys', { childRef: 'child-c', source: '6', channel: 'phone', team: 'mash', levelOfNeed: '2', occurredAt: '2025-04-07T10:00:00.000Z' })
    ).journeyId;
  });
  afterAll(async () => t.close());

  const found = (res: request.Response) => res.body.journeys.map((j: { journeyId: string }) => Object.keys(ids).find((k) => ids[k] === j.journeyId));

  it('lists journeys newest first, with their path and handovers', async () => {
    const res = await search('');
    expect(res.status).toBe(200);
    expect(found(res)).toEqual(['c', 'b', 'a']);
    expect(res.body.journeys[2]).toMatchObject({
      childRef: 'child-a',
      handovers: 2,
      holderPath: ['customer-access', 'mash', 'cart'],
      startedAt: '2025-03-03T10:00:00.000Z',
      status: 'open',
    });
    expect(res.body).toMatchObject({ page: 1, pageSize: 25, total: 3 });
  });

  it.each([
    ['?childRef=child-b', ['b']],
    ['?team=customer-access', ['a']],
    ['?fromTeam=mash&toTeam=cart', ['b', 'a']],
    ['?fromTeam=customer-access&toTeam=cart', []],
    ['?minHandovers=2', ['a']],
    ['?maxHandovers=0', ['c']],
    ['?from=2025-03-04&to=2025-04-01', ['b']],
    ['?from=2025-04-01T00:00:00Z', ['c']],
  ])('filters: %s', async (query, expected) => {
    const res = await search(query);
    expect(res.status).toBe(200);
    expect(found(res)).toEqual(expected);
  });

  it('pages through the results', async () => {
    const first = await search('?pageSize=2');
    const second = await search('?pageSize=2&page=2');
    expect([found(first), found(second), second.body.total]).toEqual([['c', 'b'], ['a'], 3]);
  });

  it.each([
    ['?pageSize=101', 'pageSize'],
    ['?page=0', 'page'],
    ['?outcome=rescued', 'outcome'],
    ['?team=MASH%25', 'team'],
    ['?from=yesterday', 'from'],
    ['?fromTeam=mash', 'toTeam'],
    ['?from=2025-05-01&to=2025-04-01', 'to'],
    ['?colour=red', 'colour'],
  ])('refuses %s with a 400 naming %s', async (query, field) => {
    const res = await search(query);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('records each listed journey in the access log under the searcher', async () => {
    const res = await search('?childRef=child-a', auditor);
    expect(res.status).toBe(200);
    const log = await request(t.http).get(`/audit/access?journeyId=${ids.a}&userId=auditor-1`).set('Authorization', `Bearer ${auditor}`);
    expect(log.body.entries.map((e: { action: string; route: string }) => [e.action, e.route])).toEqual([['read', 'GET /journeys']]);
  });
});
