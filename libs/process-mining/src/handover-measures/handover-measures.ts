import type { JourneyCase } from '../journey-log/journey-log';

/**
 * How handovers are counted:
 * - `changes` (Journey Ledger's): a handover is a change of holder between consecutive steps;
 *   a team working on its own case twice in a row hands nothing over.
 * - `pm4py`: PM4Py's `discover_handover_of_work_network` (beta = 0) counts every pair of
 *   consecutive events, including a resource "handing over" to itself, and reports each pair's
 *   count divided by the number of pairs in the log. Offered so its numbers can be reproduced.
 */
export type HandoverConvention = 'changes' | 'pm4py';

export interface HandoverMeasureOptions {
  readonly convention?: HandoverConvention;
  /** "Handovers before the first completion of this activity" (an activity label or event type). */
  readonly beforeActivity?: string;
  /** Paths listed, most frequent first. */
  readonly pathLimit?: number;
}

export interface Stats {
  readonly total: number;
  readonly mean: number | null;
  readonly median: number | null;
  readonly p90: number | null;
  readonly max: number | null;
  readonly distribution: Record<string, number>;
}

export interface FlowCell {
  readonly fromTeam: string;
  readonly toTeam: string;
  readonly handovers: number;
  /** pm4py convention only: the cell's share of all consecutive pairs, as PM4Py reports it. */
  readonly share?: number;
}

export interface HandoverMeasures {
  readonly convention: HandoverConvention;
  readonly journeys: number;
  readonly events: number;
  readonly handovers: Stats;
  readonly teamsTouched: Stats;
  readonly handoversBeforeActivity: (Stats & { readonly activity: string; readonly journeysReachingIt: number }) | null;
  readonly flowMatrix: readonly FlowCell[];
  readonly paths: readonly { readonly path: string; readonly journeys: number }[];
  /** Whole days each team held journeys (sum of spells), per journey that it held. */
  readonly waitingPerHolder: readonly { readonly team: string; readonly journeys: number; readonly days: Stats }[];
  /** Measures that only mean something for children's services: `not applicable` on a log with no contacts or referrals. */
  readonly notApplicable: readonly string[];
}

class Distribution {
  private readonly counts = new Map<number, number>();
  count = 0;
  sum = 0;
  add(v: number) {
    this.counts.set(v, (this.counts.get(v) ?? 0) + 1);
    this.count++;
    this.sum += v;
  }
  private quantile(q: number): number | null {
    if (this.count === 0) return null;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (const v of [...this.counts.keys()].sort((a, b) => a - b)) {
      seen += this.counts.get(v)!;
      if (seen >= rank) return v;
    }
    return null;
  }
  stats(): Stats {
    const keys = [...this.counts.keys()].sort((a, b) => a - b);
    return {
      total: this.sum,
      mean: this.count === 0 ? null : Math.round((this.sum / this.count) * 1000) / 1000,
      median: this.quantile(0.5),
      p90: this.quantile(0.9),
      max: keys.length === 0 ? null : keys[keys.length - 1],
      distribution: Object.fromEntries(keys.map((k) => [String(k), this.counts.get(k)!])),
    };
  }
}

const DAY = 86_400_000;
const isComplete = (lifecycle: string | undefined) => lifecycle === undefined || lifecycle.toLowerCase() === 'complete';

/**
 * The handover measures that need no children's-services concept, computed from journeys as they
 * stream past (aggregates only are kept): handovers per journey, handovers before the first
 * completion of a chosen activity, teams touched, the flow matrix, paths of holders, and waiting
 * per holder. NFA and re-referral rates are named `not applicable` when no journey has a contact
 * or referral (an imported log), rather than reported as zero.
 */
export async function measureHandovers(journeys: AsyncIterable<JourneyCase>, options: HandoverMeasureOptions = {}): Promise<HandoverMeasures> {
  const convention = options.convention ?? 'changes';
  const handovers = new Distribution();
  const teamsTouched = new Distribution();
  const before = new Distribution();
  const flows = new Map<string, number>();
  const paths = new Map<string, number>();
  const waiting = new Map<string, Distribution>();
  let journeysCount = 0;
  let events = 0;
  let pairs = 0;
  let childrensServices = false;

  for await (const c of journeys) {
    journeysCount++;
    events += c.steps.length;
    if (c.state.contacts.length > 0 || c.state.referral !== undefined) childrensServices = true;
    let moves = 0;
    let movesBefore: number | undefined;
    const path: string[] = [];
    // PM4Py sees the source log's events: a handover the decider recorded ahead of an activity
    // (same command) is part of that one event, not an event of its own.
    const steps =
      convention === 'pm4py'
        ? c.steps.filter((s, i) => s.event.type !== 'CaseHandedOver' || c.steps[i + 1]?.event.metadata.causationId !== s.event.metadata.causationId)
        : c.steps;
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i];
      const previous = i > 0 ? steps[i - 1].holder : undefined;
      if (previous !== undefined && (convention === 'pm4py' || previous !== step.holder)) {
        const key = `${previous}\u0000${step.holder}`;
        flows.set(key, (flows.get(key) ?? 0) + 1);
        pairs++;
        if (previous !== step.holder) moves++;
        else if (convention === 'pm4py') moves++;
      }
      if (path[path.length - 1] !== step.holder) path.push(step.holder);
      if (movesBefore === undefined && options.beforeActivity !== undefined && step.activity === options.beforeActivity && isComplete(step.lifecycle))
        movesBefore = moves;
    }
    handovers.add(moves);
    teamsTouched.add(c.state.teamsTouched.length);
    if (movesBefore !== undefined) before.add(movesBefore);
    const p = path.join('>');
    paths.set(p, (paths.get(p) ?? 0) + 1);
    const end = c.state.closedAt ?? c.state.lastOccurredAt;
    const held = new Map<string, number>();
    for (const spell of c.state.holders) {
      const until = spell.to ?? end ?? spell.from;
      held.set(spell.team, (held.get(spell.team) ?? 0) + Math.max(0, Date.parse(until) - Date.parse(spell.from)));
    }
    for (const [team, ms] of held) {
      let d = waiting.get(team);
      if (d === undefined) waiting.set(team, (d = new Distribution()));
      d.add(Math.floor(ms / DAY));
    }
  }

  const flowMatrix = [...flows.entries()]
    .map(([key, n]) => {
      const [fromTeam, toTeam] = key.split('\u0000');
      return convention === 'pm4py' ? { fromTeam, toTeam, handovers: n, share: pairs === 0 ? 0 : n / pairs } : { fromTeam, toTeam, handovers: n };
    })
    .sort((a, b) => b.handovers - a.handovers || a.fromTeam.localeCompare(b.fromTeam) || a.toTeam.localeCompare(b.toTeam));
  return {
    convention,
    journeys: journeysCount,
    events,
    handovers: handovers.stats(),
    teamsTouched: teamsTouched.stats(),
    handoversBeforeActivity:
      options.beforeActivity === undefined ? null : { activity: options.beforeActivity, journeysReachingIt: before.count, ...before.stats() },
    flowMatrix,
    paths: [...paths.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, options.pathLimit ?? 20)
      .map(([path, n]) => ({ path, journeys: n })),
    waitingPerHolder: [...waiting.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([team, d]) => ({ team, journeys: d.count, days: d.stats() })),
    notApplicable: childrensServices ? [] : ['nfa-rates', 're-referrals', 'funnel', 'timeliness'],
  };
}
