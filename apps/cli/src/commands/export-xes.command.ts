import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { DEFAULT_TENANTS_DIR } from '@journey-ledger/application';
import { AccessLog } from '@journey-ledger/audit';
import { auditedJourneys, exportPseudonymKeyFromEnv, writeChunks, xesChunksOfStoredTraces } from '@journey-ledger/process-mining';
import { ProjectionRunner, storedTraces, TracesProjection } from '@journey-ledger/read-models';
import type { JourneyFilter } from '@journey-ledger/process-mining';
import { loadTenant, withStore } from '../store';

export interface ExportCliOptions {
  tenant: string;
  out?: string;
  gzip?: boolean;
  from?: string;
  to?: string;
  team?: string;
  source?: string;
  levelOfNeed?: string;
  user: string;
  tenantsDir: string;
}

const list = (v: string | undefined) =>
  v === undefined
    ? undefined
    : v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);

/** The journey filters both exports take, from the command line. */
export function exportFilter(o: ExportCliOptions): JourneyFilter {
  for (const [name, v] of [
    ['from', o.from],
    ['to', o.to],
  ] as const) {
    if (v !== undefined && Number.isNaN(Date.parse(v))) throw new Error(`--${name}: an ISO-8601 date or instant, such as 2025-04-01`);
  }
  return { from: o.from, to: o.to, team: list(o.team), source: list(o.source), levelOfNeed: list(o.levelOfNeed) };
}

export const withExportOptions = (c: Command) =>
  c
    .requiredOption('--tenant <id>', 'the council whose journeys to export')
    .option('--out <file>', 'write to this file (default: standard output)')
    .option('--gzip', 'gzip the output', false)
    .option('--from <date>', 'journeys started on or after this date')
    .option('--to <date>', 'journeys started before this date')
    .option('--team <ids>', 'journeys these teams held or received a contact for (comma-separated)')
    .option('--source <codes>', 'journeys whose first source is one of these CIN codes (comma-separated)')
    .option('--level-of-need <levels>', 'journeys whose first contact had one of these levels of need')
    .option('--user <id>', 'who is exporting, for the access log', `cli:${process.env.USER ?? 'operator'}`)
    .option('--tenants-dir <dir>', 'where tenant team maps live', DEFAULT_TENANTS_DIR);

export const destination = (out: string | undefined): Writable => (out === undefined || out === '-' ? process.stdout : createWriteStream(out));

export function registerExportXes(program: Command): void {
  withExportOptions(program.command('export-xes').description('export journeys as an IEEE XES event log: one trace per journey, streamed')).action(
    async (o: ExportCliOptions) => {
      const tenant = loadTenant(o.tenant, o.tenantsDir);
      const filter = exportFilter(o);
      await withStore(async ({ eventStore, db }) => {
        const started = Date.now();
        // The traces read model alone is brought up to the log's head (its own checkpoint; the first export builds it), then read.
        const traces = new ProjectionRunner(eventStore, db, [new TracesProjection(eventStore)]);
        await traces.migrate();
        await traces.catchUp();
        const counts = { journeys: 0, events: 0 };
        const journeys = auditedJourneys(storedTraces(db, { tenantId: tenant.config.id, filter }), new AccessLog(eventStore), {
          tenantId: tenant.config.id,
          userId: o.user,
          roles: ['operator'],
          correlationId: randomUUID(),
          route: 'cli export-xes',
        });
        await writeChunks(
          xesChunksOfStoredTraces(journeys, { tenantId: tenant.config.id, pseudonymKey: exportPseudonymKeyFromEnv() }, counts),
          destination(o.out),
          {
            gzip: o.gzip,
          },
        );
        const secs = (Date.now() - started) / 1000;
        process.stderr.write(
          `exported ${counts.journeys} journeys, ${counts.events} events in ${secs.toFixed(1)}s (${Math.round(counts.events / Math.max(secs, 0.001))} events/s)\n`,
        );
      });
    },
  );
}
