import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BulkWriter } from '@journey-ledger/ingest';
import { ScenarioRepository } from '@journey-ledger/replay';
import type { Benchmark, BenchContext, BenchResult } from './lib/harness';
import { openBenchStore, peakRssMb, rate, syntheticSource } from './lib/harness';

const SCENARIOS = 50;
const ROUNDS = 20;

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/**
 * The designers' list of stored scenarios beside a council's journey log: the synthetic year is
 * written (not timed), 50 scenarios are saved, then the first page of the list is read 20 times.
 * The baseline, in the same store and run, reads one scenario's own stream (`GET /scenarios/:id`):
 * the list walks the tenant's log through the stream-prefix filter, so the ratio shows what the
 * log's size costs it.
 */
async function list(ctx: BenchContext, kind: 'embedded' | 'postgres'): Promise<BenchResult[]> {
  const { store, dispose } = await openBenchStore(ctx, kind);
  try {
    const { tenant, journeys } = syntheticSource(ctx);
    const report = await new BulkWriter({ store, teamsFor: () => tenant.teams }).write(journeys);
    const repository = new ScenarioRepository(store);
    const source = readFileSync(join(__dirname, '../config/scenarios/one-front-door.yaml'), 'utf8');
    const context = { tenantId: ctx.tenant, teams: tenant.teams, levelsOfNeed: tenant.config.levelsOfNeed };
    for (let i = 0; i < SCENARIOS; i++) {
      await repository.save(source.replace('id: one-front-door', `id: bench-${i}`), context, { userId: 'bench', role: 'designer' });
    }
    const timed = async (subject: string, note: string, read: () => Promise<unknown>): Promise<BenchResult> => {
      const ms: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        const started = performance.now();
        await read();
        ms.push(performance.now() - started);
      }
      ms.sort((a, b) => a - b);
      const seconds = ms.reduce((a, b) => a + b, 0) / 1000;
      return {
        benchmark: 'scenario list',
        store: kind,
        subject,
        journeys: ctx.journeys,
        events: report.events,
        seconds,
        eventsPerSecond: rate(report.events * ROUNDS, seconds),
        peakRssMb: peakRssMb(),
        latencyMs: { p50: Math.round(percentile(ms, 50) * 10) / 10, p99: Math.round(percentile(ms, 99) * 10) / 10 },
        note,
        ...(subject === 'ours' ? { compareTo: ['one scenario stream'] } : {}),
      };
    };
    return [
      await timed('one scenario stream', `${ROUNDS} reads of one scenario's stream`, () => repository.get(ctx.tenant, 'bench-0')),
      await timed('ours', `${ROUNDS} reads of the first page (20 of ${SCENARIOS} scenarios)`, () => repository.list(ctx.tenant, { limit: 20, offset: 0 })),
    ];
  } finally {
    await dispose();
  }
}

export const scenarioList: Benchmark = {
  name: 'scenario-list',
  cases: () => [
    { id: 'scenario-list-embedded', run: (ctx) => list(ctx, 'embedded') },
    { id: 'scenario-list-postgres', run: (ctx) => list(ctx, 'postgres') },
  ],
};
