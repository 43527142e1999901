import { englandAndWalesCalendar } from '@journey-ledger/domain';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { TenantRegistry } from '@journey-ledger/application';
import { openStore } from '@journey-ledger/event-store';
import { BulkWriter } from '@journey-ledger/ingest';
import { parseScenario, runScenario } from '@journey-ledger/replay';
import { ONE_FRONT_DOOR } from '@journey-ledger/replay/testing';
import { generateJourneys, PRESETS } from '@journey-ledger/synthetic';

/**
 * How long the server's event loop is held while several scenario runs read the embedded store at
 * once: the longest event-loop delay (what a `/health` probe or a command would wait at worst),
 * for each batch size and time slice, beside the runs' own wall time.
 *
 *   npx ts-node -r tsconfig-paths/register --transpile-only bench/heavy-read-liveness.ts [--journeys 20000] [--runs 3]
 */
async function main() {
  const arg = (name: string, fallback: number) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const journeys = arg('journeys', 20000);
  const concurrentRuns = arg('runs', 3);
  const dir = join('data', 'bench');
  mkdirSync(dir, { recursive: true });
  const tenant = TenantRegistry.fromDirectory('config/tenants').get('north-shire')!;
  const { eventStore } = await openStore({ kind: 'embedded', filename: join(dir, `liveness-${journeys}.sqlite`) });
  if ((await eventStore.headPosition()) === 0) {
    await new BulkWriter({ store: eventStore, teamsFor: () => tenant.teams, batchJourneys: 2000 }).write(
      generateJourneys({ tenant: tenant.config, preset: PRESETS['england-2024-25'], journeys, seed: 'liveness' }),
    );
  }
  const scenario = parseScenario(ONE_FRONT_DOOR, { tenantId: 'north-shire', teams: tenant.teams, levelsOfNeed: tenant.config.levelsOfNeed });
  const cases = [
    { batchSize: 5000, sliceMs: Infinity },
    { batchSize: 5000, sliceMs: 10 },
    { batchSize: 1000, sliceMs: 10 },
  ];
  const rows = [];
  for (const c of cases) {
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: concurrentRuns }, () =>
        runScenario(eventStore, scenario, { tenantId: 'north-shire', calendar: englandAndWalesCalendar(), timeZone: tenant.config.timeZone, ...c }),
      ),
    );
    loop.disable();
    rows.push({
      batchSize: c.batchSize,
      sliceMs: String(c.sliceMs),
      runs: concurrentRuns,
      eventsPerRun: results[0].eventsRead,
      wallSeconds: Number(((performance.now() - started) / 1000).toFixed(1)),
      eventLoopDelayMaxMs: Math.round(loop.max / 1e6),
      eventLoopDelayP99Ms: Math.round(loop.percentile(99) / 1e6),
    });
  }
  console.table(rows);
  await eventStore.close();
}

void main();
