import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { initialJourneyState } from '@journey-ledger/domain';
import type { Actor, TeamDirectory, TenantConfig } from '@journey-ledger/domain';
import type { EventStore } from '@journey-ledger/event-store';
import { BulkWriter, JourneyCommands, planJourney, PrePlannedBatch } from '../bulk/bulk-writer';
import { ImportReportBuilder, ImportSummary } from '../report/import-report';
import { CinEpisode, toEpisode } from './cin-episode';
import { CinChildNode, CinFileError, CinHeader, readCinChildren } from './cin-xml-reader';
import { CinIssue, checkEpisode } from './cin-rules';
import { EpisodeRef, episodeJourney } from './cin-journeys';

export interface ImportTenant {
  readonly config: TenantConfig;
  readonly teams: TeamDirectory;
}

export interface CinImportOptions {
  readonly store: EventStore;
  readonly tenant: ImportTenant;
  /** The file's name, for the report. */
  readonly source: string;
  /**
   * The team the census's events are recorded against (the census names no team). Default: the
   * tenant's first statutory team.
   */
  readonly team?: string;
  readonly importId?: string;
  readonly rejectsPath?: string;
  readonly actor?: Actor;
  readonly now?: () => Date;
  /** Children per write to the store. */
  readonly batchChildren?: number;
  readonly onProgress?: (p: { children: number; events: number; bytes?: number }) => void;
}

const CHILDREN = 'children';

/** The team CIN census events are recorded against when none is named. */
export function defaultCinTeam(tenant: ImportTenant): string {
  const team = tenant.config.teams.find((t) => t.tier === 'statutory') ?? tenant.config.teams[0];
  return team.id;
}

/**
 * Imports a CIN census return (DfE XML), streamed child by child. Each child's `CINdetails`
 * episodes are checked against the census rules that matter for journeys, then decided by the
 * domain's own rules as journeys (one per episode). A child with any fault imports nothing and
 * every fault is reported with its LA child id, field, line and DfE rule; the other children
 * import. Journey and event ids derive from the LA child id and the dates, so a re-run (or a
 * run resumed after an interruption) writes only what is not yet stored.
 */
