import type { SqlExecutor, SqlValue } from '@journey-ledger/sql';
import { count, rate, Suppression } from '../query/figures';
import { renderRows } from '../query/render-rows';
import { Dimension, groupedTable, groupRows, MetricsQuery } from '../query/metrics-query';
import type { Report } from '../measures/measures.queries';

/** The referral table carries the referral's own dimensions only. */
export const RE_REFERRAL_DIMENSIONS: readonly Dimension[] = ['source', 'team', 'tier', 'area'];

export const RE_REFERRAL_DEFINITION =
  'CIN census re-referral: a referral accepted within 12 months (same local date a year earlier counts) of a previous referral of the same child reference, in any journey / all referrals accepted in the period.';

export async function reReferrals(db: SqlExecutor, tenantId: string, q: MetricsQuery, s: Suppression): Promise<Report> {
  const params: SqlValue[] = [tenantId];
  const {
    where,
    keys: groupCols,
    cols,
  } = groupedTable(q, params, {
    measures: 're-referrals',
    dimensions: RE_REFERRAL_DIMENSIONS,
    dayColumn: 'day',
    monthColumn: 'month',
  });
  const rows = await db.query<Record<string, unknown>>(
    `select ${[...cols, 'count(*) as referrals', 'sum(re_referral) as re_referrals'].join(', ')}
       from analytics_referrals where tenant_id = $1${where}${groupCols.length ? ` group by ${groupCols.join(', ')}` : ''}`,
    params,
  );
  const groups = groupRows(rows, q, (r) => ({ referrals: Number(r.referrals ?? 0), reReferrals: Number(r.re_referrals ?? 0) }));
  const build = (list: { referrals: number; reReferrals: number }[]) => {
    const referrals = list.reduce((t, x) => t + x.referrals, 0);
    const re = list.reduce((t, x) => t + x.reReferrals, 0);
    const all = count(referrals);
    return { referrals: all, reReferrals: rate(re, all, RE_REFERRAL_DEFINITION) };
  };
  const grouped = q.period !== undefined || q.groupBy.length > 0;
  return {
    rows: renderRows(grouped ? groups.map((g) => ({ key: g.key, figures: build(g.rows) })) : [{ key: {}, figures: build(groups.flatMap((g) => g.rows)) }], s),
    definitions: { reReferrals: RE_REFERRAL_DEFINITION },
  };
}
