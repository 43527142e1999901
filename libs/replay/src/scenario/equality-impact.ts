import { disabilityGroup } from '@journey-ledger/domain';
import type { JourneyState } from '@journey-ledger/domain';
import { CHARACTERISTICS, NOT_RECORDED, suppressTable } from '@journey-ledger/read-models';
import type { Characteristic } from '@journey-ledger/read-models';

/** The measures a scenario compares by group: the handovers a family meets and how long it waits. */
export const IMPACT_MEASURES = ['handovers', 'frontDoorWorkingDays', 'longestWaitWorkingDays'] as const;
export type ImpactMeasure = (typeof IMPACT_MEASURES)[number];

/** The child's group under each characteristic (not-recorded when none were recorded). */
export type Groups = Readonly<Record<Characteristic, string>>;

export function groupsOf(state: JourneyState): Groups {
  const c = state.characteristics;
  if (c === undefined) return { sex: NOT_RECORDED, ageBand: NOT_RECORDED, ethnicity: NOT_RECORDED, disability: NOT_RECORDED };
  return { sex: c.sex, ageBand: c.ageBand, ethnicity: c.ethnicity, disability: disabilityGroup(c.disabilities) };
}

interface Totals {
  journeys: number;
  today: Record<ImpactMeasure, number>;
  scenario: Record<ImpactMeasure, number>;
}

const zero = (): Record<ImpactMeasure, number> => ({ handovers: 0, frontDoorWorkingDays: 0, longestWaitWorkingDays: 0 });

export interface GroupImpact {
  readonly group: string;
  /** Null when withheld: fewer journeys than the threshold, or withheld so that such a group cannot be worked out from the others. */
  readonly journeys: number | null;
  readonly withheld: boolean;
  /** Per measure: today's and the scenario's mean per journey, and the change in the mean. */
  readonly measures: Readonly<Record<ImpactMeasure, { today: number | null; scenario: number | null; change: number | null }>>;
}

const mean = (sum: number, n: number) => (n === 0 ? null : Math.round((sum / n) * 1000) / 1000);

/**
 * Today vs scenario by group of each characteristic: whether a redesign changes handovers or
 * waiting differently for different groups (the equality impact assessment a council writes).
 * Sums per group are kept as journeys stream past, and can be taken back out like the rest of
 * the scenario's model. A group of fewer journeys than the threshold is withheld, with secondary
 * suppression across the groups of a characteristic, so it cannot be worked out from the total.
 */
export class EqualityImpactModel {
  private readonly totals = new Map<Characteristic, Map<string, Totals>>(CHARACTERISTICS.map((c) => [c, new Map()]));

  add(groups: Groups, today: Readonly<Record<ImpactMeasure, number>>, scenario: Readonly<Record<ImpactMeasure, number>>, sign: 1 | -1): void {
    for (const c of CHARACTERISTICS) {
      const byGroup = this.totals.get(c)!;
      const t = byGroup.get(groups[c]) ?? { journeys: 0, today: zero(), scenario: zero() };
      t.journeys += sign;
      for (const m of IMPACT_MEASURES) {
        t.today[m] += sign * today[m];
        t.scenario[m] += sign * scenario[m];
      }
      if (t.journeys === 0) byGroup.delete(groups[c]);
      else byGroup.set(groups[c], t);
    }
  }

  result(threshold: number): Record<Characteristic, GroupImpact[]> {
    const out = {} as Record<Characteristic, GroupImpact[]>;
    for (const c of CHARACTERISTICS) {
      const entries = [...this.totals.get(c)!.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const marks = suppressTable(
        entries.map(([, t]) => [t.journeys]),
        { threshold },
      ).marks;
      out[c] = entries.map(([group, t], i) => {
        const withheld = marks[i][0] !== 'shown';
        const measures = Object.fromEntries(
          IMPACT_MEASURES.map((m) => {
            const today = withheld ? null : mean(t.today[m], t.journeys);
            const scenario = withheld ? null : mean(t.scenario[m], t.journeys);
            return [m, { today, scenario, change: today === null || scenario === null ? null : Math.round((scenario - today) * 1000) / 1000 }];
          }),
        ) as GroupImpact['measures'];
        return { group, journeys: withheld ? null : t.journeys, withheld, measures };
      });
    }
    return out;
  }
}
