import type { SqlExecutor, SqlValue } from '@journey-ledger/sql';
import { count, rate, render, stat, Suppression } from '../query/figures';
import { statsOf } from '../query/histogram';
import { MetricsQuery, requireFromAndToOnly } from '../query/metrics-query';
import type { Report } from '../measures/measures.queries';

export const FGDM_DEFINITIONS = {
  offerRate: 'Referrals whose journey offered a family group conference / referrals accepted in the period.',
  takeUpRate: 'Family group conferences accepted by the family / family group conferences offered, for referrals accepted in the period.',
  heldRate: 'Family group conferences held / family group conferences offered, for referrals accepted in the period.',
  daysReferralToConference: 'Calendar days from the referral to the first family group conference held, per referral with one held.',
} as const;

/** FGDM measures over referrals accepted in the period (local dates, `from` inclusive, `to` exclusive). */
export async function fgdm(db: SqlExecutor, tenantId: string, q: MetricsQuery, s: Suppression): Promise<Report> {
  requireFromAndToOnly(q, 'FGDM measures');
  const params: SqlValue[] = [tenantId];
  let where = 'tenant_id = $1';
  if (q.from) where += ` and referral_day >= $${params.push(q.from)}`;
  if (q.to) where += ` and referral_day < $${params.push(q.to)}`;
  const [t] = await db.query<Record<string, number | string | null>>(
    `select count(*) as referrals, sum(case when offered > 0 then 1 else 0 end) as with_offer, sum(offered) as offered,
            sum(accepted) as accepted, sum(declined) as declined, sum(held) as held from fgdm_journeys where ${where}`,
    params,
  );
  const days = await db.query<{ v: number | string; n: number | string }>(
    `select days_referral_to_held as v, count(*) as n from fgdm_journeys where ${where} and days_referral_to_held is not null group by days_referral_to_held`,
    params,
  );
  const h = new Map(days.map((r) => [Number(r.v), Number(r.n)]));
  const held = statsOf(h);
  const withHeld = count(held.count);
  const n = (k: string) => Number(t?.[k] ?? 0);
  const tree = {
    referrals: count(n('referrals')),
    offerRate: rate(n('with_offer'), n('referrals'), FGDM_DEFINITIONS.offerRate),
    conferences: { offered: count(n('offered')), accepted: count(n('accepted')), declined: count(n('declined')), held: count(n('held')) },
    takeUpRate: rate(n('accepted'), n('offered'), FGDM_DEFINITIONS.takeUpRate),
    heldRate: rate(n('held'), n('offered'), FGDM_DEFINITIONS.heldRate),
    daysReferralToConference: {
      referrals: withHeld,
      mean: stat(held.mean, withHeld),
      median: stat(held.median, withHeld),
    },
  };
  return { rows: [render(tree, s)], definitions: { ...FGDM_DEFINITIONS } };
}
