import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { ONE_FRONT_DOOR } from '@journey-ledger/replay/testing';
import { at, SecurityApp, startSecurityApp, STORES } from './support';

/**
 * Input that used to reach the store and answer 500 (PostgreSQL) or be stored (SQLite): the
 * stores must agree, so it is refused before either sees it, with a 400 naming the field.
 */
const NUL = '\u0000';
const LONE_HIGH = '\ud800';
const LONE_LOW = '\udc00';

/** An exponential YAML alias bomb: 9^11 strings from 428 bytes. */
function aliasBomb(): string {
  const lines = ['format: journey-ledger/scenario@1', 'id: bomb', 'tenant: north-shire', 'title: t', 'a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 12; i++) {
    const p = String.fromCharCode(96 + i);
    const c = String.fromCharCode(97 + i);
    lines.push(`${c}: &${c} [${Array(9).fill(`*${p}`).join(',')}]`);
  }
  return lines.join('\n');
}

describe.each(STORES)('bad input never answers 500 (%s store)', (kind) => {
  let t: SecurityApp;
  let recorder: string;
  let designer: string;
  beforeAll(async () => {
    t = await startSecurityApp(kind);
    recorder = await t.tokenFor(['recorder']);
    designer = await t.tokenFor(['designer']);
  });
  afterAll(async () => t.close());

  const send = (method: 'post' | 'put', path: string, token: string, body: unknown) =>
    (method === 'post' ? request(t.http).post(path) : request(t.http).put(path))
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/json')
      .send(typeof body === 'string' ? body : JSON.stringify(body));
  const contact = () => ({ commandId: randomUUID(), childRef: 'child-bad', source: '2A', channel: 'phone', team: 'mash', levelOfNeed: '3', occurredAt: at(0) });

  it.each<[string, 'post' | 'put', string, 'recorder' | 'designer', unknown, string]>([
    ['a NUL in a scenario document', 'post', '/scenarios', 'designer', { source: ONE_FRONT_DOOR.replace('one front door', `one${NUL}front door`) }, 'source'],
    [
      'a lone high surrogate in a scenario document',
      'post',
      '/scenarios',
      'designer',
      { source: ONE_FRONT_DOOR.replace('one front door', `one${LONE_HIGH} front door`) },
      'source',
    ],
    ['a lone low surrogate in a name', 'put', '/people/child-bad', 'recorder', { givenName: `Ada${LONE_LOW}` }, 'givenName'],
    ['a NUL in an address line', 'put', '/people/child-bad', 'recorder', { address: { lines: ['1 High St', `x${NUL}`] } }, 'address.lines.1'],
    ['a NUL in a field name', 'post', '/journeys', 'recorder', { ...contact(), [`level${NUL}`]: '3' }, `level${NUL}`],
  ])('refuses %s with 400 naming the field, writing nothing', async (_, method, path, role, body, field) => {
    const before = await t.eventCount();
    const res = await send(method, path, role === 'designer' ? designer : recorder, body);
    expect({ status: res.status, fields: res.body.errors?.map((e: { field: string }) => e.field) }).toEqual({ status: 400, fields: [field] });
    expect(await t.eventCount()).toBe(before);
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses a body with a %s key, at any depth, naming it', async (key) => {
    const top = `{"${key}":{"polluted":true},${JSON.stringify(contact()).slice(1)}`;
    const nested = JSON.stringify({ address: { lines: ['1 High St'] } }).replace('"lines"', `"${key}":{"polluted":true},"lines"`);
    for (const [method, path, body, field] of [
      ['post', '/journeys', top, key],
      ['put', '/people/child-proto', nested, `address.${key}`],
    ] as const) {
      const before = await t.eventCount();
      const res = await send(method, path, recorder, body);
      expect({ status: res.status, fields: res.body.errors?.map((e: { field: string }) => e.field) }).toEqual({ status: 400, fields: [field] });
      expect(await t.eventCount()).toBe(before);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a YAML alias bomb as an invalid scenario (400), never 500', async () => {
    const res = await send('post', '/scenarios', designer, { source: aliasBomb() });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: '(document)', messages: [expect.stringMatching(/alias/)] }]);
  });

  it('still accepts the same input without the bad characters', async () => {
    expect((await send('post', '/scenarios', designer, { source: ONE_FRONT_DOOR })).status).toBe(201);
    expect((await send('put', '/people/child-bad', recorder, { givenName: 'Ada', address: { lines: ['1 High St'] } })).status).toBe(200);
    expect((await send('post', '/journeys', recorder, contact())).status).toBe(201);
  });
});
