import { journeyIdOfStream, localDate } from '@journey-ledger/domain';
import type { EntryRecordedInError, ReferralAccepted } from '@journey-ledger/domain';
import type { RecordedEvent } from '@journey-ledger/event-store';
import type { SqlDialect, SqlExecutor } from '@journey-ledger/sql';
import type { Projection, TenantLookup } from '../runner/projection';
import { UNKNOWN } from '../measures/contributions';
import { reReferralsSchema } from './re-referrals.schema';

/** The local date 12 calendar months before a `YYYY-MM-DD` date (29 Feb falls back to 28 Feb). */
export function twelveMonthsBefore(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  const lastDay = new Date(Date.UTC(y - 1, m, 0)).getUTCDate();
  return `${y - 1}-${String(m).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

/**
 * Keeps `analytics_referrals` from ReferralAccepted events and their withdrawals only (a journey
 * has at most one referral, and withdrawals unwind from the latest entry, so nothing else can
 * change a referral). After each batch the re-referral flags of every child touched are worked
 * out again, because a back-dated referral or a withdrawal can change a later referral's flag.
 */
export class ReReferralsProjection implements Projection {
  readonly name = 'analytics-re-referrals';
  readonly version = 1;

  constructor(private readonly tenants: TenantLookup) {}

  schema(dialect: SqlDialect): string {
    return reReferralsSchema(dialect);
  }

  async reset(tx: SqlExecutor): Promise<void> {
    await tx.execute('delete from analytics_referrals');
  }

  async apply(events: readonly RecordedEvent[], tx: SqlExecutor): Promise<void> {
    const children = new Map<string, Set<string>>();
    const touch = (tenantId: string, child: string) => {
      const set = children.get(tenantId) ?? new Set<string>();
      set.add(child);
      children.set(tenantId, set);
    };
    for (const e of events) {
      if (!e.streamId.startsWith('journey-')) continue;
      const journeyId = journeyIdOfStream(e.streamId);
      if (e.type === 'ReferralAccepted') {
        const d = e.data as ReferralAccepted['data'];
        const tenant = this.tenants(e.tenantId);
        const tz = tenant?.timeZone ?? 'Europe/London';
        const team = tenant?.teams.find((t) => t.id === d.team);
        const at = (e.metadata as { occurredAt: string }).occurredAt;
        const day = localDate(at, tz);
        await tx.execute('delete from analytics_referrals where tenant_id = $1 and journey_id = $2', [e.tenantId, journeyId]);
        await tx.execute(
          `insert into analytics_referrals (tenant_id, journey_id, referral_id, child_ref, accepted_at, day, month, source, team, tier, area, re_referral)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 0)`,
          [e.tenantId, journeyId, d.referralId, d.childRef, at, day, day.slice(0, 7), d.source, d.team, team?.tier ?? UNKNOWN, team?.area ?? UNKNOWN],
        );
        touch(e.tenantId, d.childRef);
      } else if (e.type === 'EntryRecordedInError' && (e.data as EntryRecordedInError['data']).withdrawnType === 'ReferralAccepted') {
        const gone = await tx.query<{ child_ref: string }>('select child_ref from analytics_referrals where tenant_id = $1 and journey_id = $2', [
          e.tenantId,
          journeyId,
        ]);
        await tx.execute('delete from analytics_referrals where tenant_id = $1 and journey_id = $2', [e.tenantId, journeyId]);
        for (const g of gone) touch(e.tenantId, g.child_ref);
      }
    }
    for (const [tenantId, refs] of children) for (const child of refs) await this.reflag(tx, tenantId, child);
  }

  /** CIN census: a referral within 12 months of a previous referral of the same child. */
  private async reflag(tx: SqlExecutor, tenantId: string, child: string): Promise<void> {
    const rows = await tx.query<{ journey_id: string; day: string; accepted_at: string; re_referral: number; previous_referral_journey_id: string | null }>(
      `select journey_id, day, accepted_at, re_referral, previous_referral_journey_id from analytics_referrals
        where tenant_id = $1 and child_ref = $2 order by accepted_at, journey_id`,
      [tenantId, child],
    );
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      const previous = i > 0 ? rows[i - 1] : undefined;
      const flag = previous !== undefined && previous.day >= twelveMonthsBefore(r.day) ? 1 : 0;
      const prevId = flag ? previous!.journey_id : null;
      if (Number(r.re_referral) !== flag || r.previous_referral_journey_id !== prevId) {
        await tx.execute('update analytics_referrals set re_referral = $1, previous_referral_journey_id = $2 where tenant_id = $3 and journey_id = $4', [
          flag,
          prevId,
          tenantId,
          r.journey_id,
        ]);
      }
    }
  }
}
