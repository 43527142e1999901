import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, menuOf, screenshot, seriousViolations, startWebApp, TENANT, WebApp } from './support';

// Functions passed to page.evaluate run in the browser, where these exist.
declare const sessionStorage: any;

const CLIENT_ID = 'journey-ledger-web';
const AUDIENCE = 'https://journey-ledger.test/api';
/** The provider's accounts: their groups, as a council's directory would hold them. */
const ACCOUNTS = {
  'ana.lyst': { groups: ['all-staff', 'jl-analysts'], tenant: TENANT },
  'des.igner': { groups: ['jl-designers'], tenant: TENANT },
  'new.starter': { groups: ['all-staff'], tenant: TENANT },
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** node-oidc-provider in a child process (it is an ES module); resolves with its issuer once it listens. */
function startProvider(redirectUri: string): Promise<{ child: ChildProcess; issuer: string }> {
  const child = spawn(process.execPath, [join(__dirname, 'oidc-provider.mjs')], {
    env: { ...process.env, OIDC_CLIENT_ID: CLIENT_ID, OIDC_REDIRECT_URI: redirectUri, OIDC_AUDIENCE: AUDIENCE, OIDC_ACCOUNTS: JSON.stringify(ACCOUNTS) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /issuer (\S+)\n/.exec(out);
      if (m) resolve({ child, issuer: m[1] });
    });
    child.on('exit', (code) => reject(new Error(`the identity provider stopped (${code})`)));
  });
}

/**
 * Signing in through a council's identity provider: a real OpenID Connect provider started by the
 * test, the web application's authorization code flow with PKCE in Chromium, and the API verifying
 * the provider's access tokens by its JWKS and mapping the account's groups to Journey Ledger roles.
 */
describe('sign-in through an OpenID Connect provider', () => {
  let t: WebApp;
  let provider: { child: ChildProcess; issuer: string };
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const saved = { ...process.env };

  beforeAll(async () => {
    const port = await freePort();
    provider = await startProvider(`http://127.0.0.1:${port}/`);
    Object.assign(process.env, {
      JOURNEY_LEDGER_OIDC_ISSUER: provider.issuer,
      JOURNEY_LEDGER_OIDC_CLIENT_ID: CLIENT_ID,
      JOURNEY_LEDGER_OIDC_SCOPES: 'openid journey-ledger',
      JOURNEY_LEDGER_JWKS_URL: `${provider.issuer}/jwks`,
      JOURNEY_LEDGER_JWT_AUDIENCE: AUDIENCE,
      JOURNEY_LEDGER_ROLE_CLAIM: 'groups',
      JOURNEY_LEDGER_ROLE_MAP: 'jl-analysts=analyst; jl-designers=designer',
    });
    t = await startWebApp(200, { devSignIn: false, port });
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    provider?.child.kill('SIGTERM');
    process.env = saved;
  });
  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
  });
  afterEach(async () => context.close());

  /** From a page of ours to the provider's sign-in form and back. */
  const signInAtProvider = async (login: string, from: string) => {
    await page.goto(`${t.base}/${from}`);
    await page.click('#sign-in-provider');
    await page.waitForURL((url) => url.toString().startsWith(provider.issuer));
    await page.fill('input[name=login]', login);
    await page.fill('input[name=password]', 'any password');
    await page.click('button[type=submit]');
    // The provider asks once whether to share the account with Journey Ledger.
    await page.click('button:has-text("Continue")');
    await page.waitForURL((url) => url.toString().startsWith(t.base));
  };

  it('offers the council’s sign-in, not the demo’s roles, and says where the provider is', async () => {
    const config = (await (await fetch(`${t.base}/sign-in/config`)).json()) as unknown;
    expect(config).toEqual({ demo: false, provider: { issuer: provider.issuer, clientId: CLIENT_ID, scopes: 'openid journey-ledger' } });
    await page.goto(`${t.base}/#/dashboard`);
    await page.waitForSelector('#sign-in-provider');
    expect(await page.locator('input[name=role]').count()).toBe(0);
    await screenshot(page, 'sign-in-provider');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('given an account in a mapped group, when it signs in at the provider, then it comes back to the page it asked for with that role’s menu, and the API accepts the provider’s token', async () => {
    await signInAtProvider('ana.lyst', '#/map');
    await page.waitForSelector('#navigation');
    expect((await menuOf(page)).filter((m) => !m.startsWith('Sign out'))).toEqual(['Front door dashboard', 'Process map', 'Change evaluation']);
    // The code and state have left the address; the page asked for is open.
    expect(new URL(page.url()).search).toBe('');
    expect(new URL(page.url()).hash).toBe('#/map');
    await page.waitForSelector('h1:has-text("Process map")');

    const session = JSON.parse(await page.evaluate(() => sessionStorage.getItem('journey-ledger.session'))) as {
      token: string;
      userId: string;
      roles: string[];
    };
    expect({ userId: session.userId, roles: session.roles }).toEqual({ userId: 'ana.lyst', roles: ['analyst'] });
    const claims = JSON.parse(Buffer.from(session.token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ iss: provider.issuer, aud: AUDIENCE, sub: 'ana.lyst', groups: ['all-staff', 'jl-analysts'] });
    expect(claims.roles).toBeUndefined();

    const as = (path: string) => fetch(`${t.base}${path}`, { headers: { Authorization: `Bearer ${session.token}` } });
    expect(await (await as('/sign-in/me')).json()).toEqual({ userId: 'ana.lyst', tenant: TENANT, roles: ['analyst'] });
    expect((await as('/metrics/funnel')).status).toBe(200);
    // The analyst's role, not more: journeys are for designers and auditors.
    expect((await as('/journeys')).status).toBe(403);
  });

  it('given an account in a group mapped to another role, then the menu is that role’s', async () => {
    await signInAtProvider('des.igner', '');
    await page.waitForSelector('#navigation');
    expect((await menuOf(page)).filter((m) => !m.startsWith('Sign out'))).toEqual([
      'Front door dashboard',
      'Process map',
      'Journey explorer',
      'Scenarios',
      'Families',
      'Change evaluation',
    ]);
  });

  it('given an account in no mapped group, when it signs in at the provider, then the page says it is not allowed and keeps no session', async () => {
    await signInAtProvider('new.starter', '#/dashboard');
    await page.waitForSelector('#not-allowed');
    expect(await page.locator('#not-allowed').innerText()).toContain('Your council account is not allowed to use Journey Ledger');
    expect(await page.locator('main').innerText()).toContain('none of its "groups" values is mapped to a Journey Ledger role');
    expect(await page.locator('#navigation').count()).toBe(0);
    expect(await page.evaluate(() => sessionStorage.getItem('journey-ledger.session'))).toBeNull();
    expect(new URL(page.url()).search).toBe('');
    await screenshot(page, 'sign-in-not-allowed');
    expect(await seriousViolations(page)).toEqual([]);
  });
});
