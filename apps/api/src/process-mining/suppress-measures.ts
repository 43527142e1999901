import type { HandoverMeasures, Stats } from '@journey-ledger/process-mining';
import { suppressCells } from '@journey-ledger/read-models';

const small = (n: number, threshold: number) => n > 0 && n < threshold;

function suppressStats(s: Stats, threshold: number): Stats & { suppressed?: boolean } {
  // The buckets add up to the journeys shown beside them: one withheld bucket takes another with it (docs/definitions.md).
  const buckets = Object.entries(s.distribution);
  const counts = buckets.map(([, n]) => n);
  const { marks } = suppressCells(counts, [counts.map((_, i) => i)], { threshold });
  const suppressed = marks.some((m) => m !== 'shown');
  const distribution: Record<string, number | null> = {};
  buckets.forEach(([k, n], i) => (distribution[k] = marks[i] === 'shown' ? n : null));
  // A maximum names one journey: withheld with the small counts.
  return { ...s, max: suppressed ? null : s.max, distribution: distribution as Record<string, number>, ...(suppressed ? { suppressed } : {}) };
}

/** Counts of 1 to threshold − 1 withheld, for callers who see aggregates only (as the metrics do). */
export function suppressMeasures(m: HandoverMeasures, threshold: number): HandoverMeasures {
  return {
    ...m,
    handovers: suppressStats(m.handovers, threshold),
    teamsTouched: suppressStats(m.teamsTouched, threshold),
    handoversBeforeActivity:
      m.handoversBeforeActivity === null ? null : { ...m.handoversBeforeActivity, ...suppressStats(m.handoversBeforeActivity, threshold) },
    flowMatrix: m.flowMatrix.map((c) =>
      small(c.handovers, threshold)
        ? { ...c, handovers: null as unknown as number, share: c.share === undefined ? undefined : (null as unknown as number) }
        : c,
    ),
    paths: m.paths.map((p) => (small(p.journeys, threshold) ? { ...p, journeys: null as unknown as number } : p)),
    waitingPerHolder: m.waitingPerHolder.map((w) =>
      small(w.journeys, threshold)
        ? { ...w, journeys: null as unknown as number, days: null as unknown as Stats }
        : { ...w, days: suppressStats(w.days, threshold) },
    ),
  };
}
