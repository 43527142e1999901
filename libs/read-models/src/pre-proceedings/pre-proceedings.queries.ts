import { PRE_PROCEEDINGS_OUTCOME_CODES } from '@journey-ledger/domain';
import type { SqlExecutor, SqlValue } from '@journey-ledger/sql';
import { count, rate, render, stat, Suppression } from '../query/figures';
import { statsOf } from '../query/histogram';
import { MetricsQuery, requireFromAndToOnly } from '../query/metrics-query';
import type { Report } from '../measures/measures.queries';

export const PRE_PROCEEDINGS_DEFINITIONS = {
  decidedRate: 'Pre-proceedings episodes with a step decision / episodes started in the period.',
  fgdmOfferedBeforeDecisionRate:
    'Pre-proceedings episodes whose journey offered a family group conference before the step decision (or, undecided, so far) / episodes started in the period.',
  daysStartToStepDecision: 'Calendar days from the start of pre-proceedings to the step decision, per episode decided.',
  outcomes: 'Step decisions by outcome (CIN census PPOutcome; provisional codes), for episodes started in the period.',
} as const;

/** Pre-proceedings measures over episodes started in the period (local dates, `from` inclusive, `to` exclusive). */
export async function preProceedings(db: SqlExecutor, tenantId: string, q: MetricsQuery, s: Suppression): Promise<Report> {
  requireFromAndToOnly(q, 'pre-proceedings measures');
  const params: SqlValue[] = [tenantId];
  let where = 'tenant_id = $1';
  if (q.from) where += ` and started_day >= $${params.push(q.from)}`;
  if (q.to) where += ` and started_day < $${params.push(q.to)}`;
  const [t] = await db.query<Record<string, number | string | null>>(
    `select count(*) as started, sum(letter_sent) as letters, sum(meeting_held) as meetings,
            sum(case when decided_at is null then 0 else 1 end) as decided, sum(fgdm_offered_before_decision) as fgdm_offered
       from pre_proceedings_episodes where ${where}`,
    params,
  );
  const byOutcome = await db.query<{ outcome: string; n: number | string }>(
    `select outcome, count(*) as n from pre_proceedings_episodes where ${where} and outcome is not null group by outcome`,
    params,
  );
  const days = await db.query<{ v: number | string; n: number | string }>(
    `select days_start_to_decision as v, count(*) as n from pre_proceedings_episodes where ${where} and days_start_to_decision is not null group by days_start_to_decision`,
    params,
  );
  const decided = statsOf(new Map(days.map((r) => [Number(r.v), Number(r.n)])));
  const withDecision = count(decided.count);
  const n = (k: string) => Number(t?.[k] ?? 0);
  const outcomes = new Map(byOutcome.map((r) => [r.outcome, Number(r.n)]));
  return {
    rows: [
      render(
        {
          started: count(n('started')),
          letterBeforeProceedingsSent: count(n('letters')),
          meetingsHeld: count(n('meetings')),
          decidedRate: rate(n('decided'), n('started'), PRE_PROCEEDINGS_DEFINITIONS.decidedRate),
          outcomes: Object.fromEntries(PRE_PROCEEDINGS_OUTCOME_CODES.map((code) => [code, count(outcomes.get(code) ?? 0)])),
          daysStartToStepDecision: { episodes: withDecision, mean: stat(decided.mean, withDecision), median: stat(decided.median, withDecision) },
          fgdmOfferedBeforeDecisionRate: rate(n('fgdm_offered'), n('started'), PRE_PROCEEDINGS_DEFINITIONS.fgdmOfferedBeforeDecisionRate),
        },
        s,
      ),
    ],
    definitions: { ...PRE_PROCEEDINGS_DEFINITIONS },
  };
}
