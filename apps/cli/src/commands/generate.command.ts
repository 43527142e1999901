import type { Command } from 'commander';
import { BulkWriter, defaultBatchJourneys } from '@journey-ledger/ingest';
import { mkdirSync } from 'node:fs';
import { generateInWorker, generateJourneys, PRESETS, writeJourneysAsCsv } from '@journey-ledger/synthetic';
import { createProgress } from '../progress';
import { loadTenant, withStore } from '../store';

export interface GenerateCommandOptions {
  journeys: string;
  seed: string;
  preset: string;
  tenant: string;
  batch?: string;
  worker: boolean;
  csv?: string;
}

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('Write synthetic journeys, calibrated by a preset, through the domain rules (re-runs with the same seed add nothing)')
    .option('-n, --journeys <n>', 'number of journeys', '10000')
    .option('-s, --seed <seed>', 'seed of the pseudo-random generator', '1')
    .option('-p, --preset <preset>', `calibration preset: ${Object.keys(PRESETS).join(', ')}`, 'england-2024-25')
    .option('-t, --tenant <tenant>', 'tenant (config/tenants/<tenant>.yaml)', 'north-shire')
    .option(
      '--batch <n>',
      `journeys per append batch (default: ${defaultBatchJourneys('embedded')} on the embedded store, ${defaultBatchJourneys('postgres')} on PostgreSQL)`,
    )
    // Measured on the 2-core machine: a worker thread was slower (embedded 10.0k vs 12.6k events/s, PostgreSQL 9.4k vs 10.7k), so it is opt-in.
    .option('--csv <dir>', 'write the journeys as import CSV lists (docs/import-format.md) into <dir> instead of the store')
    .option('--worker', 'generate and decide in a worker thread while the main thread writes', false)
    .action(async (opts: GenerateCommandOptions) => {
      const preset = PRESETS[opts.preset];
      if (preset === undefined) throw new Error(`unknown preset "${opts.preset}" (known: ${Object.keys(PRESETS).join(', ')})`);
      const journeys = Number(opts.journeys);
      if (!Number.isInteger(journeys) || journeys < 1) throw new Error('--journeys must be a positive whole number');
      const tenant = loadTenant(opts.tenant);
      if (opts.csv !== undefined) {
        mkdirSync(opts.csv, { recursive: true });
        const counts = await writeJourneysAsCsv(generateJourneys({ tenant: tenant.config, preset, journeys, seed: opts.seed }), opts.csv);
        process.stdout.write(
          `${Object.entries(counts)
            .map(([list, n]) => `${n} ${list}`)
            .join(', ')} rows written to ${opts.csv}\n`,
        );
        return;
      }
      const batchJourneys = opts.batch === undefined ? undefined : Number(opts.batch);
      await withStore(async ({ eventStore }) => {
        const progress = createProgress({ label: `generate ${opts.preset}`, total: journeys, unit: 'journeys' });
        const started = Date.now();
        const writer = new BulkWriter({
          store: eventStore,
          teamsFor: (id) => (id === tenant.config.id ? tenant.teams : undefined),
          batchJourneys,
          onProgress: (r) => progress.update(r.journeys, { events: r.events }),
        });
        const report = opts.worker
          ? await writer.writePlanned(generateInWorker({ tenant: tenant.config, presetId: preset.id, journeys, seed: opts.seed, batchJourneys }))
          : await writer.write(generateJourneys({ tenant: tenant.config, preset, journeys, seed: opts.seed }));
        progress.stop();
        const secs = (Date.now() - started) / 1000;
        process.stdout.write(
          `${report.written} journeys written, ${report.skipped} already stored, ${report.rejected} rejected; ${report.events} events in ${secs.toFixed(1)}s (${Math.round(report.events / secs)} events/s) to the ${eventStore.kind} store\n`,
        );
        if (report.rejected > 0) process.exitCode = 1;
      });
    });
}
