import { benchCubeQueries } from './read-models/cube-queries.bench';
import type { Benchmark, BenchResult } from './lib/harness';

/** Query latency of every metrics route's query, at the run's number of journeys (one line per query). */
export const metricsQueries: Benchmark = {
  name: 'metrics-queries',
  cases: () =>
    (['sqlite', 'postgres'] as const).map((which) => ({
      id: `metrics-queries-${which}`,
      // The cube is built in a process of its own and the queries timed in another, under the API server's flags.
      run: async (ctx): Promise<BenchResult[]> => {
        const result = await benchCubeQueries(ctx.journeys, which);
        const timings = result[which] ?? [];
        return timings.map((t) => ({
          benchmark: `query: ${t.query}`,
          store: which === 'sqlite' ? 'embedded' : 'postgres',
          subject: 'ours',
          journeys: ctx.journeys,
          events: 0,
          seconds: 0,
          eventsPerSecond: 0,
          latencyMs: { p50: t.p50, p99: t.p99 },
          peakRssMb: result.fixturePeakRssMb,
          note: `40 runs after 5 warm-ups, from a fresh process; max ${t.max} ms; peak RSS is the process that built the fixture`,
        }));
      },
    })),
};
