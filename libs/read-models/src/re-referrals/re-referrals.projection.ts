import { isJourneyStream, journeyIdOfStream, localDate } from '@journey-ledger/domain';
import type { EntryRecordedInError, ReferralAccepted, ReferralRecord } from '@journey-ledger/domain';
import type { RecordedEvent } from '@journey-ledger/event-store';
import type { SqlDialect, SqlExecutor, SqlValue } from '@journey-ledger/sql';
import type { JourneyRebuilder, Projection, TenantLookup } from '../runner/projection';
import { deleteJourneys, insertRows } from '../runner/insert-rows';
import { UNKNOWN } from '../measures/contributions';
import { reReferralsSchema } from './re-referrals.schema';

const COLUMNS = [
  'tenant_id',
  'journey_id',
  'referral_id',
  'child_ref',
  'accepted_at',
  'day',
  'month',
  'source',
  'team',
  'tier',
  'area',
  're_referral',
] as const;

const CHILD_REF = COLUMNS.indexOf('child_ref');

/** Replaces the rows of journeys: those of `replaced` go, then `rows` are written (new journeys need no delete). */
async function replaceRows(tx: SqlExecutor, replaced: readonly { tenantId: string; journeyId: string }[], rows: readonly SqlValue[][]): Promise<void> {
  await deleteJourneys(tx, 'analytics_referrals', replaced);
  await insertRows(tx, 'analytics_referrals', COLUMNS, rows);
}

/** Children per statement when flags are worked out again for the children a batch touched. */
const CHILDREN_PER_STATEMENT = 500;

/**
 * The local date 12 calendar months before `day` (`YYYY-MM-DD`), in SQL: the same date a year
 * earlier, except 29 February, which falls back to 28 February (every other month has the same
 * length each year).
 */
const TWELVE_MONTHS_BEFORE_DAY = `case when substr(day, 6) = '02-29'
  then cast(cast(substr(day, 1, 4) as integer) - 1 as text) || '-02-28'
  else cast(cast(substr(day, 1, 4) as integer) - 1 as text) || substr(day, 5) end`;

/**
 * CIN census: a referral is a re-referral when the same child's referral before it (by acceptance
 * time, then journey id) was accepted on or after the local date 12 calendar months earlier. One
 * statement, for the rebuild (every child) and the live path (the children a batch touched), so
 * the rule is written once. Only rows whose flag changes are written.
 */
function reflagStatement(scope: string): string {
  return `update analytics_referrals set re_referral = f.flag, previous_referral_journey_id = f.previous
  from (select tenant_id, journey_id,
               case when previous_day >= boundary then 1 else 0 end as flag,
               case when previous_day >= boundary then previous_journey_id end as previous
          from (select tenant_id, journey_id, ${TWELVE_MONTHS_BEFORE_DAY} as boundary,
                       lag(day) over w as previous_day, lag(journey_id) over w as previous_journey_id
                  from analytics_referrals where ${scope}
                window w as (partition by tenant_id, child_ref order by accepted_at, journey_id)) candidates) f
 where analytics_referrals.tenant_id = f.tenant_id and analytics_referrals.journey_id = f.journey_id
   and (analytics_referrals.re_referral <> f.flag
        or coalesce(analytics_referrals.previous_referral_journey_id, '') <> coalesce(f.previous, ''))`;
}

/**
 * Keeps `analytics_referrals` from ReferralAccepted events and their withdrawals only (a journey
 * has at most one referral, and withdrawals unwind from the latest entry, so nothing else can
 * change a referral). After each batch the re-referral flags of every child touched are worked
 * out again, because a back-dated referral or a withdrawal can change a later referral's flag.
 * A rebuild writes each journey's standing referral from its folded state and works out every
 * flag once at the end.
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

  /**
   * Each journey's referral as the batch leaves it (accepted, or withdrawn: no row), its row replaced
   * once for the batch; then the flags of the children touched.
   */
  async apply(events: readonly RecordedEvent[], tx: SqlExecutor): Promise<void> {
    const standing = new Map<string, { tenantId: string; journeyId: string; row: SqlValue[] | undefined }>();
    const children = new Map<string, Set<string>>();
    const touch = (tenantId: string, child: string) => {
      const set = children.get(tenantId) ?? new Set<string>();
      set.add(child);
      children.set(tenantId, set);
    };
    for (const e of events) {
      if (!isJourneyStream(e.streamId)) continue;
      const journeyId = journeyIdOfStream(e.streamId);
      const key = `${e.tenantId}\u0000${journeyId}`;
      if (e.type === 'ReferralAccepted') {
        const d = e.data as ReferralAccepted['data'];
        const acceptedAt = (e.metadata as { occurredAt: string }).occurredAt;
        standing.set(key, { tenantId: e.tenantId, journeyId, row: this.rowOf(e.tenantId, journeyId, d.childRef, { ...d, acceptedAt }) });
        touch(e.tenantId, d.childRef);
      } else if (e.type === 'EntryRecordedInError' && (e.data as EntryRecordedInError['data']).withdrawnType === 'ReferralAccepted') {
        // A journey is one child's: the child of a referral written earlier in this batch, else of the stored row.
        const pending = standing.get(key)?.row;
        if (pending !== undefined) touch(e.tenantId, pending[CHILD_REF] as string);
        else {
          const gone = await tx.query<{ child_ref: string }>('select child_ref from analytics_referrals where tenant_id = $1 and journey_id = $2', [
            e.tenantId,
            journeyId,
          ]);
          for (const g of gone) touch(e.tenantId, g.child_ref);
        }
        standing.set(key, { tenantId: e.tenantId, journeyId, row: undefined });
      }
    }
    const replaced = [...standing.values()];
    await replaceRows(
      tx,
      replaced,
      replaced.flatMap((r) => (r.row === undefined ? [] : [r.row])),
    );
    for (const [tenantId, refs] of children) {
      const list = [...refs];
      for (let i = 0; i < list.length; i += CHILDREN_PER_STATEMENT) {
        const chunk = list.slice(i, i + CHILDREN_PER_STATEMENT);
        await tx.execute(reflagStatement(`tenant_id = $1 and child_ref in (${chunk.map((_, k) => `$${k + 2}`).join(', ')})`), [tenantId, ...chunk]);
      }
    }
  }

  /**
   * Each journey's standing referral as its folded state has it, written unflagged (a journey met
   * again, when the log is read by position, has its row replaced); the flags once at the end.
   */
  rebuilder(): JourneyRebuilder {
    return {
      add: async (changes, tx) => {
        const rows: SqlValue[][] = [];
        for (const c of changes) {
          const referral = c.after.referral;
          if (referral !== undefined && c.after.childRef !== undefined) rows.push(this.rowOf(c.tenantId, c.journeyId, c.after.childRef, referral));
        }
        await replaceRows(
          tx,
          changes.filter((c) => c.events[0].revision > 0),
          rows,
        );
      },
      finish: async (tx) => {
        await tx.execute(reflagStatement('true'));
      },
    };
  }

  private rowOf(tenantId: string, journeyId: string, childRef: string, r: Omit<ReferralRecord, 'primaryNeedCode'>): SqlValue[] {
    const tenant = this.tenants(tenantId);
    const team = tenant?.teams.find((t) => t.id === r.team);
    const day = localDate(r.acceptedAt, tenant?.timeZone ?? 'Europe/London');
    return [tenantId, journeyId, r.referralId, childRef, r.acceptedAt, day, day.slice(0, 7), r.source, r.team, team?.tier ?? UNKNOWN, team?.area ?? UNKNOWN, 0];
  }
}
