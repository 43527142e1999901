import { practitionerMeasures } from '@journey-ledger/domain';
import type { JourneyState, TeamDirectory, WorkingCalendar } from '@journey-ledger/domain';
import { buckets0to5, percentile, suppressionThreshold, workingDayBands } from '@journey-ledger/read-models';
import type { Characteristic } from '@journey-ledger/read-models';
import { EqualityImpactModel } from './equality-impact';
import type { GroupImpact, Groups } from './equality-impact';

/** What the comparison measures for one journey (today's or the scenario's). */
export interface JourneyMeasures {
  readonly handovers: number;
  readonly handoversBeforeHelp: number;
  readonly teamsTouched: number;
  /** Spells with one holder: how many times the family met a new team. */
  readonly spells: number;
  /** The longest wait with one team, in working days. */
  readonly longestWaitWorkingDays: number;
  /** Working days held by front-door teams (scenario tiers for the scenario). */
  readonly frontDoorWorkingDays: number;
  /** Changes of lead practitioner (docs/definitions.md). */
  readonly practitionerChanges: number;
  /** Handovers of team after which the lead practitioner changed. */
  readonly handoversWithChangeOfPractitioner: number;
}

export const MEASURE_NAMES: readonly (keyof JourneyMeasures)[] = [
  'handovers',
  'handoversBeforeHelp',
  'teamsTouched',
  'spells',
  'longestWaitWorkingDays',
  'frontDoorWorkingDays',
  'practitionerChanges',
  'handoversWithChangeOfPractitioner',
];

/**
 * Measures one folded journey. Times are today's: a scenario keeps when things happened and
 * changes who held the case, so waits move between teams (merged teams' spells join up) and
 * re-routed contacts spend no time at the front door.
 */
export function measureJourney(
  state: JourneyState,
  teams: TeamDirectory,
  calendar: WorkingCalendar,
  timeZone: string,
  /** Where an open journey's last spell ends: today's last entry (a scenario that drops entries keeps today's times). */
  openUntil?: string,
): JourneyMeasures {
  let longest = 0;
  let frontDoor = 0;
  const practitioners = practitionerMeasures(state);
  const end = state.closedAt ?? openUntil ?? state.lastOccurredAt;
  for (const spell of state.holders) {
    const until = spell.to ?? end ?? spell.from;
    const days = calendar.workingDaysBetween(spell.from, until, timeZone);
    if (days > longest) longest = days;
    if (teams.tierOf(spell.team) === 'front-door') frontDoor += days;
  }
  return {
    handovers: state.handovers,
    handoversBeforeHelp: state.handoversBeforeHelp,
    teamsTouched: state.teamsTouched.length,
    spells: state.holders.length,
    longestWaitWorkingDays: longest,
    frontDoorWorkingDays: frontDoor,
    practitionerChanges: state.practitionerChanges,
    handoversWithChangeOfPractitioner: practitioners.handoversWithChange,
  };
}

/** Count, sum and exact distribution of a whole-number measure; values can be taken back out. */
export class Distribution {
  private readonly counts = new Map<number, number>();
  count = 0;
  sum = 0;

  add(value: number, sign: 1 | -1 = 1): void {
    const next = (this.counts.get(value) ?? 0) + sign;
    if (next === 0) this.counts.delete(value);
    else this.counts.set(value, next);
    this.count += sign;
    this.sum += sign * value;
  }

  mean(): number | null {
    return this.count === 0 ? null : round(this.sum / this.count);
  }

  /** Median and percentiles as every measure of the ledger takes them: interpolated, as `percentile_cont`. */
  quantile(q: number): number | null {
    const p = percentile(this.counts, q);
    return p === null ? null : round(p);
  }

  /** Binned as the metrics bin: counts per journey 0, 1, 2, 3, 4, 5+; working days in bands (0, 1, 2–5 … 46+). */
  histogram(kind: 'count' | 'working-days'): Record<string, number> {
    return kind === 'count' ? buckets0to5(this.counts) : workingDayBands(this.counts);
  }
}

export const round = (n: number) => Math.round(n * 1000) / 1000;

export interface MeasureStats {
  readonly total: number;
  readonly mean: number | null;
  readonly median: number | null;
  readonly p90: number | null;
  readonly distribution: Record<string, number>;
}

export interface MeasureComparison {
  readonly measure: keyof JourneyMeasures;
  readonly today: MeasureStats;
  readonly scenario: MeasureStats;
  readonly difference: { readonly total: number; readonly mean: number | null; readonly percent: number | null };
}

const binningOf = (measure: string) => (measure.endsWith('WorkingDays') ? 'working-days' : 'count');
const stats = (d: Distribution, measure: string): MeasureStats => ({
  total: d.sum,
  mean: d.mean(),
  median: d.quantile(0.5),
  p90: d.quantile(0.9),
  distribution: d.histogram(binningOf(measure)),
});

