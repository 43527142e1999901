import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createApp } from '../../apps/api/src/create-app';
import { TokenVerifier } from '../../apps/api/src/auth/token-verifier';
import { startTestApp, TestApp } from '../support/test-app';

/** The web application's files and the API on one port: the page at `/`, assets under `/assets/`, everything else the API's. */
describe('serving the web application beside the API', () => {
  const web = mkdtempSync(join(tmpdir(), 'jl-web-dist-'));
  const store = mkdtempSync(join(tmpdir(), 'jl-web-store-'));
  let app: Awaited<ReturnType<typeof createApp>>;
  let http: any;

  beforeAll(async () => {
    mkdirSync(join(web, 'assets'));
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>Journey Ledger</title><script type="module" src="/assets/index-abc123.js"></script>');
    writeFileSync(join(web, 'assets', 'index-abc123.js'), 'console.log("hello")');
    app = await createApp({ store: { kind: 'embedded', filename: join(store, 'ledger.sqlite') }, tenantsDir: 'config/tenants', followLog: false }, false, {
      dir: web,
      devSignIn: true,
    });
    await app.init();
    http = app.getHttpServer();
  });
  afterAll(async () => {
    await app.close();
    rmSync(web, { recursive: true, force: true });
    rmSync(store, { recursive: true, force: true });
  });

  it('serves the page at / with a content policy that allows only its own scripts', async () => {
    const res = await request(http).get('/');
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/html');
    expect(res.text).toContain('<title>Journey Ledger</title>');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('serves fingerprinted assets for a year, and a missing asset is a 404', async () => {
    const res = await request(http).get('/assets/index-abc123.js');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await request(http).get('/assets/nothing.js')).status).toBe(404);
    expect((await request(http).get('/assets/../index.html')).status).not.toBe(200);
  });

  it('leaves every API route as it was: authenticated, JSON, with the API’s content policy', async () => {
    const res = await request(http).get('/metrics/handovers');
    expect(res.status).toBe(401);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect((await request(http).get('/health')).status).toBe(200);
    expect((await request(http).get('/no-such-route')).status).toBe(404);
    expect((await request(http).post('/').send({})).status).toBe(404);
  });

  it('in the demo, signs in as a development role with a token the API accepts, and refuses an unknown role', async () => {
    expect((await request(http).get('/dev/sign-in')).body).toEqual({ tenant: 'north-shire', roles: ['designer', 'analyst', 'auditor', 'recorder'] });
    const res = await request(http).post('/dev/sign-in').send({ role: 'auditor' });
    expect(res.status).toBe(200);
    expect(await new TokenVerifier().verify(res.body.token)).toEqual({ userId: 'demo-auditor', tenantId: 'north-shire', roles: ['auditor'] });
    const admin = await request(http).post('/dev/sign-in').send({ role: 'admin' });
    expect(admin.status).toBe(400);
    expect(admin.body.errors[0].field).toBe('role');
  });
});

describe('outside the demo', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('embedded');
  });
  afterAll(async () => t.close());

  it('offers no "sign in as": the route does not exist', async () => {
    expect((await request(t.http).get('/dev/sign-in')).status).toBe(404);
    expect((await request(t.http).post('/dev/sign-in').send({ role: 'auditor' })).status).toBe(404);
  });

  it('gives every role its council’s teams and code lists, and no one without a token', async () => {
    expect((await request(t.http).get('/council')).status).toBe(401);
    const res = await request(t.http)
      .get('/council')
      .set('Authorization', `Bearer ${await t.token('analyst')}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 'north-shire', timeZone: 'Europe/London', officeHours: { opens: '09:00', closes: '17:00' }, roles: ['analyst'] });
    expect(res.body.teams).toContainEqual({ id: 'mash', name: 'Multi-Agency Safeguarding Hub', tier: 'front-door', area: 'County' });
    expect(res.body.sources).toContainEqual({ code: '2A', label: 'Schools' });
  });
});
