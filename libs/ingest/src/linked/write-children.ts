import { initialJourneyState } from '@journey-ledger/domain';
import type { EventStore } from '@journey-ledger/event-store';
import { BulkWriter, JourneyCommands, planJourney, PrePlannedBatch } from '../bulk/bulk-writer';
import type { ImportReportBuilder } from '../report/import-report';
import type { ImportTenant } from '../cin-census/import-cin-census';
import { parseCinDate } from '../cin-census/cin-dates';
import type { LinkContext, LinkedRef } from './linked-journey';

/** A fault in one row, found before the domain's rules are asked. */
export interface RowFault {
  readonly list: string;
  readonly row: number;
  readonly field: string;
  readonly code: string;
  readonly message: string;
}

/** Everything read about one child: its rows, the journeys linked from them, and their faults. */
export interface LinkedChild {
  readonly childId: string;
  readonly rows: readonly { readonly list: string; readonly row: number }[];
  readonly journeys: readonly JourneyCommands<LinkedRef>[];
  readonly faults: readonly RowFault[];
}

export interface WriteChildrenOptions {
  readonly store: EventStore;
  readonly tenant: ImportTenant;
  readonly report: ImportReportBuilder;
  readonly now: () => Date;
  readonly batchChildren?: number;
  readonly onProgress?: (p: { children: number; events: number }) => void;
}

/**
 * Writes children linked from row-shaped sources (Annex A lists, SSD tables): a child whole or not
 * at all. A child with a fault in any row, or whose journeys the domain's rules refuse, writes
 * nothing; its faulty rows are reported with their reason and its other rows as `ChildRejected`.
 * Counts are per list, in rows. Ids are stable, so a re-run counts the rows as already stored.
 */
export async function writeLinkedChildren(children: AsyncIterable<LinkedChild> | Iterable<LinkedChild>, o: WriteChildrenOptions): Promise<void> {
  const { report, tenant } = o;
  const batchChildren = o.batchChildren ?? 500;
  const pending = new Map<string, { child: LinkedChild; left: number; written: number; refused: boolean }>();
  let read = 0;

  const count = (child: LinkedChild, field: 'loaded' | 'alreadyStored' | 'rejected') => {
    for (const r of child.rows) report.list(r.list)[field] += 1;
  };
  const rejectChild = (child: LinkedChild, faults: readonly RowFault[]) => {
    count(child, 'rejected');
    for (const f of faults) report.reject({ list: f.list, record: child.childId, line: f.row, field: f.field, code: f.code, message: f.message });
    const cause = faults[0];
    const faulty = new Set(faults.map((f) => `${f.list}#${f.row}`));
    for (const r of child.rows) {
      if (faulty.has(`${r.list}#${r.row}`)) continue;
      report.reject({
        list: r.list,
        record: child.childId,
        line: r.row,
        field: '',
        code: 'ChildRejected',
        message: `not imported: the child's ${cause.list} row ${cause.row} is at fault (${cause.code})`,
      });
    }
  };

  async function* batches(): AsyncGenerator<PrePlannedBatch<LinkedRef>> {
    let journeys: JourneyCommands<LinkedRef>[] = [];
    let plans: PrePlannedBatch<LinkedRef>['plans'] = [];
    let n = 0;
    let at = o.now().toISOString();
    for await (const child of children) {
      read += 1;
      for (const r of child.rows) report.list(r.list).read += 1;
      if (child.faults.length > 0) {
        rejectChild(child, child.faults);
        continue;
      }
      const childPlans = child.journeys.map((j) => planJourney(j, tenant.teams, initialJourneyState(), new Set(), at));
      const refusedAt = childPlans.findIndex((p) => 'status' in p && p.status === 'rejected');
      if (refusedAt >= 0) {
        const p = childPlans[refusedAt] as { commandIndex: number; code: string; message: string };
        const src = child.journeys[refusedAt].ref!.steps[p.commandIndex];
        rejectChild(child, [{ list: src.list, row: src.row, field: src.field, code: p.code, message: `the ledger's rules refuse this row: ${p.message}` }]);
        continue;
      }
      if (child.journeys.length === 0) continue;
      pending.set(child.childId, { child, left: child.journeys.length, written: 0, refused: false });
      journeys.push(...child.journeys);
      plans.push(...childPlans.map((p) => ('status' in p ? p : { events: p.events })));
      if (++n >= batchChildren) {
        yield { journeys, plans, now: at };
        journeys = [];
        plans = [];
        n = 0;
        at = o.now().toISOString();
      }
    }
    if (journeys.length > 0) yield { journeys, plans, now: at };
  }

  const writer = new BulkWriter<LinkedRef>({
    store: o.store,
    teamsFor: (t) => (t === tenant.config.id ? tenant.teams : undefined),
    now: o.now,
    onOutcome: (journey, outcome) => {
      const ref = journey.ref!;
      const p = pending.get(ref.childId);
      if (p === undefined) return;
      if (outcome.status === 'rejected') {
        // Refused against what is already stored (e.g. the journey was changed through the API since).
        report.summary.journeys.rejected += 1;
        p.refused = true;
        const src = ref.steps[outcome.commandIndex];
        report.reject({
          list: src?.list ?? '',
          record: ref.childId,
          line: src?.row,
          field: src?.field ?? '',
          code: outcome.code,
          message: `refused against the stored journey: ${outcome.message}`,
        });
      } else if (outcome.status === 'written') {
        p.written += 1;
        report.summary.journeys.written += 1;
        report.summary.events += outcome.events;
        report.dates(ref.dates);
      } else {
        report.summary.journeys.alreadyStored += 1;
      }
      if (--p.left === 0) {
        pending.delete(ref.childId);
        count(p.child, p.refused ? 'rejected' : p.written > 0 ? 'loaded' : 'alreadyStored');
      }
    },
    onProgress: () => o.onProgress?.({ children: read, events: report.summary.events }),
  });
  await writer.writePlanned(batches());
}

/** What linking a child needs: who and what the import is, and a source day as an instant in the council's time zone. */
export interface DayLinkContext extends LinkContext {
  readonly team: string;
  readonly ms: (day: string) => number;
}

/**
 * The common tail of the row-shaped importers: links every child read, in child-id order (so a
 * re-run writes the same journeys in the same order), and writes them. Days reaching here were
 * checked while reading, so an unreadable one is a bug, not bad input.
 */
export async function linkAndWriteChildren<C>(
  children: ReadonlyMap<string, C>,
  link: (child: C, ctx: DayLinkContext) => LinkedChild,
  ctx: LinkContext & { readonly team: string; readonly timeZone: string },
  o: WriteChildrenOptions,
): Promise<void> {
  const ms = (day: string) => {
    const d = parseCinDate(day, ctx.timeZone);
    if (!d.ok) throw new Error(`unchecked day ${day}`);
    return d.ms;
  };
  const dayCtx: DayLinkContext = { tenantId: ctx.tenantId, actor: ctx.actor, correlationId: ctx.correlationId, team: ctx.team, ms };
  const ids = [...children.keys()].sort();
  await writeLinkedChildren(
    (function* () {
      for (const id of ids) yield link(children.get(id) as C, dayCtx);
    })(),
    o,
  );
}
