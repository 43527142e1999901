/**
 * Query latency of the analysts' measures at scale:
 *   npx ts-node -r tsconfig-paths/register --transpile-only bench/read-models/cube-queries.bench.ts [journeys=1000000] [sqlite|postgres|both]
 * Synthetic journeys (England 2024-25 preset) are decided and folded in memory, their cube
 * contributions summed exactly as the projection sums them, written to the cube tables, then every
 * route's query is timed. It measures the read side; projection throughput is the runner's bench.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TenantRegistry } from '@journey-ledger/application';
import { decide, evolve, initialJourneyState, JourneyRuleViolation } from '@journey-ledger/domain';
import type { JourneyEvent, JourneyState } from '@journey-ledger/domain';
import { englandAndWalesCalendar } from '@journey-ledger/domain';
import { PostgresDatabase, SqliteDatabase } from '@journey-ledger/sql';
import type { SqlDatabase, SqlValue } from '@journey-ledger/sql';
import { generateJourneys, PRESETS } from '@journey-ledger/synthetic';
import {
  contributions,
  CUBE_KEY_COLUMNS,
  DAY_LEVELS,
  funnel,
  handoverMatrix,
  handovers,
  holderPaths,
  levelKey,
  measuresCubeSchema,
  MONTH_LEVELS,
  nfaRates,
  outOfHours,
  timeliness,
  waiting,
} from '@journey-ledger/read-models';
import type { MetricsQuery } from '@journey-ledger/read-models';
import { splitStatements } from '@journey-ledger/sql';
import { API_NODE_FLAGS, runTypeScript } from '../lib/harness';

const tenants = TenantRegistry.fromDirectory('config/tenants');
const tenant = tenants.get('north-shire')!;
const calendar = englandAndWalesCalendar();
const POSTGRES_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function buildCube(journeys: number) {
  const day = new Map<string, SqlValue[]>();
  const month = new Map<string, SqlValue[]>();
  let n = 0;
  let eventId = 0;
  const started = Date.now();
  for (const j of generateJourneys({ tenant: tenant.config, preset: PRESETS['england-2024-25'], journeys, seed: 1, now: new Date('2026-06-01T00:00:00Z') })) {
    let state: JourneyState = initialJourneyState();
    for (const { command } of j.commands) {
      let events: JourneyEvent[];
      try {
        events = decide(command, state, { teams: tenant.teams, now: '2026-06-01T00:00:00Z' });
      } catch (e) {
        if (e instanceof JourneyRuleViolation) continue;
        throw e;
      }
      for (const e of events) state = evolve(state, { ...e, metadata: { ...e.metadata, eventId: String(++eventId) } } as JourneyEvent);
    }
    for (const c of contributions(state, { tenant: tenant.config, calendar })) {
      for (const [map, period, levels] of [
        [day, c.day, DAY_LEVELS],
        [month, c.day.slice(0, 7), MONTH_LEVELS],
      ] as const) {
        for (const level of levels) {
          const row = ['north-shire', level, period, c.measure, ...levelKey(c, level), c.detail, c.value];
          const k = row.join('\u0000');
          const found = map.get(k);
          if (found) found[found.length - 1] = (found[found.length - 1] as number) + c.n;
          else map.set(k, [...row, c.n]);
        }
      }
    }
    if (++n % 100_000 === 0) process.stdout.write(`  ${n} journeys folded (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
  }
  return { day: [...day.values()], month: [...month.values()] };
}

async function load(db: SqlDatabase, cube: { day: SqlValue[][]; month: SqlValue[][] }) {
  for (const s of splitStatements(measuresCubeSchema(db.dialect))) await db.execute(s);
  const columns = [...CUBE_KEY_COLUMNS, 'n'];
  for (const [table, rows] of [
    ['analytics_cube_day', cube.day],
    ['analytics_cube_month', cube.month],
  ] as const) {
    await db.transaction(async (tx) => {
      const per = Math.floor(30000 / columns.length);
      for (let i = 0; i < rows.length; i += per) {
        const params: SqlValue[] = [];
        const tuples = rows.slice(i, i + per).map((r) => `(${r.map((v) => (params.push(v), `$${params.length}`)).join(',')})`);
        await tx.execute(`insert into ${table} (${columns.join(',')}) values ${tuples.join(',')}`, params);
      }
    });
  }
  // A rebuild writes PostgreSQL's cube in key order (measures.projection.ts): so is the fixture laid out.
  if (db.dialect === 'postgres') for (const table of ['analytics_cube_day', 'analytics_cube_month']) await db.execute(`cluster ${table} using ${table}_pkey`);
  // PostgreSQL: vacuumed as well, so that its autovacuum does not start on 12 M fresh rows while the
  // queries are timed (at 1M journeys it did: timeliness by month, p50 24 ms, slowest of 40 runs 814 ms).
  await db.execute(db.dialect === 'postgres' ? 'vacuum analyze' : 'analyze');
  // And a checkpoint: loading 12 M rows writes gigabytes of WAL, and the checkpoint it sets off would
  // otherwise still be flushing pages while the first queries are timed.
  if (db.dialect === 'postgres') await db.execute('checkpoint');
  await settle(db);
}

/** Dirty and under-writeback pages of the kernel's page cache, in MB (Linux); 0 where there is no /proc. */
function unwrittenMb(): number {
  try {
    const info = readFileSync('/proc/meminfo', 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(info)?.[1] ?? 0);
    return (kb('Dirty') + kb('Writeback')) / 1024;
  } catch {
    return 0;
  }
}

