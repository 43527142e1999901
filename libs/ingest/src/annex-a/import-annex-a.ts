import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { CLOSURE_REASON_CODES, PRIMARY_NEED_CODE_LIST, REFERRAL_SOURCE_CODES } from '@journey-ledger/domain';
import type { Actor, ClosureReason, PrimaryNeedCode, ReferralSource } from '@journey-ledger/domain';
import type { EventStore } from '@journey-ledger/event-store';
import { ImportReject, ImportReportBuilder, ImportSummary } from '../report/import-report';
import { defaultCinTeam, ImportTenant } from '../cin-census/import-cin-census';
import { TeamNames } from '../linked/team-names';
import { linkAndWriteChildren } from '../linked/write-children';
import { cellCode, cellDay, cellText, cellYes, CellValue, isBlank } from './annex-a-cells';
import { ANNEX_A_LISTS, AnnexAList, listName } from './annex-a-lists';
import { AnnexAChild, emptyChild, linkAnnexAChild } from './annex-a-journeys';
import { AnnexAFileError, readAnnexA } from './annex-a-workbook';

export interface AnnexAImportOptions {
  readonly store: EventStore;
  readonly tenant: ImportTenant;
  readonly source: string;
  /** The team for rows that name none. Default: the tenant's first statutory team. */
  readonly team?: string;
  /** The council's team names (Annex A "Allocated Team") → team ids. */
  readonly teamMapping?: ReadonlyMap<string, string>;
  readonly importId?: string;
  readonly rejectsPath?: string;
  readonly actor?: Actor;
  readonly now?: () => Date;
  readonly maxRows?: number;
  readonly onProgress?: (p: { children: number; events: number }) => void;
}

const SOURCES = new Set<string>(REFERRAL_SOURCE_CODES);
const NEEDS = new Set<string>(PRIMARY_NEED_CODE_LIST);
const REASONS = new Set<string>(CLOSURE_REASON_CODES.filter((c) => c.startsWith('RC')));

/**
 * Imports an Ofsted Annex A workbook (Lists 1–7; List 8 counted). The workbook is streamed sheet by
 * sheet; each row is checked and kept in a compact form per child (a workbook covers one council's
 * last six to twelve months), then each child's rows are linked into journeys (`linkAnnexAChild`)
 * and decided by the domain's rules: a child whole or not at all, every rejected row reported.
 * Journey and event ids derive from the child id, the list and the dates: a re-run writes nothing new.
 */