export async function importCinCensus(input: Readable, options: CinImportOptions): Promise<ImportSummary> {
  const now = options.now ?? (() => new Date());
  const tenant = options.tenant;
  const team = options.team ?? defaultCinTeam(tenant);
  if (!tenant.teams.has(team)) throw new Error(`team "${team}" is not in ${tenant.config.id}'s team map`);
  const importId = options.importId ?? randomUUID();
  const report = new ImportReportBuilder({ importId, format: 'cin-census', source: options.source, tenant: tenant.config.id, now: now() }, options.rejectsPath);
  const counts = report.list(CHILDREN);
  report.note(`The CIN census names no team: every event is recorded against "${team}", so handovers between teams cannot be seen in it.`);
  const actor = options.actor ?? { userId: 'cin-census-import', role: 'importer' };
  const batchChildren = options.batchChildren ?? 500;
  const seen = new Set<string>();
  let header: CinHeader | undefined;

  /** Per child: journeys still to settle and whether any was refused by the store's own check. */
  const pending = new Map<string, { left: number; written: number; skipped: number; refused: number }>();

  const rejectChild = (laChildId: string, issues: readonly CinIssue[]) => {
    counts.rejected += 1;
    for (const i of issues) report.reject({ list: CHILDREN, record: laChildId, line: i.line, field: i.field, rule: i.rule, code: i.code, message: i.message });
  };

  async function* batches(): AsyncGenerator<PrePlannedBatch<EpisodeRef>> {
    let journeys: JourneyCommands<EpisodeRef>[] = [];
    let plans: PrePlannedBatch<EpisodeRef>['plans'] = [];
    let children = 0;
    let at = now().toISOString();
    const reader = readCinChildren(input, { onHeader: (h) => (header = h) });
    for (;;) {
      let next: IteratorResult<CinChildNode>;
      try {
        next = await reader.next();
      } catch (e) {
        // The file breaks off or is not a return: the children read whole before stand, the rest is reported.
        if (!(e instanceof CinFileError)) throw e;
        report.fail(e.code, e.message, e.line);
        break;
      }
      if (next.done) break;
      const child = next.value;
      counts.read += 1;
      const id = child.laChildId;
      if (id === '') {
        rejectChild(`line ${child.line}`, [
          { field: 'LAchildID', line: child.line, rule: '8500', code: 'MissingValue', message: 'the child has no LA child id (LAchildID)' },
        ]);
        continue;
      }
      if (seen.has(id)) {
        rejectChild(id, [
          {
            field: 'LAchildID',
            line: child.line,
            rule: '8510',
            code: 'DuplicateChild',
            message: `LA child id ${id} appears more than once in the return: only its first record is imported`,
          },
        ]);
        continue;
      }
      seen.add(id);
      if (child.episodes.length === 0) {
        rejectChild(id, [{ field: 'CINdetails', line: child.line, rule: '8590', code: 'NoEpisode', message: 'the child has no CIN episode (CINdetails)' }]);
        continue;
      }
      const episodes: CinEpisode[] = child.episodes.map(toEpisode);
      const ctx = { timeZone: tenant.config.timeZone, now: now() };
      const issues = episodes.flatMap((e) => checkEpisode(e, ctx));
      const days = episodes.map((e) => e.referralDate?.value);
      const twice = days.find((d, i) => d !== undefined && days.indexOf(d) !== i);
      if (twice !== undefined)
        issues.push({
          field: 'CINreferralDate',
          rule: '8820',
          code: 'DuplicateEpisode',
          message: `two episodes start on ${twice}`,
          line: episodes[days.lastIndexOf(twice)].line,
        });
      if (issues.length > 0) {
        rejectChild(id, issues);
        continue;
      }
      // Decide every episode now: a child is imported whole or not at all.
      const childJourneys = episodes.map((e, i) =>
        episodeJourney(id, e, i, { tenantId: tenant.config.id, team, timeZone: tenant.config.timeZone, actor, correlationId: importId }),
      );
      const childPlans = childJourneys.map((j) => planJourney(j, tenant.teams, initialJourneyState(), new Set(), at));
      const refusedAt = childPlans.findIndex((p) => 'status' in p && p.status === 'rejected');
      if (refusedAt >= 0) {
        const p = childPlans[refusedAt] as { commandIndex: number; code: string; message: string };
        const step = childJourneys[refusedAt].ref!.steps[p.commandIndex];
        rejectChild(id, [
          {
            field: step.field,
            line: step.line,
            code: p.code,
            message: `the ledger's rules refuse this episode (referral ${episodes[refusedAt].referralDate!.value}): ${p.message}`,
          },
        ]);
        continue;
      }
      pending.set(id, { left: childJourneys.length, written: 0, skipped: 0, refused: 0 });
      journeys.push(...childJourneys);
      plans.push(...childPlans.map((p) => ('status' in p ? p : { events: p.events })));
      children += 1;
      if (children >= batchChildren) {
        yield { journeys, plans, now: at };
        journeys = [];
        plans = [];
        children = 0;
        at = now().toISOString();
      }
    }
    if (journeys.length > 0) yield { journeys, plans, now: at };
  }

  const writer = new BulkWriter<EpisodeRef>({
    store: options.store,
    teamsFor: (t) => (t === tenant.config.id ? tenant.teams : undefined),
    now,
    onOutcome: (journey, outcome) => {
      const ref = journey.ref!;
      const child = pending.get(ref.laChildId);
      if (child === undefined) return;
      if (outcome.status === 'rejected') {
        // Refused against what is already stored (e.g. a journey changed through the API since).
        report.summary.journeys.rejected += 1;
        child.refused += 1;
        const step = ref.steps[outcome.commandIndex];
        report.reject({
          list: CHILDREN,
          record: ref.laChildId,
          line: step?.line,
          field: step?.field ?? '',
          code: outcome.code,
          message: `refused against the stored journey: ${outcome.message}`,
        });
      } else if (outcome.status === 'written') {
        child.written += 1;
        report.summary.journeys.written += 1;
        report.summary.events += outcome.events;
        report.dates(ref.dates);
      } else {
        child.skipped += 1;
        report.summary.journeys.alreadyStored += 1;
      }
      child.left -= 1;
      if (child.left === 0) {
        pending.delete(ref.laChildId);
        if (child.refused > 0) counts.rejected += 1;
        else if (child.written > 0) counts.loaded += 1;
        else counts.alreadyStored += 1;
      }
    },
    onProgress: () => options.onProgress?.({ children: counts.read, events: report.summary.events }),
  });

  await writer.writePlanned(batches());
  if (header?.year !== undefined)
    report.note(`Return header: collection ${header.collection ?? '?'}, year ${header.year}, reference date ${header.referenceDate ?? '?'}.`);
  return report.finish(now());
}
