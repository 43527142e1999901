import { createReadStream, existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { Transform } from 'node:stream';
import { importAnnexA, importCinCensus, importSsd, readTeamMapping, SSD_TABLE_NAMES } from '@journey-ledger/ingest';
import type { ImportSummary } from '@journey-ledger/ingest';
import { createProgress } from '../progress';
import { loadTenant, withStore } from '../store';

/** The formats a council already has, beside the CSV lists. */
export const FORMATS = ['cin-census', 'annex-a', 'ssd'] as const;
export type FileFormat = (typeof FORMATS)[number] | 'csv';

/** The format named, or the one the file's extension says. */
export function formatOf(path: string, named?: string): FileFormat {
  if (named !== undefined) {
    if (named === 'csv' || (FORMATS as readonly string[]).includes(named)) return named as FileFormat;
    throw new Error(`--format must be one of ${[...FORMATS, 'csv'].join(', ')}, not "${named}"`);
  }
  // An SSD extract is known by its episodes table (the ledger's own lists also have a contacts.csv).
  if (existsSync(path) && statSync(path).isDirectory() && ssdTables(path).some((t) => t.table === 'cin_episodes')) return 'ssd';
  const ext = extname(path).toLowerCase();
  if (ext === '.xml') return 'cin-census';
  if (ext === '.xlsx' || ext === '.xlsm') return 'annex-a';
  return 'csv';
}

/** The SSD tables a folder holds: `<table>.csv` or `ssd_<table>.csv`. */
export function ssdTables(folder: string): { table: (typeof SSD_TABLE_NAMES)[number]; path: string }[] {
  const names = new Set(readdirSync(folder).map((n) => n.toLowerCase()));
  return SSD_TABLE_NAMES.flatMap((table) => {
    const name = [`${table}.csv`, `ssd_${table}.csv`].find((n) => names.has(n));
    return name
      ? [
          {
            table,
            path: join(
              folder,
              readdirSync(folder).find((n) => n.toLowerCase() === name)!,
            ),
          },
        ]
      : [];
  });
}

/** Imports an SSD extract: a folder of its CSV tables. */
export async function importSsdFolder(
  folder: string,
  opts: { tenant: string; team?: string; rejects?: string; report?: string; mapTeams?: string; worker?: boolean },
): Promise<void> {
  const tables = ssdTables(folder);
  if (!tables.some((t) => t.table === 'cin_episodes'))
    throw new Error(`${folder} holds no cin_episodes.csv (or ssd_cin_episodes.csv): an SSD extract needs it`);
  const tenant = loadTenant(opts.tenant);
  await withStore(async ({ eventStore }) => {
    const summary = await importSsd(
      tables.map((t) => ({ table: t.table, input: createReadStream(t.path) })),
      {
        store: eventStore,
        tenant,
        team: opts.team,
        source: basename(folder),
        rejectsPath: opts.rejects ?? join(folder, 'rejects.csv'),
        teamMapping: opts.mapTeams ? await readTeamMapping(opts.mapTeams) : undefined,
      },
    );
    const reportPath = opts.report ?? join(folder, 'import-report.json');
    writeFileSync(reportPath, JSON.stringify(summary, null, 2) + '\n');
    printSummary(summary, (t) => process.stdout.write(t));
    if (summary.rejectsFile) process.stdout.write(`rejects: ${summary.rejectsFile}\n`);
    process.stdout.write(`report: ${reportPath}\n`);
    if (summary.fatal || summary.rejects.length > 0) process.exitCode = 2;
  });
}

const beside = (path: string, suffix: string) => join(dirname(path), `${basename(path, extname(path))}${suffix}`);

/** Prints an import's report as a few lines: counts per list, per rule, the first rejects. */
export function printSummary(s: ImportSummary, write: (text: string) => void): void {
  write(`import ${s.importId} (${s.format}) of ${basename(s.source)}: ${s.status}\n`);
  for (const [list, c] of Object.entries(s.lists)) {
    write(`${list}: ${c.read} read, ${c.loaded} loaded, ${c.alreadyStored} already stored, ${c.rejected} rejected\n`);
  }
  write(
    `journeys: ${s.journeys.written} written, ${s.journeys.alreadyStored} already stored; ${s.events} events${s.firstDate ? `, ${s.firstDate} to ${s.lastDate}` : ''}\n`,
  );
  if (s.fatal) write(`the file could not be read to its end: ${s.fatal.code}: ${s.fatal.message}\n`);
  const rules = Object.entries(s.byRule).sort((a, b) => b[1] - a[1]);
  if (rules.length > 0) write(`faults by rule: ${rules.map(([r, n]) => `${r} ×${n}`).join(', ')}\n`);
  for (const r of s.rejects.slice(0, 10)) {
    write(`  ${r.record}${r.line ? ` (line ${r.line})` : ''} [${r.field}]${r.rule ? ` rule ${r.rule}` : ''} ${r.code}: ${r.message}\n`);
  }
  if (s.rejects.length > 10) write(`  … see the rejects file\n`);
  for (const n of s.notes) write(`note: ${n}\n`);
}

/** Imports one file of a council's own formats, streamed, with a progress bar by bytes read. */
export async function importFile(
  path: string,
  format: Exclude<FileFormat, 'csv' | 'ssd'>,
  opts: { tenant: string; team?: string; rejects?: string; report?: string; mapTeams?: string; worker?: boolean },
): Promise<void> {
  if (!existsSync(path) || statSync(path).isDirectory()) throw new Error(`${path} is not a file`);
  const tenant = loadTenant(opts.tenant);
  const size = statSync(path).size;
  await withStore(async ({ eventStore }) => {
    const progress = createProgress({ label: 'import', total: Math.max(1, size), unit: 'bytes' });
    let bytes = 0;
    let events = 0;
    const open = () => {
      bytes = 0;
      const counting = new Transform({
        transform(chunk: Buffer, _enc, done) {
          bytes += chunk.length;
          progress.update(bytes, { events });
          done(null, chunk);
        },
      });
      return createReadStream(path, { highWaterMark: 256 * 1024 }).pipe(counting);
    };
    const common = {
      store: eventStore,
      tenant,
      team: opts.team,
      source: basename(path),
      rejectsPath: opts.rejects ?? beside(path, '.rejects.csv'),
      onProgress: (p: { events: number }) => (events = p.events),
    };
    const summary =
      format === 'annex-a'
        ? await importAnnexA(open, { ...common, teamMapping: opts.mapTeams ? await readTeamMapping(opts.mapTeams) : undefined })
        : await importCinCensus(open(), { ...common, worker: opts.worker === true });
    progress.stop();
    const reportPath = opts.report ?? beside(path, '.import-report.json');
    writeFileSync(reportPath, JSON.stringify(summary, null, 2) + '\n');
    printSummary(summary, (t) => process.stdout.write(t));
    if (summary.rejectsFile) process.stdout.write(`rejects: ${summary.rejectsFile}\n`);
    process.stdout.write(`report: ${reportPath}\n`);
    if (summary.fatal || summary.rejects.length > 0) process.exitCode = 2;
  });
}
