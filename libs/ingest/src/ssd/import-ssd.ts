import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { CLOSURE_REASON_CODES, PRIMARY_NEED_CODE_LIST, REFERRAL_SOURCE_CODES } from '@journey-ledger/domain';
import type { Actor, ClosureReason, PrimaryNeedCode, ReferralSource } from '@journey-ledger/domain';
import type { EventStore } from '@journey-ledger/event-store';
import { ImportReportBuilder, ImportSummary } from '../report/import-report';
import { defaultCinTeam, ImportTenant } from '../cin-census/import-cin-census';
import { cellCode, cellDay, cellYes } from '../annex-a/annex-a-cells';
import { TeamNames } from '../linked/team-names';
import { linkAndWriteChildren } from '../linked/write-children';
import { missingColumns, SSD_TABLE_NAMES, SsdTable } from './ssd-tables';
import { roleForTier, SsdChild, SsdEpisode, ssdChildJourneys, workerRef } from './ssd-journeys';

export interface SsdTableFile {
  readonly table: SsdTable;
  readonly input: Readable;
}

export interface SsdImportOptions {
  readonly store: EventStore;
  readonly tenant: ImportTenant;
  readonly source: string;
  /** The team for an episode that names none and has no involvement. Default: the first statutory team. */
  readonly team?: string;
  /** The case system's team ids or names → the tenant's team ids. */
  readonly teamMapping?: ReadonlyMap<string, string>;
  readonly importId?: string;
  readonly rejectsPath?: string;
  readonly actor?: Actor;
  readonly now?: () => Date;
  readonly onProgress?: (p: { children: number; events: number }) => void;
}

/** A contact joins the referral that follows it within this many days. */
export const SSD_CONTACT_TO_REFERRAL_DAYS = 30;

const SOURCES = new Set<string>(REFERRAL_SOURCE_CODES);
const NEEDS = new Set<string>(PRIMARY_NEED_CODE_LIST);
const REASONS = new Set<string>(CLOSURE_REASON_CODES.filter((c) => c.startsWith('RC')));

class SsdFileError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

/**
 * Imports an extract of the Standard Safeguarding Dataset: the CSV tables `cin_episodes` (required),
 * `contacts`, `cin_assessments`, `s47_enquiry`, `cin_plans`, `cp_plans` and `involvements`. Each
 * table is streamed with csv-parse and its header checked first (a table without its key columns
 * refuses the whole import: nothing is written); rows are kept in a compact form by referral id,
 * then each child's episodes become journeys through the domain's rules, a child whole or not at
 * all. Involvements give the team history, so handovers between teams are recorded.
 */
