import type { Actor, JourneyCommand } from '@journey-ledger/domain';
import { journeyIdFor } from '@journey-ledger/application';
import type { JourneyCommands } from '../bulk/bulk-writer';

/** Where a command came from: the list (sheet or table) and row, and the column it rests on. */
export interface SourceRow {
  readonly list: string;
  /** The row in its sheet or file (the header is row 1 of a CSV; a workbook's own row numbers). */
  readonly row: number;
  readonly field: string;
}

/** One command of a journey linked from rows of several lists, at its business time. */
export interface LinkedStep {
  readonly ms: number;
  /** Order at equal times (`RANK`). */
  readonly rank: number;
  /** Unique within the journey, stable across runs: the command id (and so the event ids) derive from it. */
  readonly key: string;
  /**
   * The command, or a function of the team holding the journey just before it (a row that names
   * no team is carried out by the holder; a team history row is a handover only when the team
   * changes; null: nothing to record). Resolved here, when the journey is linked, never against
   * the stored state: a re-run then derives exactly the same commands and ids.
   */
  readonly command: JourneyCommand | ((holder: string | undefined) => JourneyCommand | null);
  readonly source: SourceRow;
}

export interface LinkedRef {
  readonly childId: string;
  /** Per command, in order: the row it came from. */
  readonly steps: readonly SourceRow[];
  readonly dates: readonly string[];
}

/**
 * Ties at the same business time (most of these sources give days, not times): a contact before
 * its decision, a referral before the handover or assessment that follows it, an assessment before
 * its completion, plans ending before the next starts, the closure last.
 */
export const RANK = {
  contact: 0,
  contactDecision: 1,
  referral: 2,
  handover: 3,
  assessmentStart: 4,
  assessmentEnd: 5,
  planEnd: 6,
  planStart: 7,
  closure: 9,
} as const;

export interface LinkContext {
  readonly tenantId: string;
  readonly actor: Actor;
  readonly correlationId: string;
}

/** The team holding a journey after a command, as the domain's decider moves it (implicit handovers included). */
function holderAfter(holder: string | undefined, c: JourneyCommand): string | undefined {
  switch (c.type) {
    case 'RecordContact':
      return holder ?? c.data.team;
    case 'AcceptReferral':
    case 'StartAssessment':
    case 'StartPlan':
      return c.data.team;
    case 'HandOver':
    case 'StepDown':
    case 'StepUp':
      return c.data.toTeam;
    default:
      return holder;
  }
}

/** The commands of one journey, in business-time order, with stable ids derived from `journeyKey`. */
export function linkedJourney(childId: string, journeyKey: string, steps: readonly LinkedStep[], ctx: LinkContext): JourneyCommands<LinkedRef> {
  const ordered = steps
    .map((s, seq) => ({ s, seq }))
    .sort((a, b) => a.s.ms - b.s.ms || a.s.rank - b.s.rank || a.seq - b.seq)
    .map((x) => x.s);
  const kept: { step: LinkedStep; command: JourneyCommand }[] = [];
  let holder: string | undefined;
  for (const step of ordered) {
    const command = typeof step.command === 'function' ? step.command(holder) : step.command;
    if (command === null) continue;
    kept.push({ step, command });
    holder = holderAfter(holder, command);
  }
  return {
    tenantId: ctx.tenantId,
    journeyId: journeyIdFor(ctx.tenantId, journeyKey),
    correlationId: ctx.correlationId,
    actor: ctx.actor,
    commands: kept.map((k) => ({ commandId: `${journeyKey}/${k.step.key}`, command: k.command })),
    ref: { childId, steps: kept.map((k) => k.step.source), dates: [...new Set(kept.map((k) => new Date(k.step.ms).toISOString()))] },
  };
}

/** Gives repeated keys on one day a counter (`assessment-2024-05-01`, `assessment-2024-05-01-2`). */
export class StepKeys {
  private readonly count = new Map<string, number>();
  next(kind: string, day: string): string {
    const k = `${kind}-${day}`;
    const n = (this.count.get(k) ?? 0) + 1;
    this.count.set(k, n);
    return n === 1 ? k : `${k}-${n}`;
  }
}
