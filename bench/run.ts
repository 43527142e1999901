import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { benchmarks } from './benchmarks';
import type { BenchContext, BenchResult } from './lib/harness';
import { runTypeScript } from './lib/harness';

/**
 * `npm run bench [-- --journeys 100000 --only bulk,raw --store postgres]`: every case in a child
 * process of its own (so peak memory is the case's own), results as JSON under bench/results/
 * and a table with each of ours as a ratio to the peers measured in the same run.
 */
const MARK = 'BENCH_RESULT ';

interface Options {
  journeys: string;
  seed: string;
  preset: string;
  tenant: string;
  only?: string;
  store: string;
  peerJourneys?: string;
  child?: string;
}

function context(o: Options): BenchContext {
  const journeys = Number(o.journeys);
  return {
    journeys,
    seed: o.seed,
    preset: o.preset,
    tenant: o.tenant,
    databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    peerJourneys: o.peerJourneys ? Number(o.peerJourneys) : Math.min(journeys, 20000),
  };
}

function allCases(ctx: BenchContext) {
  return benchmarks.flatMap((b) => b.cases(ctx));
}

async function runChild(id: string, o: Options): Promise<void> {
  const ctx = context(o);
  const c = allCases(ctx).find((x) => x.id === id);
  if (c === undefined) throw new Error(`no benchmark case ${id}`);
  const result = await c.run(ctx);
  for (const r of Array.isArray(result) ? result : [result]) process.stdout.write(`${MARK}${JSON.stringify(r)}\n`);
}

async function runInChild(id: string, argv: string[], nodeArgs: readonly string[] = []): Promise<BenchResult[]> {
  const { code, stdout } = await runTypeScript(join(__dirname, 'run.ts'), [...argv, '--child', id], nodeArgs);
  const results = stdout
    .split('\n')
    .filter((l) => l.startsWith(MARK))
    .map((l) => JSON.parse(l.slice(MARK.length)) as BenchResult);
  if (code !== 0 && results.length === 0) throw new Error(`${id} failed (exit ${code})`);
  return results;
}

function table(results: BenchResult[]): string {
  const ratio = (r: BenchResult) =>
    (r.compareTo ?? [])
      .map((peer) => results.find((p) => p.store === r.store && p.subject === peer))
      .filter((p): p is BenchResult => p !== undefined)
      .map((p) => `${(r.eventsPerSecond / p.eventsPerSecond).toFixed(2)}× ${p.subject}`)
      .join(', ');
  const rows = [
    ['benchmark', 'store', 'subject', 'journeys', 'events', 'seconds', 'events/s', 'p50/p99 ms', 'peak RSS MB', 'ours ÷ peer'],
    ...results.map((r) => [
      r.benchmark,
      r.store,
      r.subject,
      String(r.journeys),
      String(r.events),
      r.seconds.toFixed(1),
      String(r.eventsPerSecond),
      r.latencyMs ? `${r.latencyMs.p50}/${r.latencyMs.p99}` : '',
      String(r.peakRssMb),
      ratio(r),
    ]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows
    .map((row) =>
      row
        .map((c, i) => c.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

async function main(): Promise<void> {
  const program = new Command()
    .option('-n, --journeys <n>', 'journeys per case', '10000')
    .option('--seed <seed>', 'synthetic data seed', '1')
    .option('--preset <preset>', 'synthetic preset', 'england-2024-25')
    .option('--tenant <tenant>', 'tenant', 'north-shire')
    .option('--only <names>', 'comma-separated substrings of case ids (e.g. bulk,raw)')
    .option('--store <store>', 'embedded, postgres or both', 'both')
    .option('--peer-journeys <n>', 'journeys for peers that append one journey per call (default: min(journeys, 20000))')
    .option('--child <id>', 'internal: run one case in this process')
    .parse(process.argv);
  const o = program.opts<Options>();
  if (o.child) return runChild(o.child, o);

  const ctx = context(o);
  const filters = o.only?.split(',').map((s) => s.trim()) ?? [];
  const cases = allCases(ctx).filter(
    (c) =>
      (filters.length === 0 || filters.some((f) => c.id.includes(f))) &&
      (o.store === 'both' || !/:(embedded|postgres)$/.test(c.id) || c.id.endsWith(`:${o.store}`)),
  );
  const argv = [
    '--journeys',
    o.journeys,
    '--seed',
    o.seed,
    '--preset',
    o.preset,
    '--tenant',
    o.tenant,
    ...(o.peerJourneys ? ['--peer-journeys', o.peerJourneys] : []),
  ];
  const results: BenchResult[] = [];
  const failures: string[] = [];
  for (const c of cases) {
    process.stderr.write(`bench ${c.id} (${ctx.journeys} journeys)…\n`);
    try {
      results.push(...(await runInChild(c.id, argv, c.nodeArgs)));
    } catch (e) {
      failures.push(`${c.id}: ${(e as Error).message}`);
    }
  }
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${ctx.journeys}.json`);
  const environment = { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30) };
  writeFileSync(file, JSON.stringify({ context: { ...ctx, databaseUrl: undefined }, environment, results, failures }, null, 2) + '\n');
  process.stdout.write(`${table(results)}\n\n${file}\n`);
  if (failures.length > 0) {
    process.stderr.write(`failed:\n${failures.join('\n')}\n`);
    process.exitCode = 1;
  }
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
