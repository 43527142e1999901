import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Actor, TeamDirectory, TenantConfig } from '@journey-ledger/domain';
import type { EventStore } from '@journey-ledger/event-store';
import { BulkWriter, PrePlannedBatch } from '../bulk/bulk-writer';
import { ImportReportBuilder, ImportSummary } from '../report/import-report';
import type { CinHeader } from './cin-xml-reader';
import type { EpisodeRef } from './cin-journeys';
import { planCinReturn } from './plan-cin-return';
import { planCinReturnInWorker } from './plan-in-worker';

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
  /**
   * Read and decide the return in a worker thread while this thread writes to the store, so that
   * both cores work (worth it for large returns; starting the worker costs a moment).
   */
  readonly worker?: boolean;
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
  let header: CinHeader | undefined;

  /** Per child: journeys still to settle and whether any was refused by the store's own check. */
  const pending = new Map<string, { left: number; written: number; skipped: number; refused: number }>();

  const planOptions = { tenantId: tenant.config.id, timeZone: tenant.config.timeZone, team, actor, correlationId: importId, batchChildren };
  const steps = options.worker
    ? planCinReturnInWorker(input, { ...planOptions, tenant: tenant.config, now: now().toISOString() })
    : planCinReturn(input, { ...planOptions, teams: tenant.teams, now });

  async function* batches(): AsyncGenerator<PrePlannedBatch<EpisodeRef>> {
    for await (const step of steps) {
      if (step.kind === 'end') {
        header = step.header;
        // The file breaks off or is not a return: the children read whole before stand, the rest is reported.
        if (step.fatal !== undefined) report.fail(step.fatal.code, step.fatal.message, step.fatal.line);
        continue;
      }
      counts.read += step.read;
      for (const r of step.rejected) {
        counts.rejected += 1;
        for (const i of r.issues)
          report.reject({ list: CHILDREN, record: r.record, line: i.line, field: i.field, rule: i.rule, code: i.code, message: i.message });
      }
      if (step.batch === undefined) continue;
      for (const j of step.batch.journeys) {
        const id = j.ref!.laChildId;
        const child = pending.get(id);
        if (child === undefined) pending.set(id, { left: 1, written: 0, skipped: 0, refused: 0 });
        else child.left += 1;
      }
      yield step.batch;
    }
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
