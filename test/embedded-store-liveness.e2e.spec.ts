import { mintDevelopmentToken } from '@journey-ledger/auth';
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { TenantRegistry } from '@journey-ledger/application';
import type { EventStore } from '@journey-ledger/event-store';
import { BulkWriter } from '@journey-ledger/ingest';
import { ONE_FRONT_DOOR } from '@journey-ledger/replay/testing';
import { generateJourneys, PRESETS } from '@journey-ledger/synthetic';
import { createApp } from '../apps/api/src/create-app';
import { EVENT_STORE } from '../apps/api/src/infrastructure/tokens';

/**
 * The embedded store is one SQLite file and SQLite admits one writer at a time. Another process
 * writing the same file, or a long read, must never freeze the API: its requests are answered
 * (or refused with a 503 that says when to come back), never a 500, and `/health` keeps answering.
 *
 * Timings are printed for the record, not asserted, beyond generous liveness bounds: the machine
 * running the tests may be busy with other work.
 */
const LIVENESS_BOUND_MS = 15_000;

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0);
};
const summary = (xs: number[]) => ({ n: xs.length, p50: percentile(xs, 50), p99: percentile(xs, 99), max: Math.round(Math.max(0, ...xs)) });
const tally = (statuses: number[]) => statuses.reduce<Record<number, number>>((t, s) => ({ ...t, [s]: (t[s] ?? 0) + 1 }), {});
const record = (label: string, figures: object) => process.stdout.write(`[embedded-store-liveness] ${label}: ${JSON.stringify(figures)}\n`);

/** Polls `/health` one request after another until `done` resolves; returns each answer's latency. */
async function pollHealth(http: ReturnType<INestApplication['getHttpServer']>, done: Promise<unknown>) {
  let finished = false;
  void done.finally(() => (finished = true));
  const latencies: number[] = [];
  const statuses: number[] = [];
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  while (!finished) {
    const started = performance.now();
    const res = await request(http).get('/health');
    latencies.push(performance.now() - started);
    statuses.push(res.status);
    await new Promise((r) => setTimeout(r, 20));
  }
  loop.disable();
  return { latencies, statuses, eventLoopDelayMaxMs: Math.round(loop.max / 1e6) };
}

/** `npm run cli -- <args>` against the data directory, as an operator would run it beside the server. */
function cli(dataDir: string, args: string[]): { child: ChildProcess; exited: Promise<{ code: number | null; stderr: string }> } {
  const child = spawn(
    process.execPath,
    [require.resolve('ts-node/dist/bin.js'), '-r', 'tsconfig-paths/register', '--transpile-only', 'apps/cli/src/main.ts', ...args],
    {
      env: { ...process.env, JOURNEY_LEDGER_STORE: 'embedded', JOURNEY_LEDGER_DATA_DIR: dataDir },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += String(d)));
  return { child, exited: new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr }))) };
}

