import { createWriteStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { SAFE_CSV_CAST } from '@journey-ledger/csv';
import type { Actor, TeamDirectory, TenantConfig } from '@journey-ledger/domain';
import type { EventStore } from '@journey-ledger/event-store';
import { journeyIdFor } from '@journey-ledger/application';
import { BulkWriter, JourneyCommands } from '../bulk/bulk-writer';
import { CHILD, JOURNEY, LISTS, ListName, LIST_NAMES, Row, RowProblem, Step, teamLookup } from './lists';
import { compareJourneyIds, CsvRecord, readRecords, Utf8Check } from './records';

/** One file of one list. */
export interface CsvFile {
  readonly list: ListName;
  readonly path: string;
}

export interface ImportOptions {
  readonly store: EventStore;
  readonly tenant: { readonly config: TenantConfig; readonly teams: TeamDirectory };
  /** The list a single stream holds (when `importCsv` is given a stream). */
  readonly list?: ListName;
  /** Where the rejects CSV goes; by default next to the (first) input file. */
  readonly rejectsPath?: string;
  readonly actor?: Actor;
  readonly now?: () => Date;
  readonly batchJourneys?: number;
  readonly onProgress?: (p: { rows: number; journeys: number; events: number }) => void;
}

export interface RejectedRow {
  readonly file: string;
  readonly list: ListName;
  /** 1-based line in the file (the header is line 1). */
  readonly line: number;
  readonly journeyId: string;
  readonly column: string;
  readonly code: string;
  readonly reason: string;
}

export interface ImportReport {
  readonly files: { file: string; list: ListName; rows: number }[];
  readonly rows: { read: number; imported: number; rejected: number };
  readonly journeys: { seen: number; written: number; alreadyStored: number; rejected: number };
  events: number;
  /** A whole file was refused (header, encoding): nothing was imported. */
  fatal: boolean;
  /** The first rejects (all are in the rejects file). */
  readonly rejects: RejectedRow[];
  rejectsFile?: string;
  readonly warnings: string[];
}

interface RowInfo {
  readonly file: string;
  readonly list: ListName;
  readonly line: number;
  readonly values: Row;
  readonly problem?: RowProblem;
}

interface JourneyRef {
  readonly ref: string;
  readonly rows: RowInfo[];
  /** The row each command came from, by command index. */
  readonly stepRows: { step: Step; row: RowInfo }[];
}

interface Group {
  readonly ref: string;
  readonly rows: RowInfo[];
}

const MAX_REPORTED = 1000;

/**
 * Imports CSV lists (contacts, referrals, assessments, transfers, closures: see
 * docs/import-format.md). Files are read twice, streamed: a first pass checks headers, encoding
 * and that each file is sorted by Journey ID; the second joins the lists journey by journey,
 * turns rows into commands and writes them through the bulk writer (the domain's rules, in
 * batches). All or nothing per journey: one bad row and none of its journey is imported, every
 * row of it is reported. Command ids derive from the Journey ID and row ids, so a re-run adds
 * nothing and a later file adds only what is new.
 */
export async function importCsv(input: Readable | CsvFile | readonly CsvFile[], options: ImportOptions): Promise<ImportReport> {
  let spool: string | undefined;
  let files: readonly CsvFile[];
  if (input instanceof Readable) {
    if (options.list === undefined) throw new Error('importCsv: a stream needs options.list');
    spool = mkdtempSync(join(tmpdir(), 'jl-import-'));
    const path = join(spool, `${options.list}.csv`);
    await pipeline(input, createWriteStream(path));
    files = [{ list: options.list, path }];
  } else {
    files = Array.isArray(input) ? (input as readonly CsvFile[]) : [input as CsvFile];
  }
  try {
    return await runImport(files, options, spool === undefined);
  } finally {
    if (spool) rmSync(spool, { recursive: true, force: true });
  }
}

function defaultRejectsPath(files: readonly CsvFile[]): string {
  const first = files[0].path;
  if (files.length === 1) return join(dirname(first), `${basename(first, extname(first))}.rejects.csv`);
  return join(dirname(first), 'rejects.csv');
}

interface Scan {
  readonly file: CsvFile;
  readonly name: string;
  /** Column index by canonical name. */
  readonly index: Map<string, number>;
  readonly width: number;
  readonly badLines: Map<number, string>;
}

async function runImport(files: readonly CsvFile[], options: ImportOptions, onDisk: boolean): Promise<ImportReport> {
  const report: ImportReport = {
    files: [],
    rows: { read: 0, imported: 0, rejected: 0 },
    journeys: { seen: 0, written: 0, alreadyStored: 0, rejected: 0 },
    events: 0,
    fatal: false,
    rejects: [],
    warnings: [],
  };
  const lists = new Set<ListName>();
  for (const f of files) {
    if (!LIST_NAMES.includes(f.list)) throw new Error(`unknown list "${f.list}" (one of ${LIST_NAMES.join(', ')})`);
    if (lists.has(f.list)) throw new Error(`list ${f.list} given twice: give one file per list`);
    lists.add(f.list);
  }
  const rejectsPath = options.rejectsPath ?? (onDisk ? defaultRejectsPath(files) : undefined);
  // The rejects file is written only when something is rejected; a clean run removes an old one.
  let rejectsOut: ReturnType<typeof stringify> | undefined;
  let rejectsDone: Promise<void> = Promise.resolve();
  const reject = (r: RejectedRow) => {
    report.rows.rejected += 1;
    if (report.rejects.length < MAX_REPORTED) report.rejects.push(r);
    if (rejectsPath === undefined) return;
    if (rejectsOut === undefined) {
      // The reasons quote the rejected values: a formula in the import must not run when the rejects are opened.
      rejectsOut = stringify({ header: true, columns: ['file', 'line', 'list', 'journey_id', 'column', 'code', 'reason'], cast: SAFE_CSV_CAST });
      rejectsDone = pipeline(rejectsOut, createWriteStream(rejectsPath));
      report.rejectsFile = rejectsPath;
    }
    rejectsOut.write([r.file, r.line, r.list, r.journeyId, r.column, r.code, r.reason]);
  };

  try {
    // Pass 1: headers, encoding, order of journeys.
    const scans: Scan[] = [];
    const outOfOrder = new Map<string, RejectedRow>();
    for (const file of files) {
      const scan = await scanFile(file, outOfOrder, report, reject);
      if (scan !== undefined) scans.push(scan);
    }
    if (report.fatal) return report;

    // Pass 2: journey by journey, all lists joined on Journey ID.
    const ctx = { tenant: options.tenant.config, teams: teamLookup(options.tenant.config) };
    const tenantId = options.tenant.config.id;
    const actor = options.actor ?? { userId: 'csv-import', role: 'system' };
    const rejectJourney = (rows: readonly RowInfo[], ref: string, cause: RejectedRow) => {
      report.journeys.rejected += 1;
      for (const row of rows) {
        if (row.file === cause.file && row.line === cause.line) reject(cause);
        else {
          reject({
            file: row.file,
            list: row.list,
            line: row.line,
            journeyId: ref,
            column: '',
            code: 'JourneyRejected',
            reason: `not imported: journey ${ref} has a rejected row (${cause.file} line ${cause.line}: ${cause.reason})`,
          });
        }
      }
    };

    async function* journeys(): AsyncGenerator<JourneyCommands<JourneyRef>> {
      for await (const rows of mergeJourneys(scans)) {
        report.journeys.seen += 1;
        const ref = rows[0].values[JOURNEY]?.trim() ?? '';
        if (ref === '') {
          // Rows without a Journey ID belong to no journey: each is its own reject.
          report.journeys.rejected += 1;
          for (const row of rows) {
            const p = row.problem ?? { column: JOURNEY, code: 'MissingValue', reason: `${JOURNEY} is required` };
            reject({ file: row.file, list: row.list, line: row.line, journeyId: '', column: p.column, code: p.code, reason: p.reason });
          }
          continue;
        }
        const bad = outOfOrder.get(ref);
        if (bad !== undefined) {
          rejectJourney(rows, ref, bad);
          continue;
        }
        const built = buildJourney(ref, rows, ctx);
        if ('cause' in built) {
          rejectJourney(rows, ref, built.cause);
          continue;
        }
        yield {
          tenantId,
          journeyId: journeyIdFor(tenantId, `import/${ref}`),
          correlationId: `import/${ref}`,
          actor,
          commands: built.stepRows.map(({ step }) => ({ commandId: `import/${ref}/${step.key}`, command: step.command })),
          ref: { ref, rows, stepRows: built.stepRows },
        };
      }
    }

    const writer = new BulkWriter<JourneyRef>({
      store: options.store,
      teamsFor: (id) => (id === tenantId ? options.tenant.teams : undefined),
      now: options.now,
      batchJourneys: options.batchJourneys ?? 500,
      onOutcome: (j, outcome) => {
        const info = j.ref as JourneyRef;
        if (outcome.status === 'rejected') {
          const at = info.stepRows[outcome.commandIndex];
          const row = at?.row ?? info.rows[0];
          const column = (outcome.field && at?.step.columns[outcome.field]) ?? '';
          rejectJourney(info.rows, info.ref, {
            file: row.file,
            list: row.list,
            line: row.line,
            journeyId: info.ref,
            column,
            code: outcome.code,
            reason: outcome.message,
          });
          return;
        }
        report.rows.imported += info.rows.length;
        if (outcome.status === 'written') report.journeys.written += 1;
        else report.journeys.alreadyStored += 1;
      },
      onProgress: (r) => options.onProgress?.({ rows: report.rows.read, journeys: r.journeys, events: r.events }),
    });
    const result = await writer.write(journeys());
    report.events = result.events;
    return report;
  } finally {
    rejectsOut?.end();
    await rejectsDone;
    if (rejectsOut === undefined && rejectsPath !== undefined && existsSync(rejectsPath)) rmSync(rejectsPath);
  }
}

function normaliseHeader(h: string): string {
  return h
    .replace(/^\uFEFF/, '')
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

async function scanFile(
  file: CsvFile,
  outOfOrder: Map<string, RejectedRow>,
  report: ImportReport,
  reject: (r: RejectedRow) => void,
): Promise<Scan | undefined> {
  const name = basename(file.path);
  const def = LISTS[file.list];
  const check = new Utf8Check();
  const index = new Map<string, number>();
  let width = 0;
  let rows = 0;
  let previous: { ref: string; line: number } | undefined;
  const fatal = (column: string, code: string, reason: string) => {
    report.fatal = true;
    reject({ file: name, list: file.list, line: 1, journeyId: '', column, code, reason });
  };
  try {
    for await (const rec of readRecords(file.path, check)) {
      if (width === 0) {
        const first = check.firstBytes;
        if (first && ((first[0] === 0xff && first[1] === 0xfe) || (first[0] === 0xfe && first[1] === 0xff))) {
          fatal('', 'WrongEncoding', 'the file is UTF-16: save it as UTF-8 (CSV UTF-8)');
          return undefined;
        }
        width = rec.fields.length;
        const byName = new Map(def.columns.map((c) => [normaliseHeader(c.name), c.name]));
        const seen = new Set<string>();
        const unknown: string[] = [];
        rec.fields.forEach((h, i) => {
          const canonical = byName.get(normaliseHeader(h));
          if (canonical === undefined) {
            if (h.trim() !== '') unknown.push(h.trim());
            return;
          }
          if (seen.has(canonical)) fatal(canonical, 'BadHeader', `column "${canonical}" appears twice in the header`);
          seen.add(canonical);
          index.set(canonical, i);
        });
        const missing = def.columns.filter((c) => c.required && !index.has(c.name)).map((c) => c.name);
        if (missing.length > 0) {
          fatal(
            missing[0],
            'BadHeader',
            `the header of this ${file.list} file lacks required column(s) ${missing.map((m) => `"${m}"`).join(', ')}; found ${rec.fields.map((f) => `"${f.trim()}"`).join(', ')}`,
          );
          return undefined;
        }
        if (unknown.length > 0) report.warnings.push(`${name}: columns ignored (not part of the ${file.list} list): ${unknown.join(', ')}`);
        continue;
      }
      rows += 1;
      const ref = rec.fields[index.get(JOURNEY)!]?.trim() ?? '';
      if (ref === '') continue; // reported per row in pass 2
      if (previous !== undefined && compareJourneyIds(ref, previous.ref) < 0) {
        if (!outOfOrder.has(ref)) {
          outOfOrder.set(ref, {
            file: name,
            list: file.list,
            line: rec.line,
            journeyId: ref,
            column: JOURNEY,
            code: 'OutOfOrder',
            reason: `rows must be sorted by Journey ID, a journey's rows together: journey ${ref} comes after journey ${previous.ref} (line ${previous.line})`,
          });
        }
        continue;
      }
      previous = { ref, line: rec.line };
    }
  } catch (e) {
    fatal('', 'BadCsv', `the file is not valid CSV: ${(e as Error).message}`);
    return undefined;
  }
  if (width === 0) {
    fatal('', 'BadHeader', 'the file is empty: a header row is required');
    return undefined;
  }
  report.files.push({ file: name, list: file.list, rows });
  report.rows.read += rows;
  return { file, name, index, width, badLines: check.badLines };
}

/** The rows of one file, journey by journey (consecutive rows with the same Journey ID). */
async function* groups(scan: Scan): AsyncGenerator<Group> {
  const def = LISTS[scan.file.list];
  let current: Group | undefined;
  let header = true;
  for await (const rec of readRecords(scan.file.path)) {
    if (header) {
      header = false;
      continue;
    }
    const row = toRow(
      scan,
      def.columns.map((c) => c.name),
      rec,
    );
    const ref = row.values[JOURNEY]?.trim() ?? '';
    if (current !== undefined && current.ref === ref) current.rows.push(row);
    else {
      if (current !== undefined) yield current;
      current = { ref, rows: [row] };
    }
  }
  if (current !== undefined) yield current;
}

function toRow(scan: Scan, columns: readonly string[], rec: CsvRecord): RowInfo {
  const values: Record<string, string> = {};
  for (const c of columns) {
    const i = scan.index.get(c);
    if (i !== undefined) values[c] = rec.fields[i] ?? '';
  }
  const base = { file: scan.name, list: scan.file.list, line: rec.line, values };
  for (let l = rec.line; l <= rec.endLine; l++) {
    const bad = scan.badLines.get(l);
    if (bad !== undefined) return { ...base, problem: { column: '', code: 'WrongEncoding', reason: bad } };
  }
  if (rec.fields.length !== scan.width) {
    return { ...base, problem: { column: '', code: 'BadRow', reason: `expected ${scan.width} values as in the header, found ${rec.fields.length}` } };
  }
  if ((values[JOURNEY] ?? '').trim() === '') return { ...base, problem: { column: JOURNEY, code: 'MissingValue', reason: `${JOURNEY} is required` } };
  return base;
}

/** Joins the files' journey groups on Journey ID: every file is sorted by it, so this streams. */
async function* mergeJourneys(scans: readonly Scan[]): AsyncGenerator<RowInfo[]> {
  const iterators = scans.map((s) => groups(s));
  const heads: (Group | undefined)[] = await Promise.all(iterators.map(async (it) => (await it.next()).value as Group | undefined));
  for (;;) {
    let min: string | undefined;
    for (const h of heads) if (h !== undefined && (min === undefined || compareJourneyIds(h.ref, min) < 0)) min = h.ref;
    if (min === undefined) return;
    const rows: RowInfo[] = [];
    for (let i = 0; i < heads.length; i++) {
      const h = heads[i];
      if (h !== undefined && h.ref === min) {
        rows.push(...h.rows);
        heads[i] = (await iterators[i].next()).value as Group | undefined;
      }
    }
    yield rows;
  }
}

/** Rows to ordered steps, or the first row problem (the journey is then rejected whole). */
function buildJourney(
  ref: string,
  rows: readonly RowInfo[],
  ctx: Parameters<(typeof LISTS)['contacts']['toSteps']>[1],
): { stepRows: { step: Step; row: RowInfo }[] } | { cause: RejectedRow } {
  const cause = (row: RowInfo, p: RowProblem): { cause: RejectedRow } => ({
    cause: { file: row.file, list: row.list, line: row.line, journeyId: ref, column: p.column, code: p.code, reason: p.reason },
  });
  const stepRows: { step: Step; row: RowInfo }[] = [];
  const keys = new Map<string, RowInfo>();
  const lastDate = new Map<ListName, { ms: number; line: number }>();
  const child = rows[0].values[CHILD]?.trim();
  for (const row of rows) {
    if (row.problem) return cause(row, row.problem);
    const def = LISTS[row.list];
    if ((row.values[CHILD]?.trim() ?? '') === '') return cause(row, { column: CHILD, code: 'MissingValue', reason: `${CHILD} is required` });
    if (row.values[CHILD].trim() !== child) {
      return cause(row, {
        column: CHILD,
        code: 'ChildMismatch',
        reason: `${CHILD} "${row.values[CHILD].trim()}" differs from "${child}" on line ${rows[0].line} (${rows[0].file}) for the same journey`,
      });
    }
    const key = `${row.list}/${def.keyColumn ? row.values[def.keyColumn]?.trim() : ''}`;
    const same = keys.get(key);
    if (same !== undefined) {
      const identical = JSON.stringify(same.values) === JSON.stringify(row.values);
      return cause(row, {
        column: def.keyColumn ?? '',
        code: 'DuplicateRow',
        reason: identical
          ? `duplicate of line ${same.line}`
          : def.keyColumn
            ? `${def.keyColumn} "${row.values[def.keyColumn]?.trim()}" is already on line ${same.line} for this journey`
            : `a journey closes once: line ${same.line} already closes it`,
      });
    }
    keys.set(key, row);
    const steps = def.toSteps(row.values, ctx);
    if (!Array.isArray(steps)) return cause(row, steps);
    const previous = lastDate.get(row.list);
    if (previous !== undefined && steps[0].ms < previous.ms) {
      return cause(row, {
        column: def.dateColumn,
        code: 'OutOfOrder',
        reason: `${def.dateColumn} is earlier than line ${previous.line}'s: a journey's rows must be in date order`,
      });
    }
    lastDate.set(row.list, { ms: steps[0].ms, line: row.line });
    for (const step of steps) stepRows.push({ step, row });
  }
  stepRows.sort((a, b) => a.step.ms - b.step.ms || a.step.rank - b.step.rank || a.row.line - b.row.line);
  return { stepRows };
}
