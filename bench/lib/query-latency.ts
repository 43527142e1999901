import type { BenchResult } from './harness';
import { peakRssMb } from './harness';

export interface Latency {
  p50: number;
  p99: number;
  max: number;
}

/** A query's latency over `runs` timed runs after `warmUps` untimed ones (caches and plans warm). */
export async function latencyOf(run: () => Promise<unknown>, warmUps: number, runs: number): Promise<Latency> {
  for (let i = 0; i < warmUps; i++) await run();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await run();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => Math.round(ms[Math.min(ms.length - 1, Math.floor(q * ms.length))] * 10) / 10;
  return { p50: at(0.5), p99: at(0.99), max: at(1) };
}

/**
 * Times each case in turn and reports it as a ratio to the first case, measured in the same run:
 * on a shared machine only ratios within one run mean much.
 */
export async function queryLatencies(
  cases: readonly (readonly [string, () => Promise<unknown>])[],
  opts: { benchmark: string; store: BenchResult['store']; journeys: number; events: number; warmUps: number; runs: number; baseline: string },
): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  let baseline = 0;
  for (const [name, query] of cases) {
    const t = await latencyOf(query, opts.warmUps, opts.runs);
    if (baseline === 0) baseline = t.p50;
    const ratio = baseline > 0 ? (t.p50 / baseline).toFixed(1) : '–';
    results.push({
      benchmark: `${opts.benchmark}: ${name}`,
      store: opts.store,
      subject: 'ours',
      journeys: opts.journeys,
      events: opts.events,
      seconds: 0,
      eventsPerSecond: 0,
      latencyMs: { p50: t.p50, p99: t.p99 },
      peakRssMb: peakRssMb(),
      note: `${opts.runs} runs after ${opts.warmUps === 1 ? 'a warm-up' : `${opts.warmUps} warm-ups`}; max ${t.max} ms; p50 ${ratio}× ${opts.baseline} in the same run`,
    });
  }
  return results;
}
