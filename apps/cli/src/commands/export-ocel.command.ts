import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { AccessLog } from '@journey-ledger/audit';
import { auditedJourneys, ocelChunks, readJourneys, writeChunks } from '@journey-ledger/process-mining';
import { loadTenant, withStore } from '../store';
import { destination, exportFilter, withExportOptions } from './export-xes.command';
import type { ExportCliOptions } from './export-xes.command';

export function registerExportOcel(program: Command): void {
  withExportOptions(program.command('export-ocel').description('export journeys as an OCEL 2.0 JSON object-centric event log, streamed')).action(
    async (o: ExportCliOptions) => {
      const tenant = loadTenant(o.tenant, o.tenantsDir);
      const filter = exportFilter(o);
      await withStore(async ({ eventStore }) => {
        const started = Date.now();
        const counts = { journeys: 0, events: 0 };
        const head = await eventStore.headPosition();
        const access = { tenantId: tenant.config.id, userId: o.user, roles: ['operator'], correlationId: randomUUID(), route: 'cli export-ocel' };
        let pass = 0;
        // Two reads of one snapshot (events, then objects); the access is logged on the first.
        const journeys = () => {
          const read = readJourneys(eventStore, { tenantId: tenant.config.id, filter, head });
          return pass++ === 0 ? auditedJourneys(read, new AccessLog(eventStore), access) : read;
        };
        await writeChunks(ocelChunks(journeys, { teams: tenant.teams }, counts), destination(o.out), { gzip: o.gzip });
        const secs = (Date.now() - started) / 1000;
        process.stderr.write(
          `exported ${counts.journeys} journeys, ${counts.events} events in ${secs.toFixed(1)}s (${Math.round(counts.events / Math.max(secs, 0.001))} events/s)\n`,
        );
      });
    },
  );
}
