import type { SqlExecutor, SqlValue } from '@journey-ledger/sql';
import { count, rate, stat, Suppression } from '../query/figures';
import { render, renderRows } from '../query/render-rows';
import { statsOf } from '../query/histogram';
import { Dimension, groupedTable, groupRows, MetricsQuery } from '../query/metrics-query';
import type { Report } from '../measures/measures.queries';

export const FGDM_DEFINITIONS = {
  offerRate: 'Referrals whose journey offered a family group conference / referrals accepted in the period.',
  takeUpRate: 'Family group conferences accepted by the family / family group conferences offered, for referrals accepted in the period.',
  heldRate: 'Family group conferences held / family group conferences offered, for referrals accepted in the period.',
  daysReferralToConference: 'Calendar days from the referral to the first family group conference held, per referral with one held.',
} as const;

/** The referral's source, its team and that team's tier. */
export const FGDM_DIMENSIONS: readonly Dimension[] = ['source', 'team', 'tier'];

interface ReferralCell {
  referrals: number;
  withOffer: number;
  offered: number;
  accepted: number;
  declined: number;
  held: number;
  days: number | null;
}

/**
 * FGDM measures over referrals accepted in the period (local dates, `from` inclusive, `to`
 * exclusive), by `period`, the referral's source, its team and that team's tier when asked.
 */
export async function fgdm(db: SqlExecutor, tenantId: string, q: MetricsQuery, s: Suppression): Promise<Report> {
  const params: SqlValue[] = [tenantId];
  const { where, keys, cols } = groupedTable(q, params, {
    measures: 'FGDM measures',
    dimensions: FGDM_DIMENSIONS,
    dayColumn: 'referral_day',
    monthColumn: 'substr(referral_day, 1, 7)',
  });
  const rows = await db.query<Record<string, unknown>>(
    `select ${cols.map((c) => `${c}, `).join('')}days_referral_to_held as days, count(*) as referrals,
            sum(case when offered > 0 then 1 else 0 end) as with_offer, sum(offered) as offered,
            sum(accepted) as accepted, sum(declined) as declined, sum(held) as held
       from fgdm_journeys where tenant_id = $1${where} group by ${[...keys, 'days_referral_to_held'].join(', ')}`,
    params,
  );
  const groups = groupRows(rows, q, (r): ReferralCell => ({
    referrals: Number(r.referrals ?? 0),
    withOffer: Number(r.with_offer ?? 0),
    offered: Number(r.offered ?? 0),
    accepted: Number(r.accepted ?? 0),
    declined: Number(r.declined ?? 0),
    held: Number(r.held ?? 0),
    days: r.days === null || r.days === undefined ? null : Number(r.days),
  }));
  const build = (cells: readonly ReferralCell[]) => {
    const n = (k: Exclude<keyof ReferralCell, 'days'>) => cells.reduce((t, c) => t + c[k], 0);
    const h = new Map<number, number>();
    for (const c of cells) if (c.days !== null) h.set(c.days, (h.get(c.days) ?? 0) + c.referrals);
    const held = statsOf(h);
    const withHeld = count(held.count);
    return {
      referrals: count(n('referrals')),
      offerRate: rate(n('withOffer'), n('referrals'), FGDM_DEFINITIONS.offerRate),
      conferences: { offered: count(n('offered')), accepted: count(n('accepted')), declined: count(n('declined')), held: count(n('held')) },
      takeUpRate: rate(n('accepted'), n('offered'), FGDM_DEFINITIONS.takeUpRate),
      heldRate: rate(n('held'), n('offered'), FGDM_DEFINITIONS.heldRate),
      daysReferralToConference: { referrals: withHeld, mean: stat(held.mean, withHeld), median: stat(held.median, withHeld) },
    };
  };
  return {
    rows:
      q.period !== undefined || q.groupBy.length > 0
        ? renderRows(
            groups.map((g) => ({ key: g.key, figures: build(g.rows) })),
            s,
          )
        : [render(build(groups.flatMap((g) => g.rows)), s)],
    definitions: { ...FGDM_DEFINITIONS },
  };
}
