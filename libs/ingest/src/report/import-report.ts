import { createWriteStream, existsSync, rmSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';

export type ImportFormat = 'cin-census' | 'annex-a' | 'ssd';

/**
 * Why one record was not imported. `record` is the child's LA id (CIN census, Annex A) or the
 * row's id in its table (SSD): pseudonymous identifiers only, never a name or a date of birth.
 */
export interface ImportReject {
  /** The list or table the record came from (`children`, `List 3`, `involvements`…). */
  readonly list: string;
  readonly record: string;
  /** Line (XML) or row (workbook, CSV; the header is row 1) where the fault is, when known. */
  readonly line?: number;
  readonly field: string;
  /** The DfE validation rule's number, where the fault is one of the published rules. */
  readonly rule?: string;
  readonly code: string;
  readonly message: string;
}

export interface ListCounts {
  read: number;
  loaded: number;
  alreadyStored: number;
  rejected: number;
}

/** What an import did: the same shape for every format, from the CLI and from an upload. */
export interface ImportSummary {
  readonly importId: string;
  readonly format: ImportFormat;
  readonly source: string;
  readonly tenant: string;
  status: 'running' | 'completed' | 'failed';
  /** The file itself could not be read (not the format, truncated…): what was read before it stands. */
  fatal?: { code: string; message: string; line?: number };
  /** Counts per list or table: children for the CIN census, rows for the workbooks and tables. */
  readonly lists: Record<string, ListCounts>;
  /** Rejected records per rule (DfE number where there is one, else the code). */
  readonly byRule: Record<string, number>;
  readonly journeys: { written: number; alreadyStored: number; rejected: number };
  events: number;
  /** Earliest and latest business date among the records loaded. */
  firstDate?: string;
  lastDate?: string;
  /** The first rejects (all of them are in the rejects file). */
  readonly rejects: ImportReject[];
  rejectsFile?: string;
  /** What the source cannot say, teams assumed, modules read but not recorded. */
  readonly notes: string[];
  readonly startedAt: string;
  finishedAt?: string;
}

const MAX_HELD = 1000;

/** Builds an import's summary as records go by, and streams every reject to a CSV file. */
export class ImportReportBuilder {
  readonly summary: ImportSummary;
  private out: ReturnType<typeof stringify> | undefined;
  private done: Promise<void> = Promise.resolve();

  constructor(
    init: { importId: string; format: ImportFormat; source: string; tenant: string; now: Date },
    private readonly rejectsPath?: string,
  ) {
    this.summary = {
      importId: init.importId,
      format: init.format,
      source: init.source,
      tenant: init.tenant,
      status: 'running',
      lists: {},
      byRule: {},
      journeys: { written: 0, alreadyStored: 0, rejected: 0 },
      events: 0,
      rejects: [],
      notes: [],
      startedAt: init.now.toISOString(),
    };
  }

  list(name: string): ListCounts {
    return (this.summary.lists[name] ??= { read: 0, loaded: 0, alreadyStored: 0, rejected: 0 });
  }

  /** Records one fault. A record with several faults is rejected once (`rejected`), each fault reported. */
  reject(r: ImportReject): void {
    const key = r.rule ?? r.code;
    this.summary.byRule[key] = (this.summary.byRule[key] ?? 0) + 1;
    if (this.summary.rejects.length < MAX_HELD) this.summary.rejects.push(r);
    if (this.rejectsPath === undefined) return;
    if (this.out === undefined) {
      this.out = stringify({ header: true, columns: ['list', 'record', 'line', 'field', 'rule', 'code', 'message'] });
      this.done = pipeline(this.out, createWriteStream(this.rejectsPath));
      this.summary.rejectsFile = this.rejectsPath;
    }
    this.out.write([r.list, r.record, r.line ?? '', r.field, r.rule ?? '', r.code, r.message]);
  }

  /** Widens the loaded records' date range. */
  dates(isoDates: readonly string[]): void {
    for (const d of isoDates) {
      const day = d.slice(0, 10);
      if (this.summary.firstDate === undefined || day < this.summary.firstDate) this.summary.firstDate = day;
      if (this.summary.lastDate === undefined || day > this.summary.lastDate) this.summary.lastDate = day;
    }
  }

  note(text: string): void {
    if (!this.summary.notes.includes(text)) this.summary.notes.push(text);
  }

  fail(code: string, message: string, line?: number): void {
    this.summary.fatal = { code, message, ...(line !== undefined ? { line } : {}) };
  }

  /** Closes the rejects file (a run with no rejects removes an old one at its path). */
  async finish(now: Date): Promise<ImportSummary> {
    if (this.out !== undefined) {
      this.out.end();
      await this.done;
    } else if (this.rejectsPath !== undefined && existsSync(this.rejectsPath)) {
      rmSync(this.rejectsPath);
    }
    this.summary.status = this.summary.fatal ? 'failed' : 'completed';
    this.summary.finishedAt = now.toISOString();
    return this.summary;
  }
}