function compared<M extends string>(measure: M, todayD: Distribution, scenarioD: Distribution) {
  const today = stats(todayD, measure);
  const scenario = stats(scenarioD, measure);
  const mean = today.mean === null || scenario.mean === null ? null : round(scenario.mean - today.mean);
  return {
    measure,
    today,
    scenario,
    difference: {
      total: scenario.total - today.total,
      mean,
      percent: today.total === 0 ? null : round(((scenario.total - today.total) / today.total) * 100),
    },
  };
}

/** A multiset: a journey's practitioners and teams can be taken back out of its family. */
class Tally {
  private readonly counts = new Map<string, number>();
  add(values: readonly string[], sign: 1 | -1): void {
    for (const v of values) {
      const next = (this.counts.get(v) ?? 0) + sign;
      if (next === 0) this.counts.delete(v);
      else this.counts.set(v, next);
    }
  }
  get distinct(): number {
    return this.counts.size;
  }
}

interface FamilySide {
  readonly practitioners: Tally;
  readonly teams: Tally;
  practitionerChanges: number;
  handovers: number;
}
const side = (): FamilySide => ({ practitioners: new Tally(), teams: new Tally(), practitionerChanges: 0, handovers: 0 });

/**
 * Per-family tallies, built as journeys stream past: memory grows with families and the workers
 * and teams each met, not with events. The distributions are taken over families at the end.
 */
export class FamilyComparisonModel {
  private readonly byFamily = new Map<string, { journeys: number; today: FamilySide; scenario: FamilySide }>();
  private memberJourneys = 0;

  add(entry: ComparedJourney, sign: 1 | -1 = 1): void {
    if (entry.families.length > 0) this.memberJourneys += sign;
    for (const ref of entry.families) {
      let f = this.byFamily.get(ref);
      if (f === undefined) this.byFamily.set(ref, (f = { journeys: 0, today: side(), scenario: side() }));
      f.journeys += sign;
      for (const [s, measures, met] of [
        [f.today, entry.today, entry.met.today],
        [f.scenario, entry.scenario, entry.met.scenario],
      ] as const) {
        s.practitioners.add(met.practitioners, sign);
        s.teams.add(met.teams, sign);
        s.practitionerChanges += sign * measures.practitionerChanges;
        s.handovers += sign * measures.handovers;
      }
      if (f.journeys === 0) this.byFamily.delete(ref);
    }
  }

  result(): FamilyComparison {
    const value = (s: FamilySide): FamilyMeasures => ({
      practitionersMet: s.practitioners.distinct,
      teamsMet: s.teams.distinct,
      practitionerChanges: s.practitionerChanges,
      handovers: s.handovers,
    });
    const today = new Map(FAMILY_MEASURE_NAMES.map((m) => [m, new Distribution()]));
    const scenario = new Map(FAMILY_MEASURE_NAMES.map((m) => [m, new Distribution()]));
    const familiesWith = { fewerPractitioners: 0, samePractitioners: 0, morePractitioners: 0 };
    for (const f of this.byFamily.values()) {
      const t = value(f.today);
      const s = value(f.scenario);
      for (const m of FAMILY_MEASURE_NAMES) {
        today.get(m)!.add(t[m]);
        scenario.get(m)!.add(s[m]);
      }
      if (s.practitionersMet < t.practitionersMet) familiesWith.fewerPractitioners++;
      else if (s.practitionersMet === t.practitionersMet) familiesWith.samePractitioners++;
      else familiesWith.morePractitioners++;
    }
    return {
      families: this.byFamily.size,
      memberJourneys: this.memberJourneys,
      measures: FAMILY_MEASURE_NAMES.map((m) => compared(m, today.get(m)!, scenario.get(m)!)),
      familiesWith,
    };
  }
}

/**
 * The scenario's disposable read model: aggregates only, built as journeys stream past, so
 * memory does not grow with the number of journeys. A journey's contribution can be taken back
 * out (a late correction reopens a journey already counted).
 */
export class ScenarioComparisonModel {
  private readonly today = new Map(MEASURE_NAMES.map((m) => [m, new Distribution()]));
  private readonly scenario = new Map(MEASURE_NAMES.map((m) => [m, new Distribution()]));
  journeys = 0;
  rerouted = 0;
  keptAtRemovedTeam = 0;
  handoversDropped = 0;
  fewerHandovers = 0;
  sameHandovers = 0;
  moreHandovers = 0;
  private readonly equality = new EqualityImpactModel();
  private readonly costToday = { hours: 0, cost: 0 };
  private readonly costScenario = { hours: 0, cost: 0 };
  private readonly families = new FamilyComparisonModel();

  constructor(private readonly threshold = suppressionThreshold()) {}