describe('the embedded store under a second writer and heavy reads', () => {
  let dir: string;
  let app: INestApplication;
  let http: ReturnType<INestApplication['getHttpServer']>;
  let recorder: string;
  let designer: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jl-liveness-'));
    app = await createApp({ store: { kind: 'embedded', dataDir: dir }, tenantsDir: 'config/tenants', followLog: false }, false);
    await app.listen(0, '127.0.0.1');
    http = app.getHttpServer();
    recorder = await mintDevelopmentToken({ userId: 'recorder', tenantId: 'north-shire', roles: ['recorder'] });
    designer = await mintDevelopmentToken({ userId: 'designer', tenantId: 'north-shire', roles: ['designer'] });
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves 50 recorders while `generate` writes the same file from another process: no 500, /health keeps answering', async () => {
    // Given the command line generating journeys into the server's own file
    const generate = cli(dir, ['generate', '--journeys', '4000', '--batch', '1000', '--seed', '7']);

    // When 50 recorders keep recording journeys until it is done, and /health is polled meanwhile
    const statuses: number[] = [];
    const refusalsWithoutRetryAfter: number[] = [];
    const commandLatencies: number[] = [];
    let generating = true;
    void generate.exited.finally(() => (generating = false));
    const send = async (path: string, body: object) => {
      const started = performance.now();
      const res = await request(http)
        .post(path)
        .set('Authorization', `Bearer ${recorder}`)
        .send({ commandId: randomUUID(), ...body });
      commandLatencies.push(performance.now() - started);
      statuses.push(res.status);
      if (res.status === 503 && res.headers['retry-after'] === undefined) refusalsWithoutRetryAfter.push(res.status);
      return res;
    };
    const recorderLoop = async () => {
      while (generating) {
        const started = await send('/journeys', {
          childRef: `child-${randomUUID().slice(0, 8)}`,
          source: '2A',
          channel: 'phone',
          team: 'customer-access',
          levelOfNeed: '3',
        });
        if (started.status !== 201) continue;
        await send(`/journeys/${started.body.journeyId}/handovers`, { fromTeam: 'customer-access', toTeam: 'mash', reason: 'threshold-decision' });
      }
    };
    const [health, , generated] = await Promise.all([
      pollHealth(http, generate.exited),
      Promise.all(Array.from({ length: 50 }, recorderLoop)),
      generate.exited,
    ]);
    record('second writer', {
      commands: tally(statuses),
      commandMs: summary(commandLatencies),
      healthMs: summary(health.latencies),
      eventLoopDelayMaxMs: health.eventLoopDelayMaxMs,
      generateExit: generated.code,
    });

    // Then the second process finished its work, and every command was recorded or clearly refused
    expect(generated.stderr).not.toMatch(/database is locked/);
    expect(generated.code).toBe(0);
    expect(statuses.filter((s) => s !== 201 && s !== 503)).toEqual([]);
    expect(refusalsWithoutRetryAfter).toEqual([]);
    expect(tally(statuses)[201]).toBeGreaterThan(0);
    // And /health answered every time, within a generous liveness bound
    expect(health.statuses.every((s) => s === 200)).toBe(true);
    expect(Math.max(...health.latencies)).toBeLessThan(LIVENESS_BOUND_MS);
  });

  it('keeps /health answering while three scenario runs read the whole log at once', async () => {
    // Given a council with some thousands of journeys and a stored scenario
    const tenants = TenantRegistry.fromDirectory('config/tenants');
    const northShire = tenants.get('north-shire')!;
    await new BulkWriter({ store: app.get<EventStore>(EVENT_STORE), teamsFor: (id) => tenants.get(id)?.teams }).write(
      generateJourneys({ tenant: northShire.config, preset: PRESETS['england-2024-25'], journeys: 6000, seed: '11' }),
    );
    const stored = await request(http).post('/scenarios').set('Authorization', `Bearer ${designer}`).send({ source: ONE_FRONT_DOOR });
    expect(stored.status).toBe(201);

    // When three designers run it at once, and /health is polled meanwhile
    const runStarted = performance.now();
    const runs = Promise.all(
      Array.from({ length: 3 }, () => request(http).post(`/scenarios/${stored.body.id}/runs`).set('Authorization', `Bearer ${designer}`).send({})),
    );
    const [health, answers] = await Promise.all([pollHealth(http, runs), runs]);
    const runsMs = performance.now() - runStarted;
    record('scenario runs', {
      runs: tally(answers.map((a) => a.status)),
      eventsRead: answers[0].body.eventsRead,
      runsMs: Math.round(runsMs),
      healthMs: summary(health.latencies),
      eventLoopDelayMaxMs: health.eventLoopDelayMaxMs,
    });

    // Then the runs complete, and /health answered every time, never held for a large part of the runs
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(health.statuses.every((s) => s === 200)).toBe(true);
    expect(Math.max(...health.latencies)).toBeLessThan(Math.min(LIVENESS_BOUND_MS, runsMs / 4));
  });
});
