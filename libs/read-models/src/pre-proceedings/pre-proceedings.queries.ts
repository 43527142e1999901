import { PRE_PROCEEDINGS_OUTCOME_CODES } from '@journey-ledger/domain';
import type { SqlExecutor, SqlValue } from '@journey-ledger/sql';
import { breakdown, count, rate, stat, Suppression } from '../query/figures';
import { render, renderRows } from '../query/render-rows';
import { statsOf } from '../query/histogram';
import { Dimension, groupedTable, groupRows, MetricsQuery } from '../query/metrics-query';
import type { Report } from '../measures/measures.queries';

export const PRE_PROCEEDINGS_DEFINITIONS = {
  decidedRate: 'Pre-proceedings episodes with a step decision / episodes started in the period.',
  fgdmOfferedBeforeDecisionRate:
    'Pre-proceedings episodes whose journey offered a family group conference before the step decision (or, undecided, so far) / episodes started in the period.',
  daysStartToStepDecision: 'Calendar days from the start of pre-proceedings to the step decision, per episode decided.',
  outcomes: 'Step decisions by outcome (CIN census PPOutcome; provisional codes), for episodes started in the period.',
} as const;

/** The episode table carries the team that started it (and its tier). */
export const PRE_PROCEEDINGS_DIMENSIONS: readonly Dimension[] = ['team', 'tier'];

interface EpisodeCell {
  started: number;
  letters: number;
  meetings: number;
  decided: number;
  fgdmOffered: number;
  outcome: string | null;
  days: number | null;
}

/**
 * Pre-proceedings measures over episodes started in the period (local dates, `from` inclusive,
 * `to` exclusive), by period, team and tier when asked. Cells are counted per outcome and
 * days-to-decision value, so each group's median comes from its own distribution.
 */
export async function preProceedings(db: SqlExecutor, tenantId: string, q: MetricsQuery, s: Suppression): Promise<Report> {
  const params: SqlValue[] = [tenantId];
  const { where, keys, cols } = groupedTable(q, params, {
    measures: 'pre-proceedings measures',
    dimensions: PRE_PROCEEDINGS_DIMENSIONS,
    dayColumn: 'started_day',
    monthColumn: 'started_month',
  });
  const rows = await db.query<Record<string, unknown>>(
    `select ${[...cols, 'outcome', 'days_start_to_decision as days'].join(', ')}, count(*) as started, sum(letter_sent) as letters,
            sum(meeting_held) as meetings, sum(case when decided_at is null then 0 else 1 end) as decided,
            sum(fgdm_offered_before_decision) as fgdm_offered
       from pre_proceedings_episodes where tenant_id = $1${where}
      group by ${[...keys, 'outcome', 'days_start_to_decision'].join(', ')}`,
    params,
  );
  const groups = groupRows(rows, q, (r): EpisodeCell => ({
    started: Number(r.started ?? 0),
    letters: Number(r.letters ?? 0),
    meetings: Number(r.meetings ?? 0),
    decided: Number(r.decided ?? 0),
    fgdmOffered: Number(r.fgdm_offered ?? 0),
    outcome: r.outcome === null || r.outcome === undefined ? null : String(r.outcome),
    days: r.days === null || r.days === undefined ? null : Number(r.days),
  }));
  const build = (cells: readonly EpisodeCell[]) => {
    const sum = (k: 'started' | 'letters' | 'meetings' | 'decided' | 'fgdmOffered') => cells.reduce((t, c) => t + c[k], 0);
    const days = new Map<number, number>();
    const outcomes = new Map<string, number>();
    for (const c of cells) {
      if (c.days !== null) days.set(c.days, (days.get(c.days) ?? 0) + c.decided);
      if (c.outcome !== null) outcomes.set(c.outcome, (outcomes.get(c.outcome) ?? 0) + c.started);
    }
    const decided = statsOf(days);
    const withDecision = count(decided.count);
    return {
      started: count(sum('started')),
      letterBeforeProceedingsSent: count(sum('letters')),
      meetingsHeld: count(sum('meetings')),
      decidedRate: rate(sum('decided'), sum('started'), PRE_PROCEEDINGS_DEFINITIONS.decidedRate),
      // The outcomes add up to the decisions: withheld together, so a small one cannot be worked out from the rest.
      outcomes: breakdown(count(sum('decided')), Object.fromEntries(PRE_PROCEEDINGS_OUTCOME_CODES.map((code) => [code, count(outcomes.get(code) ?? 0)]))),
      daysStartToStepDecision: { episodes: withDecision, mean: stat(decided.mean, withDecision), median: stat(decided.median, withDecision) },
      fgdmOfferedBeforeDecisionRate: rate(sum('fgdmOffered'), sum('started'), PRE_PROCEEDINGS_DEFINITIONS.fgdmOfferedBeforeDecisionRate),
    };
  };
  const grouped = q.period !== undefined || q.groupBy.length > 0;
  return {
    rows: grouped
      ? renderRows(
          groups.map((g) => ({ key: g.key, figures: build(g.rows) })),
          s,
        )
      : [render(build(groups.flatMap((g) => g.rows)), s)],
    definitions: { ...PRE_PROCEEDINGS_DEFINITIONS },
  };
}