/**
 * Waits until the load has reached the disk and the server has nothing of its own to do, so that
 * the timings are of the queries. A load of 12 M rows leaves gigabytes for the kernel to write back
 * (the machine writes back from 10% of memory dirty) and tables for PostgreSQL's autovacuum: timed
 * while that ran, a query that takes 12 ms took up to a second (1M journeys, 4 Dec 2026).
 */
async function settle(db: SqlDatabase, limitMs = 10 * 60_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    const autovacuum =
      db.dialect === 'postgres'
        ? Number((await db.query<{ n: number }>(`select count(*)::int as n from pg_stat_activity where backend_type = 'autovacuum worker'`))[0].n)
        : 0;
    const unwritten = unwrittenMb();
    if ((autovacuum === 0 && unwritten < 64) || Date.now() - started > limitMs) {
      process.stdout.write(
        `  settled after ${((Date.now() - started) / 1000).toFixed(0)} s (${unwritten.toFixed(0)} MB to write back, ${autovacuum} autovacuum workers)\n`,
      );
      return;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

const ALL: MetricsQuery = { groupBy: [], filters: {} };
const CASES: [string, (db: SqlDatabase) => Promise<unknown>][] = [
  ['handovers (all)', (db) => handovers(db, 'north-shire', ALL, { threshold: 5, applies: true })],
  ['handovers by month × source', (db) => handovers(db, 'north-shire', { ...ALL, period: 'month', groupBy: ['source'] }, { threshold: 5, applies: true })],
  [
    'handovers by financial year × outcome, tier filter',
    (db) =>
      handovers(
        db,
        'north-shire',
        { ...ALL, period: 'financial-year', groupBy: ['outcome'], filters: { tier: ['front-door'] } },
        { threshold: 5, applies: true },
      ),
  ],
  [
    'handovers by week, one quarter (day cube)',
    (db) => handovers(db, 'north-shire', { ...ALL, period: 'week', from: '2024-07-01', to: '2024-10-01' }, { threshold: 5, applies: true }),
  ],
  ['nfa-rates by source', (db) => nfaRates(db, 'north-shire', { ...ALL, groupBy: ['source'] }, { threshold: 5, applies: true })],
  ['funnel by quarter', (db) => funnel(db, 'north-shire', { ...ALL, period: 'quarter' }, { threshold: 5, applies: true })],
  ['timeliness by month', (db) => timeliness(db, 'north-shire', { ...ALL, period: 'month' }, { threshold: 5, applies: true })],
  ['flows/matrix', (db) => handoverMatrix(db, 'north-shire', ALL, { threshold: 5, applies: true })],
  ['flows/paths', (db) => holderPaths(db, 'north-shire', ALL, { threshold: 5, applies: true })],
  ['waiting by team', (db) => waiting(db, 'north-shire', { ...ALL, groupBy: ['team'] }, { threshold: 5, applies: true })],
  [
    'out-of-hours by month × outcome',
    (db) => outOfHours(db, 'north-shire', { ...ALL, period: 'month', groupBy: ['outcome'] }, { threshold: 5, applies: true }),
  ],
  [
    'handovers by month × source × outcome (all dims)',
    (db) => handovers(db, 'north-shire', { ...ALL, period: 'month', groupBy: ['source', 'outcome'] }, { threshold: 5, applies: true }),
  ],
  ['handovers 15 days, day cube', (db) => handovers(db, 'north-shire', { ...ALL, from: '2024-09-10', to: '2024-09-25' }, { threshold: 5, applies: true })],
];

export interface QueryTiming {
  readonly query: string;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

async function time(db: SqlDatabase, label: string, out: NodeJS.WritableStream): Promise<QueryTiming[]> {
  out.write(`\n${label}: ms per query, 40 runs after 5 warm-ups (p50 / p99 / max)\n`);
  const timings: QueryTiming[] = [];
  for (const [name, run] of CASES) {
    for (let i = 0; i < 5; i++) await run(db);
    const ms: number[] = [];
    for (let i = 0; i < 40; i++) {
      const t = process.hrtime.bigint();
      await run(db);
      ms.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    ms.sort((a, b) => a - b);
    const at = (p: number) => ms[Math.min(ms.length - 1, Math.ceil(p * ms.length) - 1)].toFixed(1);
    out.write(`  ${name.padEnd(52)} ${at(0.5).padStart(7)} ${at(0.99).padStart(7)} ${ms[ms.length - 1].toFixed(1).padStart(7)}\n`);
    timings.push({ query: name, p50: Number(at(0.5)), p99: Number(at(0.99)), max: Number(ms[ms.length - 1].toFixed(1)) });
  }
  return timings;
}

/**
 * Times every metrics query over the cube of `journeys` synthetic journeys, on SQLite, PostgreSQL or
 * both. The cube is built and written by one process and timed by another, both started for the
 * purpose: this one never holds the fixture.
 */
export async function benchCubeQueries(
  journeys: number,
  which: 'sqlite' | 'postgres' | 'both' = 'both',
): Promise<{ sqlite?: QueryTiming[]; postgres?: QueryTiming[]; fixturePeakRssMb: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'jl-cube-bench-'));
  const schema = `jl_cube_bench_${process.pid}`;
  const targets: TimingTarget[] = [
    ...(which !== 'postgres' ? [{ store: 'sqlite' as const, filename: join(dir, 'cube.sqlite') }] : []),
    ...(which !== 'sqlite' ? [{ store: 'postgres' as const, schema }] : []),
  ];
  try {
    // The cube is summed in memory before it is written (12 M cells at 1M journeys): room for the fixture, not the product.
    const built = await runTypeScript(__filename, ['--load', JSON.stringify({ journeys, targets })], ['--max-old-space-size=16384']);
    if (built.code !== 0) throw new Error(`building the cube failed (exit code ${built.code})`);
    const { peakRssMb } = JSON.parse(built.stdout.trim().split('\n').pop()!) as { peakRssMb: number };
    const out: { sqlite?: QueryTiming[]; postgres?: QueryTiming[]; fixturePeakRssMb: number } = { fixturePeakRssMb: peakRssMb };
    for (const target of targets) out[target.store] = await timeElsewhere(target);
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (which !== 'sqlite') {
      const postgres = new PostgresDatabase({ connectionString: POSTGRES_URL });
      await postgres.execute(`drop schema if exists ${schema} cascade`);
      await postgres.close();
    }
  }
}

/** Builds the cube and writes it to each target, then exits: what it held goes with it. Prints its peak RSS as JSON. */
async function loadHere(job: { journeys: number; targets: TimingTarget[] }): Promise<void> {
  const t0 = Date.now();
  const cube = buildCube(job.journeys);
  process.stderr.write(
    `${job.journeys} journeys → ${cube.day.length} day-cube rows, ${cube.month.length} month-cube rows (${((Date.now() - t0) / 1000).toFixed(0)} s)\n`,
  );
  for (const target of job.targets) {
    const db = open(target);
    try {
      if (db instanceof PostgresDatabase) await db.ensureSchema();
      await load(db, cube);
    } finally {
      await db.close();
    }
    // SQLite: closing the last connection folds the write-ahead log (a gigabyte at 1M journeys) back into the file; wait for that to reach the disk too.
    if (target.store === 'sqlite') await settle(db);
  }
  process.stdout.write(`${JSON.stringify({ peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
}

const open = (target: TimingTarget): SqlDatabase =>
  target.store === 'sqlite'
    ? new SqliteDatabase({ filename: target.filename })
    : new PostgresDatabase({ connectionString: POSTGRES_URL, schema: target.schema });

/** Where a fresh process finds the cube to time. */
type TimingTarget = { readonly store: 'sqlite'; readonly filename: string } | { readonly store: 'postgres'; readonly schema: string };

/**
 * The queries are timed in a fresh process started with the API server's V8 flags, which opens the
 * cube as the server opens its store. The process that built the fixture still has it in its heap
 * as garbage (12 M cells at 1M journeys) even once it is let go, and a heap like that slows every
 * collection during the queries: on one PostgreSQL cube of 1M journeys, month × source × outcome
 * took 47.0 / 57.5 ms (p50 / p99) from a fresh process and 71.8 / 97.5 from one that had first
 * made and dropped 12 M arrays; month × source 8.8 / 35.5 and 8.8 / 119.9.
 */
async function timeElsewhere(target: TimingTarget): Promise<QueryTiming[]> {
  const { code, stdout } = await runTypeScript(__filename, ['--time', JSON.stringify(target)], API_NODE_FLAGS);
  if (code !== 0) throw new Error(`timing the ${target.store} queries failed (exit code ${code})`);
  return JSON.parse(stdout.trim().split('\n').pop()!) as QueryTiming[];
}

async function timeHere(target: TimingTarget): Promise<void> {
  const db = open(target);
  try {
    // The table goes to stderr, shown as the bench runs; the figures to stdout, read by the bench.
    const timings = await time(db, target.store === 'sqlite' ? 'SQLite' : 'PostgreSQL', process.stderr);
    process.stdout.write(`${JSON.stringify(timings)}\n`);
  } finally {
    await db.close();
  }
}

/** Run directly: `--load` and `--time` are the bench's own child processes; otherwise `[journeys] [sqlite|postgres|both]`. */
function runDirectly(args: readonly string[]): Promise<unknown> {
  if (args[0] === '--load') return loadHere(JSON.parse(args[1]) as { journeys: number; targets: TimingTarget[] });
  if (args[0] === '--time') return timeHere(JSON.parse(args[1]) as TimingTarget);
  return benchCubeQueries(Number(args[0] ?? 1_000_000), (args[1] ?? 'both') as 'sqlite' | 'postgres' | 'both');
}

if (require.main === module) {
  runDirectly(process.argv.slice(2)).catch((e) => {
    process.stderr.write(`${(e as Error).stack}\n`);
    process.exit(1);
  });
}
