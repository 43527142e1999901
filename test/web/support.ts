import { INestApplication } from '@nestjs/common';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, Browser, Page } from 'playwright-core';
import { TenantRegistry } from '@journey-ledger/application';
import type { EventStore } from '@journey-ledger/event-store';
import { BulkWriter } from '@journey-ledger/ingest';
import { ProjectionRunner } from '@journey-ledger/read-models';
import type { SqlDatabase } from '@journey-ledger/sql';
import { generateJourneys, PRESETS } from '@journey-ledger/synthetic';
import { createApp } from '../../apps/api/src/create-app';
import { mintDevelopmentToken } from '@journey-ledger/auth';
import type { Role } from '@journey-ledger/auth';
import { EVENT_STORE, SQL_DATABASE } from '../../apps/api/src/infrastructure/tokens';

// Functions passed to page.evaluate run in the browser, where these exist.
declare const window: any;
declare const document: any;
type Document = unknown;

const ROOT = join(__dirname, '..', '..');
export const SCREENSHOTS = join(ROOT, 'test-output', 'web');
export const TENANT = 'north-shire';

/** Debian's Chromium, headless; no browser is ever downloaded. */
export const CHROMIUM = process.env.JOURNEY_LEDGER_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

export interface WebApp {
  readonly app: INestApplication;
  /** `http://127.0.0.1:<port>` */
  readonly base: string;
  readonly store: EventStore;
  readonly db: SqlDatabase;
  token(role: Role, userId?: string): Promise<string>;
  /** GET an API route as `role`, as the browser would. */
  api<T>(role: Role, path: string): Promise<T>;
  /** Fix the server's clock (null: the real one) to record events on chosen days. */
  setClock(at: Date | null): void;
  close(): Promise<void>;
}

/**
 * The real application (API and web pages on one port) over a throw-away embedded store holding
 * `journeys` synthetic North Shire journeys, as the demo loads them; "sign in as" switched on
 * unless `devSignIn` is false.
 */
export async function startWebApp(journeys: number, options: { devSignIn?: boolean; port?: number } = {}): Promise<WebApp> {
  // The pages under test are the built ones: build them if the sources are newer.
  execFileSync(process.execPath, [join(ROOT, 'apps/web/build-if-needed.js')], { stdio: 'inherit' });
  const dir = mkdtempSync(join(tmpdir(), 'jl-web-'));
  let fixed: Date | null = null;
  const app = await createApp(
    {
      store: { kind: 'embedded', filename: join(dir, 'ledger.sqlite') },
      tenantsDir: join(ROOT, 'config/tenants'),
      followLog: false,
      clock: () => fixed ?? new Date(),
    },
    false,
    { devSignIn: options.devSignIn ?? true, dir: join(ROOT, 'apps/web/dist') },
  );
  await app.init();
  const store = app.get<EventStore>(EVENT_STORE);
  const tenant = app.get(TenantRegistry).get(TENANT);
  if (tenant === undefined) throw new Error('North Shire is not configured');
  const writer = new BulkWriter({ store, teamsFor: (id) => (id === TENANT ? tenant.teams : undefined) });
  await writer.write(generateJourneys({ tenant: tenant.config, preset: PRESETS['england-2024-25'], journeys, seed: 'web-e2e', characteristics: true }));
  await app.get(ProjectionRunner).catchUp();
  await app.listen(options.port ?? 0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const token = (role: Role, userId = `demo-${role}`) => mintDevelopmentToken({ userId, tenantId: TENANT, roles: [role] });
  return {
    app,
    base,
    store,
    db: app.get<SqlDatabase>(SQL_DATABASE),
    token,
    async api<T>(role: Role, path: string) {
      const res = await fetch(`${base}${path}`, { headers: { Authorization: `Bearer ${await token(role)}` } });
      if (!res.ok) throw new Error(`${path}: ${res.status}`);
      return (await res.json()) as T;
    },
    setClock(at) {
      fixed = at;
    },
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** Signs in through the page's "sign in as" form and waits for the menu. */
export async function signIn(page: Page, base: string, role: Role): Promise<void> {
  await page.goto(`${base}/#/sign-in`);
  await page.check(`#role-${role}`);
  await page.click('button[type=submit]:has-text("Sign in")');
  await page.waitForSelector('#navigation');
}

export async function menuOf(page: Page): Promise<string[]> {
  return (await page.locator('#navigation a').allInnerTexts()).map((t) => t.trim());
}

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's WCAG 2.x A/AA rules on the page as it stands; returns the serious and critical
 * violations (rule, impact, first offending element). axe runs inside the page through the
 * browser's debugging protocol, which the page's own content policy does not restrict.
 */
export async function seriousViolations(page: Page): Promise<{ id: string; impact: string; target: string }[]> {
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run(ctx: Document, o: unknown): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }
    ).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, target: String(v.nodes[0]?.target ?? '') }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
