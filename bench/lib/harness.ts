import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseTenantConfig, TeamDirectory } from '@journey-ledger/domain';
import type { TenantConfig } from '@journey-ledger/domain';
import { openStore } from '@journey-ledger/event-store';
import type { AppendRequest, EventStore, StoreSettings } from '@journey-ledger/event-store';
import type { SqlDatabase } from '@journey-ledger/sql';
import { BulkWriter } from '@journey-ledger/ingest';
import { generateJourneys, PRESETS } from '@journey-ledger/synthetic';

/** What every benchmark case is given by the runner. */
export interface BenchContext {
  readonly journeys: number;
  readonly seed: string;
  readonly preset: string;
  readonly tenant: string;
  readonly databaseUrl: string;
  /** Journeys for the slow peers (one round trip per journey), when smaller than `journeys`. */
  readonly peerJourneys: number;
}

/** One measured line of the table. */
export interface BenchResult {
  readonly benchmark: string;
  readonly store: 'embedded' | 'postgres';
  /** `ours`, or the peer measured beside it. */
  readonly subject: string;
  readonly journeys: number;
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly peakRssMb: number;
  /** What the time covers. */
  readonly note: string;
  /** The result this one is compared with (same store), by subject. */
  readonly compareTo?: readonly string[];
  /** For request/response cases (API, queries): latency percentiles. */
  readonly latencyMs?: { readonly p50: number; readonly p99: number };
}

/** One case of a benchmark: run in its own process, so its peak memory is its own. */
export interface BenchCase {
  readonly id: string;
  /** Flags for the case's own Node process, e.g. a larger heap for a fixture built in memory. */
  readonly nodeArgs?: readonly string[];
  /** One line of the table, or several (e.g. one per query timed). */
  run(ctx: BenchContext): Promise<BenchResult | BenchResult[]>;
}

export interface Benchmark {
  readonly name: string;
  cases(ctx: BenchContext): BenchCase[];
}

/**
 * The V8 flags the API server runs with, read from package.json's `start` script, so that cases
 * timing the API's code run it as `npm start` does: a young generation of 64 MB a half. An answer
 * of thousands of groups keeps its figures alive until it is rendered, and with V8's default of
 * 16 MB each of its young-generation collections copied most of them (a third of the answer's time).
 */
export const API_NODE_FLAGS: readonly string[] = nodeFlagsOf('start');

/**
 * The V8 flags the command line runs with (package.json, `cli`): a batch job such as a rebuild
 * holds a bounded working set, and V8's default lets the heap grow to about four times it before a
 * full collection; the command line lets it grow by a quarter.
 */
export const CLI_NODE_FLAGS: readonly string[] = nodeFlagsOf('cli');

function nodeFlagsOf(script: string): string[] {
  const scripts = (JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const words = scripts[script].split(/\s+/);
  const afterNode = words.slice(words.indexOf('node') + 1);
  const firstOther = afterNode.findIndex((w) => !w.startsWith('--'));
  return afterNode.slice(0, firstOther === -1 ? afterNode.length : firstOther);
}

/**
 * Runs a TypeScript file of this repository in a fresh Node process (transpiled on load, as the
 * bench runs its cases), stderr passed through; resolves with its exit code and stdout.
 */
export function runTypeScript(file: string, args: readonly string[], nodeArgs: readonly string[] = []): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, '-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', file, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

export const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

export function loadTenantConfig(id: string): { config: TenantConfig; teams: TeamDirectory } {
  const config = parseTenantConfig(parse(readFileSync(join(__dirname, '../../config/tenants', `${id}.yaml`), 'utf8')));
  return { config, teams: new TeamDirectory(config.teams) };
}

export function syntheticSource(ctx: BenchContext, journeys = ctx.journeys) {
  const tenant = loadTenantConfig(ctx.tenant);
  const preset = PRESETS[ctx.preset];
  if (preset === undefined) throw new Error(`unknown preset ${ctx.preset}`);
  return { tenant, journeys: generateJourneys({ tenant: tenant.config, preset, journeys, seed: ctx.seed }) };
}

/**
 * The events our bulk path would append, batch by batch, handed to `sink` instead of a store: the
 * peers then write exactly the same events, in the batches the bulk writer cuts for a store of
 * `kind`. Only the time inside `sink` is the peer's.
 */
export async function decidedBatches(
  ctx: BenchContext,
  journeys: number,
  kind: 'embedded' | 'postgres',
  sink: (requests: readonly AppendRequest[]) => Promise<void>,
): Promise<{ events: number; sinkSeconds: number }> {
  const { tenant, journeys: source } = syntheticSource(ctx, journeys);
  let sinkMs = 0;
  const capture = {
    kind,
    async appendBatch(requests: readonly AppendRequest[]) {
      const t = performance.now();
      await sink(requests);
      sinkMs += performance.now() - t;
      return requests.map(() => ({ nextExpectedRevision: 0, position: 0 }));
    },
    async streamRevision() {
      return undefined;
    },
    async readStream() {
      return [];
    },
  } as unknown as EventStore;
  const report = await new BulkWriter({ store: capture, teamsFor: () => tenant.teams, overlap: false }).write(source);
  return { events: report.events, sinkSeconds: sinkMs / 1000 };
}

export const rate = (events: number, seconds: number) => (seconds > 0 ? Math.round(events / seconds) : 0);

export interface BenchStore {
  readonly store: EventStore;
  readonly db: SqlDatabase;
  /** A scratch directory, removed on dispose. */
  readonly dir: string;
  /** How to open the same store from another process. */
  readonly settings: StoreSettings;
  dispose(): Promise<void>;
}

/** A throw-away store for one case: a SQLite file, or a PostgreSQL schema of its own (dropped after). */
export async function openBenchStore(ctx: BenchContext, kind: 'embedded' | 'postgres', poolSize = 4): Promise<BenchStore> {
  const dir = mkdtempSync(join(tmpdir(), 'jl-bench-'));
  const settings: StoreSettings =
    kind === 'embedded'
      ? { kind, filename: join(dir, 'ledger.sqlite') }
      : { kind, databaseUrl: ctx.databaseUrl, schema: `jl_bench_${randomBytes(4).toString('hex')}`, poolSize };
  const { eventStore, db } = await openStore(settings);
  return {
    store: eventStore,
    db,
    dir,
    settings,
    async dispose() {
      if (settings.kind === 'postgres') await db.execute(`drop schema if exists ${settings.schema} cascade`);
      await eventStore.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