  add(entry: ComparedJourney, sign: 1 | -1 = 1): void {
    this.journeys += sign;
    this.equality.add(entry.groups, entry.today, entry.scenario, sign);
    this.families.add(entry, sign);
    this.costToday.hours += sign * entry.cost.today.hours;
    this.costToday.cost += sign * entry.cost.today.cost;
    this.costScenario.hours += sign * entry.cost.scenario.hours;
    this.costScenario.cost += sign * entry.cost.scenario.cost;
    if (entry.rerouted) this.rerouted += sign;
    if (entry.keptAtRemovedTeam) this.keptAtRemovedTeam += sign;
    this.handoversDropped += sign * entry.handoversDropped;
    const delta = entry.scenario.handovers - entry.today.handovers;
    if (delta < 0) this.fewerHandovers += sign;
    else if (delta === 0) this.sameHandovers += sign;
    else this.moreHandovers += sign;
    for (const m of MEASURE_NAMES) {
      this.today.get(m)!.add(entry.today[m], sign);
      this.scenario.get(m)!.add(entry.scenario[m], sign);
    }
  }

  result(): ComparisonResult {
    return {
      journeys: this.journeys,
      measures: MEASURE_NAMES.map((m) => compared(m, this.today.get(m)!, this.scenario.get(m)!)),
      journeysWith: { fewerHandovers: this.fewerHandovers, sameHandovers: this.sameHandovers, moreHandovers: this.moreHandovers },
      rerouted: this.rerouted,
      keptAtRemovedTeam: this.keptAtRemovedTeam,
      handoversDropped: this.handoversDropped,
      byGroup: this.equality.result(this.threshold),
      cost: this.costComparison(),
      families: this.families.result(),
    };
  }

  private costComparison(): CostComparison {
    const money = (v: number) => Math.round(v * 100) / 100;
    const today = { hours: money(this.costToday.hours), cost: money(this.costToday.cost) };
    const scenario = { hours: money(this.costScenario.hours), cost: money(this.costScenario.cost) };
    const handovers = this.today.get('handovers')!.sum - this.scenario.get('handovers')!.sum;
    return { today, scenario, saved: { hours: money(today.hours - scenario.hours), cost: money(today.cost - scenario.cost), handovers } };
  }
}

export interface ComparedJourney {
  readonly today: JourneyMeasures;
  readonly scenario: JourneyMeasures;
  readonly rerouted: boolean;
  readonly keptAtRemovedTeam: boolean;
  readonly handoversDropped: number;
  /** The child's group under each characteristic, for the equality impact. */
  readonly groups: Groups;
  /** The families (pseudonymous refs) the journey's child was ever a member of. */
  readonly families: readonly string[];
  /** Distinct lead practitioners and teams of the journey, today and under the scenario. */
  readonly met: { readonly today: JourneyMet; readonly scenario: JourneyMet };
  /** Staff hours and £ of the journey's work under the council's cost model, today and under the scenario. */
  readonly cost: { readonly today: StaffCost; readonly scenario: StaffCost };
}

export interface JourneyMet {
  readonly practitioners: readonly string[];
  readonly teams: readonly string[];
}

export interface StaffCost {
  readonly hours: number;
  readonly cost: number;
}

/** Hours and £ today and under the scenario, and what the redesign saves (positive) or adds (negative), beside the handovers it saves. */
export interface CostComparison {
  readonly today: StaffCost;
  readonly scenario: StaffCost;
  readonly saved: StaffCost & { readonly handovers: number };
}

export interface ComparisonResult {
  readonly journeys: number;
  readonly measures: readonly MeasureComparison[];
  readonly journeysWith: { readonly fewerHandovers: number; readonly sameHandovers: number; readonly moreHandovers: number };
  readonly rerouted: number;
  readonly keptAtRemovedTeam: number;
  readonly handoversDropped: number;
  /** Equality impact: handovers and waiting per journey today and under the scenario, by group of each characteristic (small groups withheld). */
  readonly byGroup: Readonly<Record<Characteristic, readonly GroupImpact[]>>;
  readonly cost: CostComparison;
  /** The same comparison per family: what the family as a whole met, today and under the scenario. */
  readonly families: FamilyComparison;
}

/** Per-family measures of a scenario comparison (docs/replay.md, "One lead practitioner per family"). */
export interface FamilyMeasures {
  /** Distinct lead practitioners over all the family's journeys: how many workers the family met. */
  readonly practitionersMet: number;
  /** Distinct teams that held any of the family's journeys: how many times they told their story. */
  readonly teamsMet: number;
  /** Changes of lead practitioner, summed over the family's journeys. */
  readonly practitionerChanges: number;
  /** Handovers of team, summed over the family's journeys. */
  readonly handovers: number;
}

export const FAMILY_MEASURE_NAMES: readonly (keyof FamilyMeasures)[] = ['practitionersMet', 'teamsMet', 'practitionerChanges', 'handovers'];

export interface FamilyMeasureComparison {
  readonly measure: keyof FamilyMeasures;
  readonly today: MeasureStats;
  readonly scenario: MeasureStats;
  readonly difference: { readonly total: number; readonly mean: number | null; readonly percent: number | null };
}

export interface FamilyComparison {
  /** Families with at least one journey in the comparison. */
  readonly families: number;
  /** Journeys that belong to a family (a journey of a child in two families counts in each). */
  readonly memberJourneys: number;
  readonly measures: readonly FamilyMeasureComparison[];
  readonly familiesWith: { readonly fewerPractitioners: number; readonly samePractitioners: number; readonly morePractitioners: number };
}
