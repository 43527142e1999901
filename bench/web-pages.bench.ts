import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { TenantRegistry } from '@journey-ledger/application';
import type { EventStore } from '@journey-ledger/event-store';
import { BulkWriter } from '@journey-ledger/ingest';
import { ProjectionRunner } from '@journey-ledger/read-models';
import { createApp } from '../apps/api/src/create-app';
import { mintDevelopmentToken } from '@journey-ledger/auth';
import { EVENT_STORE } from '../apps/api/src/infrastructure/tokens';
import { generateSecrets } from '../apps/api/src/config/start-up-secrets';
import { launchChromium } from '../test/web/support';
import type { Benchmark, BenchResult } from './lib/harness';
import { peakRssMb, syntheticSource } from './lib/harness';

const ROOT = join(__dirname, '..');
const DIST = join(ROOT, 'apps/web/dist');
const LOADS = 7;
/** A second build of the pages (e.g. an earlier commit's `apps/web/dist`) timed in the same run, against the same data and API, as the baseline. */
const BASELINE_DIR = process.env.BENCH_WEB_BASELINE_DIR;

/** The JavaScript the first page loads (the entry and what it preloads), gzip-compressed as a proxy would send it. */
function firstLoadJs(dist: string): { files: number; rawKb: number; gzipKb: number } {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((m) => readFileSync(join(dist, 'assets', m[1])));
  const kb = (n: number) => Math.round(n / 102.4) / 10;
  return {
    files: files.length,
    rawKb: kb(files.reduce((s, f) => s + f.length, 0)),
    gzipKb: kb(files.reduce((s, f) => s + gzipSync(f, { level: 9 }).length, 0)),
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Time to first meaningful paint of the dashboard and the process map in headless Chromium: from
 * navigation start until every figure the page shows first is on screen (dashboard: the tiles and
 * the monthly table; map: the drawn graph and the table of paths). Median of several cold loads,
 * each in a fresh browser context (no cache), against the real app on the embedded store. With
 * `BENCH_WEB_BASELINE_DIR` (another build of the pages), the two builds are served by two apps over
 * the same store and loaded in turn, so the machine's load at any moment falls on both alike.
 */
export const webPages: Benchmark = {
  name: 'web-pages',
  cases: () => [
    {
      id: 'web-pages-embedded',
      run: async (ctx): Promise<BenchResult[]> => {
        // The API starts as a service, never as the demo: it refuses to start without strong secrets.
        for (const [setting, value] of Object.entries(generateSecrets())) process.env[setting] ??= value;
        const dir = mkdtempSync(join(tmpdir(), 'jl-bench-web-'));
        const start = async (pages: string) => {
          const app = await createApp(
            { store: { kind: 'embedded', filename: join(dir, 'ledger.sqlite') }, tenantsDir: join(ROOT, 'config/tenants'), followLog: false },
            false,
            { dir: pages },
          );
          await app.init();
          return app;
        };
        // The journeys are written by an app of their own, closed before any page is timed, so that
        // neither build is served by a process still collecting the generator's garbage.
        const writer = await start(DIST);
        const tenant = writer.get(TenantRegistry).get(ctx.tenant);
        if (tenant === undefined) throw new Error(`no tenant ${ctx.tenant}`);
        const report = await new BulkWriter({
          store: writer.get<EventStore>(EVENT_STORE),
          teamsFor: (id) => (id === ctx.tenant ? tenant.teams : undefined),
        }).write(syntheticSource(ctx).journeys);
        await writer.get(ProjectionRunner).catchUp();
        await writer.close();
        // Each build of the pages is served by its own app over the same store file (read only from here on).
        const apps: { app: INestApplication; base: string; dist: string }[] = [];
        for (const dist of BASELINE_DIR === undefined ? [DIST] : [DIST, BASELINE_DIR]) {
          const app = await start(dist);
          await app.listen(0, '127.0.0.1');
          apps.push({ app, dist, base: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}` });
        }
        const browser = await launchChromium();
        const load = async (base: string, session: string, page: string, ready: string[]): Promise<number> => {
          const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
          await context.addInitScript((s) => (globalThis as any).sessionStorage.setItem('journey-ledger.session', s), session);
          const p = await context.newPage();
          await p.goto(`${base}/#/${page}`);
          for (const selector of ready) await p.waitForSelector(selector, { timeout: 120_000 });
          const ms = await p.evaluate(() => (globalThis as any).performance.now() as number);
          await context.close();
          return ms;
        };
        /** Cold loads of one page from each app in turn (ours, baseline, ours, …), after one untimed load each. */
        const time = async (role: 'analyst' | 'designer', page: string, ready: string[]): Promise<number[][]> => {
          const token = await mintDevelopmentToken({ userId: `bench-${role}`, tenantId: ctx.tenant, roles: [role] });
          const session = JSON.stringify({ token, userId: `bench-${role}`, roles: [role] });
          for (const a of apps) await load(a.base, session, page, ready);
          const out: number[][] = apps.map(() => []);
          for (let i = 0; i < LOADS; i++) for (const [k, a] of apps.entries()) out[k].push(await load(a.base, session, page, ready));
          return out;
        };
        try {
          const dashboard = await time('analyst', 'dashboard', [
            '[data-figure="contacts"]',
            '[data-figure="timeliness-45"]',
            '#table-trend',
            '#table-histogram',
          ]);
          const map = await time('designer', 'map', ['#process-map canvas', '#table-edges', '#table-paths']);
          const line = (benchmark: string, ms: number[], subject = 'ours', js = firstLoadJs(DIST)): BenchResult => ({
            benchmark,
            store: 'embedded',
            subject,
            journeys: ctx.journeys,
            events: report.events,
            seconds: median(ms) / 1000,
            eventsPerSecond: 0,
            latencyMs: { p50: Math.round(median(ms)), p99: Math.round(Math.max(...ms)) },
            peakRssMb: peakRssMb(),
            note: `median of ${LOADS} cold loads in headless Chromium, navigation start to every first figure on screen (goal 1.5 s); first-load JS ${js.gzipKb} kB gzip (${js.rawKb} kB raw, ${js.files} file, goal 400 kB)`,
          });
          const lines = apps.flatMap((a, k) => {
            const subject = k === 0 ? 'ours' : `baseline pages (${a.dist})`;
            return [
              line('web: dashboard first meaningful paint', dashboard[k], subject, firstLoadJs(a.dist)),
              line('web: process map first meaningful paint', map[k], subject, firstLoadJs(a.dist)),
            ];
          });
          return lines;
        } finally {
          await browser.close();
          for (const a of apps) await a.app.close();
          rmSync(dir, { recursive: true, force: true });
        }
      },
    },
  ],
};
