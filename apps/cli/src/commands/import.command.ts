import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { importCsv, LIST_NAMES } from '@journey-ledger/ingest';
import type { CsvFile, ListName } from '@journey-ledger/ingest';
import { createProgress } from '../progress';
import { loadTenant, withStore } from '../store';
import { FORMATS, formatOf, importFile, importSsdFolder } from './import-file';

interface ImportCommandOptions {
  list?: string;
  tenant: string;
  rejects?: string;
  format?: string;
  team?: string;
  report?: string;
  mapTeams?: string;
  worker?: boolean;
}

/** `import --list contacts file.csv`, or `import folder/` holding any of contacts.csv, referrals.csv, … */
export function filesToImport(target: string, list?: string): CsvFile[] {
  if (!existsSync(target)) throw new Error(`${target} does not exist`);
  if (statSync(target).isDirectory()) {
    if (list !== undefined) throw new Error('--list names the list of one file; a folder holds one file per list, named <list>.csv');
    const files = LIST_NAMES.filter((l) => existsSync(join(target, `${l}.csv`))).map((l) => ({ list: l, path: join(target, `${l}.csv`) }));
    if (files.length === 0) throw new Error(`${target} holds none of ${LIST_NAMES.map((l) => `${l}.csv`).join(', ')}`);
    return files;
  }
  if (list === undefined || !LIST_NAMES.includes(list as ListName)) throw new Error(`--list is required for a file: one of ${LIST_NAMES.join(', ')}`);
  return [{ list: list as ListName, path: target }];
}

export function registerImport(program: Command): void {
  program
    .command('import')
    .description(
      'Import history (docs/import-format.md): a CIN census return (.xml), an Ofsted Annex A workbook (.xlsx), a Standard Safeguarding Dataset extract (a folder of its CSV tables), or CSV lists; rejects written beside the input, re-runs add nothing',
    )
    .argument(
      '<path>',
      'a CIN census return (.xml), an Annex A workbook (.xlsx), an SSD extract folder (cin_episodes.csv, involvements.csv …), a CSV file (with --list) or a folder holding contacts.csv, referrals.csv, assessments.csv, transfers.csv, closures.csv',
    )
    .option('-f, --format <format>', `the file's format: ${FORMATS.join(', ')} or csv (default: from the file's extension)`)
    .option('-l, --list <list>', `the list a CSV file holds: ${LIST_NAMES.join(', ')}`)
    .option('-t, --tenant <tenant>', 'tenant (config/tenants/<tenant>.yaml)', 'north-shire')
    .option('--team <team>', 'CIN census, Annex A: the team for events whose rows name none (default: the first statutory team)')
    .option('--map-teams <file>', "Annex A, SSD: a CSV with columns name,team mapping the council's team names or ids to its team map")
    .option('--rejects <file>', 'where to write the rejects CSV (default: beside the input)')
    .option('--report <file>', 'where to write the import report JSON (default: beside the input)')
    .option('--worker', 'CIN census: read and decide the return in a worker thread while the store writes (large returns, a free core)')
    .action(async (path: string, opts: ImportCommandOptions) => {
      const format = formatOf(path, opts.format);
      if (format === 'ssd') {
        await importSsdFolder(path, opts);
        return;
      }
      if (format !== 'csv') {
        await importFile(path, format, opts);
        return;
      }
      const files = filesToImport(path, opts.list);
      const tenant = loadTenant(opts.tenant);
      const total = files.reduce((n, f) => n + statSync(f.path).size, 0);
      await withStore(async ({ eventStore }) => {
        // The size of the input is the only total known before reading it: journeys are estimated at ~440 bytes across the lists (synthetic data).
        const progress = createProgress({ label: 'import', total: Math.max(1, Math.round(total / 440)), unit: 'journeys' });
        const report = await importCsv(files, {
          store: eventStore,
          tenant,
          rejectsPath: opts.rejects,
          onProgress: (p) => progress.update(p.journeys, { events: p.events }),
        });
        progress.stop();
        for (const w of report.warnings) process.stderr.write(`warning: ${w}\n`);
        const j = report.journeys;
        process.stdout.write(
          `${report.rows.read} rows read from ${report.files.map((f) => f.file).join(', ') || 'no file'}: ${report.rows.imported} imported, ${report.rows.rejected} rejected\n` +
            `journeys: ${j.written} written, ${j.alreadyStored} already stored, ${j.rejected} rejected; ${report.events} events to the ${eventStore.kind} store\n`,
        );
        if (report.fatal) process.stdout.write('the import was refused as a whole: nothing was imported\n');
        for (const r of report.rejects.slice(0, 10)) process.stdout.write(`  ${r.file}:${r.line} ${r.column ? `[${r.column}] ` : ''}${r.code}: ${r.reason}\n`);
        if (report.rows.rejected > 10) process.stdout.write(`  … ${report.rows.rejected - 10} more\n`);
        if (report.rejectsFile) process.stdout.write(`rejects: ${report.rejectsFile}\n`);
        if (report.rows.rejected > 0) process.exitCode = 2;
      });
    });
}