export async function importSsd(files: readonly SsdTableFile[], options: SsdImportOptions): Promise<ImportSummary> {
  const now = options.now ?? (() => new Date());
  const tenant = options.tenant;
  const team = options.team ?? defaultCinTeam(tenant);
  if (!tenant.teams.has(team)) throw new Error(`team "${team}" is not in ${tenant.config.id}'s team map`);
  const teams = new TeamNames(tenant.teams, options.teamMapping);
  const importId = options.importId ?? randomUUID();
  const report = new ImportReportBuilder({ importId, format: 'ssd', source: options.source, tenant: tenant.config.id, now: now() }, options.rejectsPath);
  const actor = options.actor ?? { userId: 'ssd-import', role: 'importer' };
  const today = now().toISOString().slice(0, 10);
  const children = new Map<string, SsdChild>();
  const episodes = new Map<string, SsdEpisode>();
  const contacts: { person: string; row: number; id: string; day: string; source: ReferralSource }[] = [];
  let workerChanges = 0;
  let unlinkedContacts = 0;

  const childOf = (personId: string) => {
    let c = children.get(personId);
    if (c === undefined) children.set(personId, (c = { personId, rows: [], faults: [], episodes: [] }));
    return c;
  };

  async function readTable(table: SsdTable, input: Readable) {
    const parser = input.pipe(
      parse({
        bom: true,
        trim: true,
        skip_empty_lines: true,
        info: true,
        columns: (header: string[]) => {
          const missing = missingColumns(table, header);
          if (missing.length > 0)
            throw new SsdFileError('BadHeader', `the header of ${table} lacks ${missing.map((m) => `"${m}"`).join(', ')}: nothing is imported`, 1);
          return header.map((h) => h.trim().toLowerCase());
        },
      }),
    );
    try {
      for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>)
        addRow(table, record, info.lines);
    } catch (e) {
      if (e instanceof SsdFileError) throw e;
      const err = e as { code?: string; lines?: number };
      if (typeof err.code === 'string' && err.code.startsWith('CSV_'))
        throw new SsdFileError('BadCsv', `${table} cannot be read as CSV (${err.code})`, err.lines);
      throw e;
    }
  }

  function addRow(table: SsdTable, r: Record<string, string>, row: number) {
    const counts = report.list(table);
    const person = r[Object.keys(r).find((k) => k.endsWith('_person_id'))!] ?? '';
    if (person === '') {
      counts.read += 1;
      counts.rejected += 1;
      report.reject({ list: table, record: `row ${row}`, line: row, field: 'person_id', code: 'MissingValue', message: 'the row has no person id' });
      return;
    }
    const child = childOf(person);
    let bad = false;
    const fault = (field: string, code: string, message: string) => {
      bad = true;
      child.faults.push({ list: table, row, field, code, message });
    };
    const day = (field: string, required: boolean): string | undefined => {
      const v = r[field] ?? '';
      if (v === '') return required ? void fault(field, 'MissingValue', `${field} is empty`) : undefined;
      const d = cellDay(v);
      if (!d.ok) return void fault(field, 'BadDate', `${field}: ${d.reason}`);
      if (d.day > today) return void fault(field, 'DateInFuture', `${field} ${d.day} is in the future`);
      return d.day;
    };
    const code = <T extends string>(field: string, set: Set<string>, blank: T | undefined, what: string): T | undefined => {
      const v = r[field] ?? '';
      if (v === '') return blank;
      const c = cellCode(v);
      if (!set.has(c)) return void fault(field, 'UnknownCode', `"${v.slice(0, 40)}" is not ${what}`);
      return c as T;
    };
    const teamOf = (field: string): string | undefined => {
      const v = r[field] ?? '';
      if (v === '') return undefined;
      const id = teams.resolve(v);
      if (id === undefined)
        fault(field, 'UnknownTeam', `team "${v.slice(0, 60)}" is not in the council's team map: map it with a team mapping file (--map-teams)`);
      return id;
    };
    const episodeOf = (field: string): SsdEpisode | undefined => {
      const e = episodes.get(r[field] ?? '');
      if (e === undefined) fault(field, 'UnknownReferral', `referral "${(r[field] ?? '').slice(0, 40)}" is not in cin_episodes`);
      return e;
    };
    switch (table) {
      case 'cin_episodes': {
        const d = day('cine_referral_date', true);
        const source = code<ReferralSource>('cine_referral_source_code', SOURCES, '10', 'a CIN census referral source (1A–10)');
        const need = code<PrimaryNeedCode>('cine_cin_primary_need_code', NEEDS, 'N0', 'a primary need code (N0–N9)');
        const reason = code<ClosureReason>('cine_close_reason', REASONS, undefined, 'a reason for closure (RC1–RC9)');
        const closed = day('cine_close_date', false);
        const t = teamOf('cine_referral_team');
        if (!bad && (closed === undefined) !== (reason === undefined))
          fault(closed ? 'cine_close_reason' : 'cine_close_date', 'MissingValue', 'a closure date and a reason for closure go together');
        if (!bad && episodes.has(r.cine_referral_id)) fault('cine_referral_id', 'DuplicateRow', `referral ${r.cine_referral_id} appears twice`);
        {
          const e: SsdEpisode = {
            referralId: r.cine_referral_id,
            row,
            day: d ?? '',
            source: source ?? '10',
            need: need ?? 'N0',
            nfa: cellYes(r.cine_referral_nfa ?? '') === true,
            closed,
            reason,
            team: t,
            assessments: [],
            s47: [],
            cinPlans: [],
            cpPlans: [],
            involvements: [],
            contacts: [],
          };
          // A faulty episode is still known, so that its rows in other tables are reported as its child's.
          if (!episodes.has(e.referralId)) episodes.set(e.referralId, e);
          if (!bad) child.episodes.push(e);
        }
        break;
      }
      case 'contacts': {
        const d = day('cont_contact_date', true);
        const source = code<ReferralSource>('cont_contact_source_code', SOURCES, '10', 'a CIN census referral source (1A–10)');
        if (!bad) contacts.push({ person, row, id: r.cont_contact_id, day: d!, source: source! });
        // Counted with the child once linked to a referral (below).
        return;
      }
      case 'cin_assessments': {
        const e = episodeOf('cina_referral_id');
        const start = day('cina_assessment_start_date', true);
        const end = day('cina_assessment_auth_date', false);
        const t = teamOf('cina_assessment_team');
        if (!bad)
          e!.assessments.push({ row, id: r.cina_assessment_id, start: start!, end, nfa: cellYes(r.cina_assessment_outcome_nfa ?? '') === true, team: t });
        break;
      }
      case 's47_enquiry': {
        const e = episodeOf('s47e_referral_id');
        const start = day('s47e_s47_start_date', true);
        const end = day('s47e_s47_end_date', false);
        const t = teamOf('s47e_s47_completed_by_team');
        if (!bad) e!.s47.push({ row, id: r.s47e_s47_enquiry_id, start: start!, end, nfa: cellYes(r.s47e_s47_nfa ?? '') === true, team: t });
        break;
      }
      case 'cin_plans': {
        const e = episodeOf('cinp_referral_id');
        const start = day('cinp_cin_plan_start', true);
        const end = day('cinp_cin_plan_end', false);
        const t = teamOf('cinp_cin_plan_team');
        if (!bad) e!.cinPlans.push({ row, id: r.cinp_cin_plan_id, start: start!, end, team: t });
        break;
      }
      case 'cp_plans': {
        const e = episodeOf('cppl_referral_id');
        const start = day('cppl_cp_plan_start_date', true);
        const end = day('cppl_cp_plan_end_date', false);
        if (!bad) e!.cpPlans.push({ row, id: r.cppl_cp_plan_id, start: start!, end });
        break;
      }
      case 'involvements': {
        const e = episodeOf('invo_referral_id');
        const start = day('invo_involvement_start_date', true);
        const t = teamOf('invo_professional_team');
        if (!bad && t === undefined) fault('invo_professional_team', 'MissingValue', 'invo_professional_team is empty');
        // Staff ids never reach an event: the worker is recorded by a pseudonym derived from the id (workerRef).
        if (!bad)
          e!.involvements.push({
            row,
            id: r.invo_involvements_id,
            start: start!,
            team: t!,
            worker: r.invo_professional_id ? workerRef(tenant.config.id, r.invo_professional_id) : undefined,
            role: roleForTier(tenant.teams.tierOf(t!)),
            reason: /^[A-Z]{6}$/.test(r.invo_worker_change_reason ?? '') ? r.invo_worker_change_reason : undefined,
          });
        break;
      }
    }
    child.rows.push({ list: table, row });
  }

  try {
    const byTable = new Map(files.map((f) => [f.table, f]));
    if (!byTable.has('cin_episodes')) throw new SsdFileError('MissingTable', 'an SSD extract needs the cin_episodes table: every journey starts at a referral');
    // Episodes first: every other table hangs off their referral ids.
    for (const t of SSD_TABLE_NAMES) if (byTable.has(t)) await readTable(t, byTable.get(t)!.input);
  } catch (e) {
    if (!(e instanceof SsdFileError)) throw e;
    report.fail(e.code, e.message, e.line);
    return report.finish(now());
  }

  for (const k of contacts) {
    const c = childOf(k.person);
    const e = [...c.episodes]
      .filter((x) => x.day >= k.day && Date.parse(x.day) - Date.parse(k.day) <= SSD_CONTACT_TO_REFERRAL_DAYS * 86_400_000)
      .sort((a, b) => a.day.localeCompare(b.day))[0];
    report.list('contacts');
    if (e === undefined) {
      unlinkedContacts += 1;
      report.list('contacts').read += 1;
      continue;
    }
    e.contacts.push({ row: k.row, id: k.id, day: k.day, source: k.source });
    c.rows.push({ list: 'contacts', row: k.row });
  }
  for (const e of episodes.values()) {
    const order = [...e.involvements].sort((a, b) => a.start.localeCompare(b.start));
    for (let i = 1; i < order.length; i++) if (order[i].worker !== undefined && order[i].worker !== order[i - 1].worker) workerChanges += 1;
  }

  await linkAndWriteChildren(
    children,
    ssdChildJourneys,
    { tenantId: tenant.config.id, actor, correlationId: importId, team, timeZone: tenant.config.timeZone },
    { store: options.store, tenant, report, now, onProgress: options.onProgress },
  );
  report.note(
    'Each involvement whose team is not the one holding the case hands the case over to it on the involvement’s start date; dates are read as days (times are not used).',
  );
  if (workerChanges > 0)
    report.note(
      `${workerChanges} changes of allocated worker read from involvements, recorded as changes of lead practitioner (PractitionerAllocated, the worker by a pseudonymous reference).`,
    );
  if (unlinkedContacts > 0)
    report.note(
      `${unlinkedContacts} contacts not followed by a referral of the same person within ${SSD_CONTACT_TO_REFERRAL_DAYS} days are not imported (the SSD gives their outcome only as free JSON).`,
    );
  return report.finish(now());
}
