import type { Readable } from 'node:stream';
import { initialJourneyState } from '@journey-ledger/domain';
import type { Actor, TeamDirectory } from '@journey-ledger/domain';
import { JourneyCommands, planJourney, PrePlannedBatch } from '../bulk/bulk-writer';
import { CinEpisode, toEpisode } from './cin-episode';
import { CinChildNode, CinFileError, CinHeader, readCinChildren } from './cin-xml-reader';
import { CinIssue, checkEpisode } from './cin-rules';
import { EpisodeRef, episodeJourney } from './cin-journeys';

/** What reading and deciding a return needs: plain data and a clock, so that it can run in a worker thread. */
export interface CinPlanOptions {
  readonly tenantId: string;
  readonly timeZone: string;
  readonly teams: TeamDirectory;
  /** The team every event is recorded against (the census names none). */
  readonly team: string;
  readonly actor: Actor;
  readonly correlationId: string;
  /** The decision clock: dates after it are refused. */
  readonly now: () => Date;
  /** Children decided per batch handed to the store. */
  readonly batchChildren: number;
}

/** A child refused before the store is asked: its record (LA child id, or its line) and every fault found. */
export interface CinRejectedChild {
  readonly record: string;
  readonly issues: readonly CinIssue[];
}

/**
 * One step of reading a return: the children read since the last step, those refused, and the
 * next batch of children decided whole (their journeys and events, ready for `appendBatch`).
 */
export type CinPlanStep =
  | { readonly kind: 'children'; readonly read: number; readonly rejected: readonly CinRejectedChild[]; readonly batch?: PrePlannedBatch<EpisodeRef> }
  | {
      readonly kind: 'end';
      readonly header?: CinHeader;
      /** The file broke off or is not a return: the children read whole before the break stand. */
      readonly fatal?: { readonly code: string; readonly message: string; readonly line?: number };
    };

/** Refused children held before a step is handed on, so a return full of faults still streams. */
const MAX_HELD_REJECTS = 1000;

/**
 * Reads a CIN census return and decides it, child by child, with no store: each child's
 * `CINdetails` episodes are checked against the census rules, then decided by the domain's rules
 * as journeys (one per episode) from an empty state. A child with any fault is refused whole.
 * Pure work on a stream (no I/O but the input), so the importer can run it beside the store's
 * writes, in the same thread or in a worker.
 */
export async function* planCinReturn(input: Readable, o: CinPlanOptions): AsyncGenerator<CinPlanStep> {
  const seen = new Set<string>();
  let header: CinHeader | undefined;
  let journeys: JourneyCommands<EpisodeRef>[] = [];
  let plans: PrePlannedBatch<EpisodeRef>['plans'] = [];
  let rejected: CinRejectedChild[] = [];
  let read = 0;
  let children = 0;
  let at = o.now();
  let atIso = at.toISOString();
  const ctx = { tenantId: o.tenantId, team: o.team, timeZone: o.timeZone, actor: o.actor, correlationId: o.correlationId };
  const step = (withBatch: boolean): CinPlanStep => {
    const s: CinPlanStep = { kind: 'children', read, rejected, ...(withBatch ? { batch: { journeys, plans, now: atIso } } : {}) };
    read = 0;
    rejected = [];
    if (withBatch) {
      journeys = [];
      plans = [];
      children = 0;
      at = o.now();
      atIso = at.toISOString();
    }
    return s;
  };
  const reject = (record: string, issues: readonly CinIssue[]) => rejected.push({ record, issues });

  const reader = readCinChildren(input, { onHeader: (h) => (header = h) });
  for (;;) {
    let next: IteratorResult<CinChildNode>;
    try {
      next = await reader.next();
    } catch (e) {
      if (!(e instanceof CinFileError)) throw e;
      if (read > 0 || journeys.length > 0) yield step(journeys.length > 0);
      yield { kind: 'end', header, fatal: { code: e.code, message: e.message, line: e.line } };
      return;
    }
    if (next.done) break;
    const child = next.value;
    read += 1;
    const id = child.laChildId;
    if (id === '') {
      reject(`line ${child.line}`, [
        { field: 'LAchildID', line: child.line, rule: '8500', code: 'MissingValue', message: 'the child has no LA child id (LAchildID)' },
      ]);
    } else if (seen.has(id)) {
      reject(id, [
        {
          field: 'LAchildID',
          line: child.line,
          rule: '8510',
          code: 'DuplicateChild',
          message: `LA child id ${id} appears more than once in the return: only its first record is imported`,
        },
      ]);
    } else {
      seen.add(id);
      const refusal = decideChild(id, child, ctx, o, at, atIso, journeys, plans);
      if (refusal !== undefined) reject(id, refusal);
      else children += 1;
    }
    if (children >= o.batchChildren) yield step(true);
    else if (rejected.length >= MAX_HELD_REJECTS) yield step(false);
  }
  if (read > 0 || journeys.length > 0) yield step(journeys.length > 0);
  yield { kind: 'end', header };
}

/**
 * Checks and decides one child's episodes; on success its journeys and plans are added to the
 * batch, else the faults are returned. Every episode is decided before any is kept: a child is
 * imported whole or not at all.
 */
function decideChild(
  id: string,
  child: CinChildNode,
  ctx: Parameters<typeof episodeJourney>[3],
  o: CinPlanOptions,
  at: Date,
  atIso: string,
  journeys: JourneyCommands<EpisodeRef>[],
  plans: PrePlannedBatch<EpisodeRef>['plans'],
): readonly CinIssue[] | undefined {
  if (child.episodes.length === 0)
    return [{ field: 'CINdetails', line: child.line, rule: '8590', code: 'NoEpisode', message: 'the child has no CIN episode (CINdetails)' }];
  const episodes: CinEpisode[] = child.episodes.map(toEpisode);
  const rules = { timeZone: o.timeZone, now: at };
  const issues = episodes.flatMap((e) => checkEpisode(e, rules));
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
  if (issues.length > 0) return issues;
  const childJourneys = episodes.map((e, i) => episodeJourney(id, e, i, ctx, child.characteristics));
  const childPlans = childJourneys.map((j) => planJourney(j, o.teams, initialJourneyState(), new Set(), atIso));
  const refusedAt = childPlans.findIndex((p) => 'status' in p && p.status === 'rejected');
  if (refusedAt >= 0) {
    const p = childPlans[refusedAt] as { commandIndex: number; code: string; message: string };
    const step = childJourneys[refusedAt].ref!.steps[p.commandIndex];
    return [
      {
        field: step.field,
        line: step.line,
        code: p.code,
        message: `the ledger's rules refuse this episode (referral ${episodes[refusedAt].referralDate!.value}): ${p.message}`,
      },
    ];
  }
  journeys.push(...childJourneys);
  for (const p of childPlans) plans.push('status' in p ? p : { events: p.events });
  return undefined;
}
