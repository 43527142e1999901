import { benchCubeQueries } from './read-models/cube-queries.bench';
import type { Benchmark, BenchResult } from './lib/harness';
import { API_NODE_FLAGS, peakRssMb } from './lib/harness';

/** Query latency of every metrics route's query, at the run's number of journeys (one line per query). */
export const metricsQueries: Benchmark = {
  name: 'metrics-queries',
  cases: () =>
    (['sqlite', 'postgres'] as const).map((which) => ({
      id: `metrics-queries-${which}`,
      // The cube is built in memory before it is written (at 1M journeys, 12 M cells): room for the fixture, not the product.
      // The queries run under the API server's own flags.
      nodeArgs: ['--max-old-space-size=16384', ...API_NODE_FLAGS],
      run: async (ctx): Promise<BenchResult[]> => {
        const timings = (await benchCubeQueries(ctx.journeys, which))[which] ?? [];
        return timings.map((t) => ({
          benchmark: `query: ${t.query}`,
          store: which === 'sqlite' ? 'embedded' : 'postgres',
          subject: 'ours',
          journeys: ctx.journeys,
          events: 0,
          seconds: 0,
          eventsPerSecond: 0,
          latencyMs: { p50: t.p50, p99: t.p99 },
          peakRssMb: peakRssMb(),
          note: `40 runs after 5 warm-ups; max ${t.max} ms; peak RSS is the in-memory fixture's`,
        }));
      },
    })),
};
