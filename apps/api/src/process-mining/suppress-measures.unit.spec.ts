import type { HandoverMeasures, Stats } from '@journey-ledger/process-mining';
import { suppressMeasures } from './suppress-measures';

const stats = (distribution: Record<string, number>): Stats => ({ total: 0, mean: null, median: null, p90: null, max: 4, distribution });

describe('process-mining measures for a caller who sees aggregates only', () => {
  it('withholds a small bucket and the next-smallest beside it, so the journeys shown do not give it away', () => {
    // Given 60 journeys by handovers 0: 34, 1: 4, 2: 11, 3: 11, when suppressed at 5,
    const m = { journeys: 60, handovers: stats({ '0': 34, '1': 4, '2': 11, '3': 11 }), teamsTouched: stats({ '1': 60 }) } as unknown as HandoverMeasures;
    const out = suppressMeasures({ ...m, handoversBeforeActivity: null, flowMatrix: [], paths: [], waitingPerHolder: [] }, 5);
    // then the 4 and one 11 are withheld (60 − 34 − 11 would give the 4 back), and the maximum with them.
    expect(out.handovers).toMatchObject({ distribution: { '0': 34, '1': null, '2': null, '3': 11 }, max: null, suppressed: true });
    expect(out.teamsTouched).toMatchObject({ distribution: { '1': 60 }, max: 4 });
  });
});
