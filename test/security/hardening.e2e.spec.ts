import { Writable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { setLogSink } from '../../apps/api/src/hardening/json-logger';
import { SecurityApp, startSecurityApp, STORES } from './support';

describe.each(STORES)('hardening (%s store)', (kind) => {
  let t: SecurityApp;
  const lines: string[] = [];

  beforeAll(async () => {
    setLogSink(new Writable({ write: (chunk, _, done) => (lines.push(...String(chunk).split('\n').filter(Boolean)), done()) }));
    t = await startSecurityApp(kind);
  });
  afterAll(async () => {
    await t.close();
    setLogSink(undefined);
  });

  it('sends security headers on every answer', async () => {
    for (const res of [await request(t.http).get('/health'), await request(t.http).get('/journeys/x')]) {
      expect(res.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'strict-transport-security': expect.stringContaining('max-age='),
        'content-security-policy': expect.stringContaining("default-src 'none'"),
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-store',
      });
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('refuses bodies over the size limit with 413, writing nothing', async () => {
    const before = await t.eventCount();
    const res = await request(t.http)
      .post('/journeys')
      .set('Authorization', `Bearer ${await t.tokenFor(['recorder'])}`)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ commandId: randomUUID(), pad: 'x'.repeat(300 * 1024) }));
    expect(res.status).toBe(413);
    expect(await t.eventCount()).toBe(before);
  });

  it('refuses deeply nested bodies with 400 (the validation libraries recurse: 5000 levels used to be a 500)', async () => {
    const before = await t.eventCount();
    const res = await request(t.http)
      .post('/journeys')
      .set('Authorization', `Bearer ${await t.tokenFor(['recorder'])}`)
      .set('Content-Type', 'application/json')
      .send(`{"commandId":"${randomUUID()}","concerns":${'['.repeat(5000)}${']'.repeat(5000)}}`);
    expect(res.status).toBe(400);
    expect(await t.eventCount()).toBe(before);
  });

  it('logs one JSON line per request: route pattern, status, tenant, user, correlation id — never a token, a body or personal data', async () => {
    const token = await t.tokenFor(['recorder'], 'north-shire', 'logged-user');
    const admin = await t.tokenFor(['admin']);
    await request(t.http).put('/people/child-logs').set('Authorization', `Bearer ${admin}`).send({ givenName: 'Philippa', familyName: 'Secretname' });
    const j = await t.startJourney('north-shire', 'child-logs');
    await request(t.http).get(`/journeys/${j}?q=Philippa`).set('Authorization', `Bearer ${token}`).set('X-Correlation-Id', 'corr-log-1');
    await new Promise((r) => setTimeout(r, 20));
    const parsed = lines.map((l) => JSON.parse(l));
    const line = parsed.find((l) => l.correlationId === 'corr-log-1');
    expect(line).toMatchObject({
      level: 'info',
      msg: 'request',
      method: 'GET',
      route: '/journeys/:journeyId',
      status: 200,
      tenantId: 'north-shire',
      userId: 'logged-user',
    });
    const all = lines.join('\n');
    for (const secret of [token, admin, 'Philippa', 'Secretname', 'Bearer ']) expect(all).not.toContain(secret);
  });
});

describe('rate limiting (configurable)', () => {
  let t: SecurityApp;
  const saved = { ...process.env };
  beforeAll(async () => {
    process.env.JOURNEY_LEDGER_RATE_LIMIT = '20';
    process.env.JOURNEY_LEDGER_RATE_WINDOW_MS = '60000';
    t = await startSecurityApp('embedded');
  });
  afterAll(async () => {
    process.env = saved;
    await t.close();
  });

  it('answers 429 past the limit, to good and bad tokens alike', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await request(t.http).get('/audit/public-key').set('Authorization', 'Bearer forged.token.x')).status);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
    const good = await request(t.http)
      .get('/audit/public-key')
      .set('Authorization', `Bearer ${await t.tokenFor(['auditor'])}`);
    expect(good.status).toBe(429);
    expect(good.headers['retry-after']).toBeDefined();
  });
});
