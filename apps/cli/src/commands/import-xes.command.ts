import { basename } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_TENANTS_DIR } from '@journey-ledger/application';
import { addTeamsToTenantFile, defaultMapping, importXes, loadMapping, tenantForImport } from '@journey-ledger/process-mining';
import type { XesImportReport } from '@journey-ledger/process-mining';
import { createProgress } from '../progress';
import { withStore } from '../store';
import { statSync } from 'node:fs';

interface ImportXesOptions {
  tenant: string;
  holderAttribute?: string;
  mapping?: string;
  logId?: string;
  tenantsDir: string;
  json?: boolean;
}

export function formatXesImport(r: XesImportReport, seconds: number): string {
  const lines = [
    `${r.logId}: ${r.traces} traces, ${r.events} events in the file; holder attribute ${r.holderAttribute}`,
    `imported: ${r.cases} cases, ${r.caseEvents} events, ${r.handovers} handovers (${r.journeysWritten} journeys written now, ${r.journeysAlreadyImported} already imported; ${r.eventsWritten} ledger events written)`,
    `rejected: ${r.rejectedTraces} traces${
      r.rejectedTraces > 0
        ? ` (${Object.entries(r.rejectionsByCode)
            .map(([c, n]) => `${c} ${n}`)
            .join(', ')})`
        : ''
    }; reordered by time: ${r.reordered}`,
    `not mapped: ${r.unmapped.eventsWithoutHolder} events without a holder (kept with the case's holder), ${r.unmapped.tracesWithoutHolder} traces with none; ignored activities: ${
      Object.keys(r.unmapped.activitiesIgnored).length === 0
        ? 'none'
        : Object.entries(r.unmapped.activitiesIgnored)
            .map(([a, n]) => `${a} ${n}`)
            .join(', ')
    }`,
    `${seconds.toFixed(1)}s, ${Math.round(r.events / Math.max(seconds, 0.001))} events/s`,
  ];
  for (const x of r.rejections.slice(0, 10)) lines.push(`  trace ${x.trace + 1}${x.caseId ? ` (${x.caseId})` : ''}: ${x.code}: ${x.message}`);
  return `${lines.join('\n')}\n`;
}

export function registerImportXes(program: Command): void {
  program
    .command('import-xes <file>')
    .description('import an XES event log (.xes or .xes.gz) as journeys: handovers, flows, paths, replay and scenarios then run on it')
    .requiredOption('--tenant <id>', 'the tenant the journeys go to (created in --tenants-dir if new)')
    .option('--holder-attribute <key>', 'the event attribute naming the holder (default org:group, or the mapping file’s)')
    .option('--mapping <file>', 'activity and team mapping (YAML, docs/process-mining.md)')
    .option('--log-id <id>', 'names the log within the tenant (default: the file name); a re-import with the same id writes nothing twice')
    .option('--tenants-dir <dir>', 'where tenant team maps live; teams found are added there', DEFAULT_TENANTS_DIR)
    .option('--json', 'print the report as JSON')
    .action(async (file: string, o: ImportXesOptions) => {
      const mapping = o.mapping ? loadMapping(o.mapping, { holderAttribute: o.holderAttribute }) : defaultMapping(o.holderAttribute);
      const { config } = tenantForImport(o.tenantsDir, o.tenant);
      const key = process.env.JOURNEY_LEDGER_PSEUDONYM_KEY;
      await withStore(async ({ eventStore }) => {
        const size = statSync(file).size;
        const progress = createProgress({ label: `import ${basename(file)}`, total: size * 2, unit: 'bytes' });
        const started = Date.now();
        const report = await importXes({
          path: file,
          store: eventStore,
          tenant: config,
          logId: o.logId ?? basename(file).replace(/\.xes(\.gz)?$/i, ''),
          mapping,
          pseudonymKey: key ? Buffer.from(key, /^[0-9a-f]{64}$/i.test(key) ? 'hex' : 'base64') : undefined,
          onProgress: (p) => progress.update((p.phase - 1) * size + p.bytes, { traces: p.traces }),
        });
        progress.stop();
        const { file: teamFile, added } = addTeamsToTenantFile(o.tenantsDir, config, report.teamsFound);
        const secs = (Date.now() - started) / 1000;
        if (o.json) process.stdout.write(`${JSON.stringify({ ...report, seconds: secs, teamMap: teamFile, teamsAdded: added.length }, null, 2)}\n`);
        else
          process.stdout.write(
            `${formatXesImport(report, secs)}team map ${teamFile}: ${added.length} teams added (tier unknown unless the mapping placed them)\n`,
          );
      });
    });
}
