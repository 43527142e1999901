import { englandAndWalesCalendar } from '@journey-ledger/domain';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TenantRegistry } from '@journey-ledger/application';
import { openStore } from '@journey-ledger/event-store';
import type { EventStore, ReadAllOptions, StoreSettings } from '@journey-ledger/event-store';
import { BulkWriter } from '@journey-ledger/ingest';
import { parseScenario, runScenario } from '@journey-ledger/replay';
import { generateJourneys, PRESETS } from '@journey-ledger/synthetic';

export interface ScenarioRunBenchResult {
  readonly store: string;
  readonly read: 'scoped' | 'unscoped';
  readonly scenario: string;
  readonly journeys: number;
  readonly events: number;
  readonly generateSeconds: number | null;
  readonly runSeconds: number;
  readonly eventsPerSecond: number;
  readonly journeysPerSecond: number;
  readonly peakOpenJourneys: number;
  readonly peakHeapMb: number;
  readonly handovers: { readonly today: number; readonly scenario: number; readonly difference: number };
}

/**
 * What-if replay at scale: a year of synthetic journeys (England 2024-25 calibration) written
 * through the domain rules into a store once, then the scenario run over the whole log, timed.
 * The store is kept between runs (`--dir`), so the 1M-journey log is generated only once.
 *
 *   npx ts-node -r tsconfig-paths/register --transpile-only bench/scenario-run.bench.ts --journeys 100000
 *   npx ts-node -r tsconfig-paths/register --transpile-only bench/scenario-run.bench.ts --journeys 1000000
 *   DATABASE_URL=postgres://… … --store postgres
 *   … --read unscoped   (readAll without the tenant filter, filtered here: isolates the store's scoped-read cost)
 */
export async function benchScenarioRun(options: {
  journeys: number;
  store?: 'embedded' | 'postgres';
  dir?: string;
  scenarioFile?: string;
  batchSize?: number;
  read?: 'scoped' | 'unscoped';
}): Promise<ScenarioRunBenchResult> {
  const kind = options.store ?? 'embedded';
  const dir = options.dir ?? join('data', 'bench');
  mkdirSync(dir, { recursive: true });
  const settings: StoreSettings =
    kind === 'embedded'
      ? { kind, filename: join(dir, `scenario-${options.journeys}.sqlite`) }
      : { kind, databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test', schema: `jl_bench_scenario_${options.journeys}` };
  const tenant = TenantRegistry.fromDirectory('config/tenants').get('north-shire')!;
  const { eventStore } = await openStore(settings);
  try {
    let generateSeconds: number | null = null;
    if ((await eventStore.headPosition()) === 0) {
      const started = Date.now();
      const writer = new BulkWriter({ store: eventStore, teamsFor: () => tenant.teams, batchJourneys: 2000 });
      await writer.write(generateJourneys({ tenant: tenant.config, preset: PRESETS['england-2024-25'], journeys: options.journeys, seed: 'bench' }));
      generateSeconds = (Date.now() - started) / 1000;
    }
    const scenarioFile = options.scenarioFile ?? 'config/scenarios/one-front-door.yaml';
    const scenario = parseScenario(readFileSync(scenarioFile, 'utf8'), {
      tenantId: 'north-shire',
      teams: tenant.teams,
      levelsOfNeed: tenant.config.levelsOfNeed,
    });
    // `unscoped`: read the log without the tenant filter and keep the tenant's events here. The
    // bench log holds one tenant, so the events seen are the same; it shows the run's own cost
    // when the store's tenant-scoped readAll is slow (SQLite: see docs/replay.md, Performance).
    const source: EventStore =
      options.read === 'unscoped'
        ? Object.assign(Object.create(eventStore) as EventStore, {
            readAll: async (o: ReadAllOptions = {}) => (await eventStore.readAll({ ...o, tenantId: undefined })).filter((e) => e.tenantId === o.tenantId),
          })
        : eventStore;
    let peakHeap = process.memoryUsage().heapUsed;
    const started = process.hrtime.bigint();
    const result = await runScenario(source, scenario, {
      tenantId: 'north-shire',
      calendar: englandAndWalesCalendar(),
      timeZone: tenant.config.timeZone,
      batchSize: options.batchSize ?? 10_000,
      onProgress: () => {
        const heap = process.memoryUsage().heapUsed;
        if (heap > peakHeap) peakHeap = heap;
      },
    });
    const runSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const handovers = result.measures.find((m) => m.measure === 'handovers')!;
    return {
      store: eventStore.kind,
      read: options.read ?? 'scoped',
      scenario: scenario.document.id,
      journeys: result.journeys,
      events: result.eventsRead,
      generateSeconds,
      runSeconds: Math.round(runSeconds * 10) / 10,
      eventsPerSecond: Math.round(result.eventsRead / runSeconds),
      journeysPerSecond: Math.round(result.journeys / runSeconds),
      peakOpenJourneys: result.peakOpenJourneys,
      peakHeapMb: Math.round(peakHeap / 1e6),
      handovers: { today: handovers.today.total, scenario: handovers.scenario.total, difference: handovers.difference.total },
    };
  } finally {
    await eventStore.close();
  }
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (require.main === module) {
  const journeys = Number(arg('journeys') ?? '100000');
  const store = (arg('store') ?? 'embedded') as 'embedded' | 'postgres';
  benchScenarioRun({
    journeys,
    store,
    dir: arg('dir'),
    scenarioFile: arg('scenario'),
    batchSize: arg('batch') ? Number(arg('batch')) : undefined,
    read: arg('read') === 'unscoped' ? 'unscoped' : 'scoped',
  })
    .then((r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`))
    .catch((e) => {
      process.stderr.write(`${(e as Error).stack}\n`);
      process.exitCode = 1;
    });
}
