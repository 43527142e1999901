import type { SqlExecutor, SqlValue } from '@journey-ledger/sql';
import { DateRange, rangeClause } from './date-range';

/** A rate with what it counts: the denominator is always shown beside the rate (DOMAIN.md). */
export interface Rate {
  readonly numerator: number;
  readonly denominator: number;
  /** numerator / denominator, rounded to 4 places; null when the denominator is 0. */
  readonly rate: number | null;
  readonly definition: string;
}

export const rateOf = (numerator: number, denominator: number, definition: string): Rate => ({
  numerator,
  denominator,
  rate: denominator === 0 ? null : Math.round((numerator / denominator) * 10000) / 10000,
  definition,
});

const n = (v: unknown) => Number(v ?? 0);

export interface HandoverMetrics {
  readonly journeys: number;
  readonly closedJourneys: number;
  readonly handovers: number;
  readonly handoversPerJourney: number | null;
  readonly maxHandovers: number;
  readonly handoversBeforeHelp: number;
  readonly handoversBeforeHelpPerJourney: number | null;
  /** Journeys by their handover count: "0" … "4", "5+". */
  readonly distribution: Record<string, number>;
  readonly definition: string;
}

/** Handovers per child journey, over journeys that started in the range (withdrawn journeys never count). */
export async function handoverMetrics(db: SqlExecutor, tenantId: string, range: DateRange): Promise<HandoverMetrics> {
  const params: SqlValue[] = [tenantId];
  const where = `tenant_id = $1 and status <> 'withdrawn'${rangeClause('started_at', range, params)}`;
  const [totals] = await db.query(
    `select count(*) as journeys, sum(case when status = 'closed' then 1 else 0 end) as closed, coalesce(sum(handovers), 0) as handovers,
            coalesce(max(handovers), 0) as max_handovers, coalesce(sum(handovers_before_help), 0) as before_help
       from journey_summary where ${where}`,
    params,
  );
  const buckets = await db.query<{ bucket: number; journeys: number }>(
    `select case when handovers >= 5 then 5 else handovers end as bucket, count(*) as journeys from journey_summary where ${where} group by 1 order by 1`,
    params,
  );
  const distribution: Record<string, number> = { '0': 0, '1': 0, '2': 0, '3': 0, '4': 0, '5+': 0 };
  for (const b of buckets) distribution[n(b.bucket) >= 5 ? '5+' : String(n(b.bucket))] = n(b.journeys);
  const journeys = n(totals.journeys);
  const round = (v: number) => (journeys === 0 ? null : Math.round((v / journeys) * 1000) / 1000);
  return {
    journeys,
    closedJourneys: n(totals.closed),
    handovers: n(totals.handovers),
    handoversPerJourney: round(n(totals.handovers)),
    maxHandovers: n(totals.max_handovers),
    handoversBeforeHelp: n(totals.before_help),
    handoversBeforeHelpPerJourney: round(n(totals.before_help)),
    distribution,
    definition:
      'Handovers: changes of the team holding the journey (CaseHandedOver, SteppedDown, SteppedUp), from first contact to closure, for journeys whose first event falls in the range. Handovers before help: those before the first assessment or plan started.',
  };
}

export interface NfaRates {
  readonly contact: Rate & { readonly adviceSignposting: number };
  readonly referral: Rate;
  readonly assessedNotInNeedPerReferral: Rate;
  readonly assessedNotInNeedPerAssessedReferral: Rate;
}

/** NFA at contact, referral and assessment level, each with its own denominator and definition. */
export async function nfaRates(db: SqlExecutor, tenantId: string, range: DateRange): Promise<NfaRates> {
  const cp: SqlValue[] = [tenantId];
  const [contacts] = await db.query(
    `select sum(case when outcome is not null then 1 else 0 end) as decided, sum(case when outcome = 'nfa' then 1 else 0 end) as nfa,
            sum(case when outcome = 'advice-signposting' then 1 else 0 end) as advice
       from journey_contacts where tenant_id = $1${rangeClause('received_at', range, cp)}`,
    cp,
  );
  const rp: SqlValue[] = [tenantId];
  const [referrals] = await db.query(
    `select count(*) as referrals, coalesce(sum(referral_nfa), 0) as nfa, coalesce(sum(assessed), 0) as assessed,
            coalesce(sum(assessed_not_in_need), 0) as not_in_need
       from journey_referrals where tenant_id = $1${rangeClause('accepted_at', range, rp)}`,
    rp,
  );
  return {
    contact: {
      ...rateOf(n(contacts.nfa), n(contacts.decided), 'Contacts decided "nfa" / contacts decided, by date received. Advice and signposting is counted beside it, not in it.'),
      adviceSignposting: n(contacts.advice),
    },
    referral: rateOf(
      n(referrals.nfa),
      n(referrals.referrals),
      'CIN census ReferralNFA (N00112): referrals closed with no further action and no statutory assessment / all referrals accepted in the range.',
    ),
    assessedNotInNeedPerReferral: rateOf(
      n(referrals.not_in_need),
      n(referrals.referrals),
      'DfE table C1: referrals whose assessment found the child not in need (NFA or step-down to early help, RC8/RC9) / all referrals.',
    ),
    assessedNotInNeedPerAssessedReferral: rateOf(
      n(referrals.not_in_need),
      n(referrals.assessed),
      'As councils quote it: referrals assessed not in need / referrals that had a statutory assessment.',
    ),
  };
}