export async function importAnnexA(input: Readable | (() => Readable), options: AnnexAImportOptions): Promise<ImportSummary> {
  const now = options.now ?? (() => new Date());
  const tenant = options.tenant;
  const tz = tenant.config.timeZone;
  const team = options.team ?? defaultCinTeam(tenant);
  if (!tenant.teams.has(team)) throw new Error(`team "${team}" is not in ${tenant.config.id}'s team map`);
  const teams = new TeamNames(tenant.teams, options.teamMapping);
  const importId = options.importId ?? randomUUID();
  const report = new ImportReportBuilder({ importId, format: 'annex-a', source: options.source, tenant: tenant.config.id, now: now() }, options.rejectsPath);
  const actor = options.actor ?? { userId: 'annex-a-import', role: 'importer' };
  const children = new Map<string, AnnexAChild>();
  let unknownSource = 0;
  const notes = new Set<string>();
  const today = now().toISOString().slice(0, 10);

  /** What reading rejects on its own, applied to the report once the whole workbook is read. */
  let readRejects: ImportReject[] = [];
  let readCounts = new Map<string, { read: number; rejected: number }>();
  const counted = (list: string) => {
    let c = readCounts.get(list);
    if (c === undefined) readCounts.set(list, (c = { read: 0, rejected: 0 }));
    return c;
  };
  const read = async (source: Readable) => {
    for await (const item of readAnnexA(source, { maxRows: options.maxRows })) {
      const name = listName(item.list);
      if (item.kind === 'sheet') {
        counted(name);
        if (item.missing.length > 0) {
          readRejects.push({
            list: name,
            record: `sheet ${item.sheet}`,
            line: item.headerRow,
            field: item.missing.join(', '),
            code: 'BadHeader',
            message: `the header of ${name} lacks ${item.missing.map((m) => `"${m}"`).join(', ')}: the list is not read`,
          });
        }
        continue;
      }
      const spec = ANNEX_A_LISTS[item.list];
      const childId = cellText(item.cells.child);
      if (childId === '') {
        counted(name).read += 1;
        counted(name).rejected += 1;
        readRejects.push({
          list: name,
          record: `row ${item.row}`,
          line: item.row,
          field: spec.fields.child[0],
          code: 'MissingValue',
          message: 'the row has no Child Unique ID',
        });
        continue;
      }
      if (spec.notRecorded !== undefined) {
        counted(name).read += 1;
        notes.add(spec.notRecorded);
        continue;
      }
      let c = children.get(childId);
      if (c === undefined) children.set(childId, (c = emptyChild(childId)));
      c.rows.push({ list: name, row: item.row });
      addRow(c, item.list, item.row, item.cells);
    }
  };

  /** Parses one row into the child's record; faults go to the child. */
  function addRow(c: AnnexAChild, list: AnnexAList, row: number, cells: Readonly<Record<string, CellValue>>) {
    const spec = ANNEX_A_LISTS[list];
    const name = listName(list);
    let bad = false;
    const fault = (field: string, code: string, message: string) => {
      bad = true;
      c.faults.push({ list: name, row, field: spec.fields[field]?.[0] ?? field, code, message });
    };
    const day = (field: string, required: boolean): string | undefined => {
      const v = cells[field];
      if (isBlank(v)) {
        if (required) fault(field, 'MissingValue', `${spec.fields[field][0]} is empty`);
        return undefined;
      }
      const d = cellDay(v);
      if (!d.ok) return void fault(field, 'BadDate', `${spec.fields[field][0]}: ${d.reason}`);
      if (d.day > today) return void fault(field, 'DateInFuture', `${spec.fields[field][0]} ${d.day} is in the future`);
      return d.day;
    };
    const source = (field: string): ReferralSource | undefined => {
      if (isBlank(cells[field])) {
        unknownSource += 1;
        return '10';
      }
      const code = cellCode(cells[field]);
      if (!SOURCES.has(code)) return void fault(field, 'UnknownCode', `"${cellText(cells[field]).slice(0, 40)}" is not a CIN census referral source (1A–10)`);
      return code as ReferralSource;
    };
    const teamOf = (): string | undefined => {
      const t = cellText(cells.team);
      if (t === '') return undefined;
      const id = teams.resolve(t);
      if (id === undefined)
        fault('team', 'UnknownTeam', `team "${t.slice(0, 60)}" is not in the council's team map: add it to a team mapping file (--map-teams)`);
      return id;
    };
    const need = (): PrimaryNeedCode | undefined => {
      if (isBlank(cells.need)) return undefined;
      const code = cellCode(cells.need);
      if (!NEEDS.has(code)) return void fault('need', 'UnknownCode', `"${cellText(cells.need).slice(0, 40)}" is not a primary need code (N0–N9)`);
      return code as PrimaryNeedCode;
    };
    const reason = (): ClosureReason | undefined => {
      if (isBlank(cells.reason)) return undefined;
      const code = cellCode(cells.reason);
      if (!REASONS.has(code)) return void fault('reason', 'UnknownCode', `"${cellText(cells.reason).slice(0, 40)}" is not a reason for closure (RC1–RC9)`);
      return code as ClosureReason;
    };
    switch (list) {
      case 1: {
        const d = day('date', true);
        const s = source('source');
        if (!bad) c.contacts.push({ row, day: d!, source: s! });
        break;
      }
      case 2: {
        const start = day('start', true);
        const end = day('end', false);
        if (!bad && end !== undefined && end < start!)
          fault('end', 'DatesOutOfOrder', `the early help assessment completes (${end}) before it starts (${start})`);
        if (!bad) c.earlyHelp.push({ row, start: start!, end });
        break;
      }
      case 3: {
        const d = day('date', true);
        const s = source('source');
        const t = teamOf();
        if (!bad) c.referrals.push({ row, day: d!, source: s!, nfa: cellYes(cells.nfa), team: t });
        break;
      }
      case 4: {
        const start = day('start', true);
        const end = day('end', false);
        const t = teamOf();
        if (!bad && end !== undefined && end < start!) fault('end', 'DatesOutOfOrder', `the assessment is authorised (${end}) before it starts (${start})`);
        if (!bad) c.assessments.push({ row, start: start!, end, inNeed: cellYes(cells.inNeed), team: t });
        break;
      }
      case 5: {
        const start = day('start', true);
        const icpc = day('icpcDate', false);
        const t = teamOf();
        if (!bad && icpc !== undefined && icpc < start!)
          fault('icpcDate', 'DatesOutOfOrder', `the initial conference (${icpc}) is before the enquiry starts (${start})`);
        if (!bad) c.s47.push({ row, start: start!, icpc, icpcPlan: cellYes(cells.icpcPlan), team: t });
        break;
      }
      case 6: {
        const start = day('start', true);
        const closed = day('closed', false);
        const n = need();
        const r = reason();
        const t = teamOf();
        if (!bad && (closed === undefined) !== (r === undefined))
          fault(closed ? 'reason' : 'closed', 'MissingValue', 'a CIN closure date and a reason for closure go together');
        if (!bad && closed !== undefined && closed < start!) fault('closed', 'DatesOutOfOrder', `the episode closes (${closed}) before it starts (${start})`);
        if (!bad) c.cin.push({ row, start: start!, need: n, closed, reason: r, team: t });
        break;
      }
      case 7: {
        const start = day('start', true);
        const end = day('end', false);
        const t = teamOf();
        if (!bad && end !== undefined && end < start!) fault('end', 'DatesOutOfOrder', `the plan ends (${end}) before it starts (${start})`);
        if (!bad) c.cp.push({ row, start: start!, end, team: t });
        break;
      }
    }
  }

  // The streaming unzip under exceljs now and then stops early on a sound workbook (FILE_ENDED, or
  // an early end with no sheet), under load: when the file can be opened again, it is read again
  // from the start, up to five times (nothing is written before the whole workbook is read).
  const open = typeof input === 'function' ? input : () => input;
  let attempts = typeof input === 'function' ? 5 : 1;
  try {
    for (;;) {
      try {
        await read(open());
        break;
      } catch (e) {
        if (!(e instanceof AnnexAFileError && e.readerFailure && --attempts > 0)) throw e;
        children.clear();
        readRejects = [];
        readCounts = new Map();
        notes.clear();
        unknownSource = 0;
      }
    }
    for (const [list, c] of readCounts) {
      report.list(list).read += c.read;
      report.list(list).rejected += c.rejected;
    }
    for (const r of readRejects) report.reject(r);
    for (const n of notes) report.note(n);
  } catch (e) {
    if (!(e instanceof AnnexAFileError)) throw e;
    // The file is not (or no longer) an Annex A workbook: nothing is written from it.
    report.fail(e.code, e.message);
    return report.finish(now());
  }

  await linkAndWriteChildren(
    children,
    linkAnnexAChild,
    { tenantId: tenant.config.id, actor, correlationId: importId, team, timeZone: tz },
    { store: options.store, tenant, report, now, onProgress: options.onProgress },
  );
  report.note(
    `Annex A has no journey id: rows are linked into journeys by child and date (docs/import-format.md). Lists 1 and 2 name no team, so their events are recorded against "${team}"; handovers are seen only where "Allocated Team" changes.`,
  );
  if (unknownSource > 0) report.note(`${unknownSource} contact or referral rows give no source: recorded as 10 (source unknown).`);
  return report.finish(now());
}
