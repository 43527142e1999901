import { AGE_BANDS, DISABILITY_GROUPS, englandAndWalesCalendar, ETHNICITY_CODE_LIST, localDate, SEX_CODE_LIST } from '@journey-ledger/domain';
import type { WorkingCalendar } from '@journey-ledger/domain';
import type { SqlExecutor, SqlValue } from '@journey-ledger/sql';
import type { Report } from '../measures/measures.queries';
import type { Suppression } from '../query/figures';
import type { Histogram } from '../query/histogram';
import { isoInstant as iso, MetricsQueryError, utcWindowAround, withinWindow } from '../query/metrics-query';
import { CountTable, presentTable } from './breakdown-table';

/** Characteristics a measure can be broken down by (`groupBy=`), as the CIN census codes them. */
export const CHARACTERISTICS = ['sex', 'ageBand', 'ethnicity', 'disability'] as const;
export type Characteristic = (typeof CHARACTERISTICS)[number];

/** Special-category data (UK GDPR article 9): only some roles may see a breakdown by these, and each read is logged. */
export const SPECIAL_CATEGORY_CHARACTERISTICS: readonly Characteristic[] = ['ethnicity', 'disability'];

/** The measures that can be broken down by a characteristic. */
export const EQUALITY_MEASURES = ['handovers', 'nfa-rates', 're-referrals', 'timeliness', 'waiting'] as const;
export type EqualityMeasure = (typeof EQUALITY_MEASURES)[number];

/** A journey whose child's characteristics were never recorded. */
export const NOT_RECORDED = 'not-recorded';

const COLUMN: Record<Characteristic, string> = { sex: 'c.sex', ageBand: 'c.age_band', ethnicity: 'c.ethnicity', disability: 'c.disability' };
const ORDER: Record<Characteristic, readonly string[]> = {
  sex: [...SEX_CODE_LIST, NOT_RECORDED],
  ageBand: [...AGE_BANDS, NOT_RECORDED],
  ethnicity: [...ETHNICITY_CODE_LIST, NOT_RECORDED],
  disability: [...DISABILITY_GROUPS, NOT_RECORDED],
};

export interface EqualityQuery {
  /** Local dates in the council's time zone: `from` inclusive, `to` exclusive. */
  readonly from?: string;
  readonly to?: string;
  readonly groupBy: Characteristic;
  readonly timeZone: string;
}

const DAY_MS = 86_400_000;
/** Working Together 2023: a statutory assessment within 45 working days. */
const ASSESSMENT_WORKING_DAYS = 45;

/**
 * Rows of a per-journey fact table with the journey's characteristic beside them (not-recorded
 * when none), only those whose `at` column can fall in the period: the caller still checks the
 * local date exactly (`inPeriod`), on the column it names here.
 */
async function factsWithGroup(
  db: SqlExecutor,
  tenantId: string,
  q: EqualityQuery,
  fact: { readonly select: string; readonly from: string; readonly at: string; readonly where?: string },
): Promise<Record<string, unknown>[]> {
  const params: SqlValue[] = [tenantId];
  const window = withinWindow(fact.at, utcWindowAround(q), params);
  return db.query<Record<string, unknown>>(
    `select ${fact.select}, coalesce(${COLUMN[q.groupBy]}, '${NOT_RECORDED}') as grp from ${fact.from}
       left join journey_characteristics c on c.tenant_id = f.tenant_id and c.journey_id = f.journey_id
      where f.tenant_id = $1${fact.where ?? ''}${window}`,
    params,
  );
}

const inPeriod = (q: EqualityQuery, at: unknown) => {
  if (at === null || at === undefined) return false;
  const day = localDate(iso(at), q.timeZone);
  return (q.from === undefined || day >= q.from) && (q.to === undefined || day < q.to);
};

class Tally {
  readonly counts = new Map<string, number[]>();
  readonly values = new Map<string, Histogram>();
  constructor(private readonly columns: readonly string[]) {}
  add(group: string, column: string): void {
    const row = this.counts.get(group) ?? this.columns.map(() => 0);
    row[this.columns.indexOf(column)] += 1;
    this.counts.set(group, row);
  }
  value(group: string, v: number): void {
    const h = this.values.get(group) ?? new Map<number, number>();
    h.set(v, (h.get(v) ?? 0) + 1);
    this.values.set(group, h);
  }
}

/** Journeys by handovers per journey (0–5+), anchored on the journey's start, as GET /metrics/handovers. */
async function handoverTables(db: SqlExecutor, tenantId: string, q: EqualityQuery): Promise<CountTable[]> {
  const columns = ['0', '1', '2', '3', '4', '5+'];
  const t = new Tally(columns);
  const rows = await factsWithGroup(db, tenantId, q, {
    select: 'f.started_at, f.handovers',
    from: 'journey_summary f',
    at: 'f.started_at',
    where: ` and f.status <> 'withdrawn'`,
  });
  for (const r of rows) {
    if (!inPeriod(q, r.started_at)) continue;
    const n = Number(r.handovers);
    t.add(String(r.grp), n >= 5 ? '5+' : String(n));
    t.value(String(r.grp), n);
  }
  return [
    {
      table: 'journeys-by-handovers',
      definition: 'Journeys started in the period by their number of handovers between teams (0 to 5 or more); mean and median handovers per journey',
      columns,
      counts: t.counts,
      statistics: { name: 'handoversPerJourney', values: t.values },
    },
  ];
}

/** Contact decisions (NFA rate at contact) and referral outcomes (NFA at referral), as GET /metrics/nfa-rates. */
async function nfaTables(db: SqlExecutor, tenantId: string, q: EqualityQuery): Promise<CountTable[]> {
  const decisions = ['nfa', 'advice-signposting', 'early-help', 'referral'];
  const contacts = new Tally(decisions);
  for (const r of await factsWithGroup(db, tenantId, q, {
    select: 'f.received_at, f.outcome',
    from: 'journey_contacts f',
    at: 'f.received_at',
    where: ' and f.outcome is not null',
  })) {
    if (inPeriod(q, r.received_at)) contacts.add(String(r.grp), String(r.outcome));
  }
  const outcomes = ['referral-nfa', 'assessed-not-in-need', 'other'];
  const referrals = new Tally(outcomes);
  for (const r of await factsWithGroup(db, tenantId, q, {
    select: 'f.accepted_at, f.referral_nfa, f.assessed_not_in_need',
    from: 'journey_referrals f',
    at: 'f.accepted_at',
  })) {
    if (!inPeriod(q, r.accepted_at)) continue;
    referrals.add(String(r.grp), Number(r.referral_nfa) === 1 ? 'referral-nfa' : Number(r.assessed_not_in_need) === 1 ? 'assessed-not-in-need' : 'other');
  }
  return [
    {
      table: 'contact-decisions',
      definition: 'Contacts received in the period and decided, by decision; contactNfaRate = NFA / contacts decided',
      columns: decisions,
      counts: contacts.counts,
      rates: [{ name: 'contactNfaRate', numerator: ['nfa'] }],
    },
    {
      table: 'referral-outcomes',
      definition:
        'Referrals accepted in the period: closed NFA without assessment (CIN ReferralNFA), assessed not to be in need, or other; referralNfaRate = referral NFA / referrals',
      columns: outcomes,
      counts: referrals.counts,
      rates: [
        { name: 'referralNfaRate', numerator: ['referral-nfa'] },
        { name: 'assessedNotInNeedRate', numerator: ['assessed-not-in-need'] },
      ],
    },
  ];
}

/** Referrals that are re-referrals within 12 months of a previous one (CIN census), as GET /metrics/re-referrals. */
async function reReferralTables(db: SqlExecutor, tenantId: string, q: EqualityQuery): Promise<CountTable[]> {
  const columns = ['re-referral', 'first-in-12-months'];
  const t = new Tally(columns);
  for (const r of await factsWithGroup(db, tenantId, q, { select: 'f.accepted_at, f.re_referral', from: 'analytics_referrals f', at: 'f.accepted_at' })) {
    if (inPeriod(q, r.accepted_at)) t.add(String(r.grp), Number(r.re_referral) === 1 ? 're-referral' : 'first-in-12-months');
  }
  return [
    {
      table: 'referrals-by-re-referral',
      definition:
        'Referrals accepted in the period that followed another referral of the same child within 12 months; reReferralRate = re-referrals / referrals',
      columns,
      counts: t.counts,
      rates: [{ name: 'reReferralRate', numerator: ['re-referral'] }],
    },
  ];
}

/** Contacts decided within one working day; statutory assessments completed within 45 working days, as GET /metrics/timeliness. */
async function timelinessTables(db: SqlExecutor, tenantId: string, q: EqualityQuery, calendar: WorkingCalendar): Promise<CountTable[]> {
  const contactColumns = ['within-1-working-day', 'later'];
  const contacts = new Tally(contactColumns);
  for (const r of await factsWithGroup(db, tenantId, q, {
    select: 'f.received_at, f.decided_at',
    from: 'journey_contacts f',
    at: 'f.received_at',
    where: ' and f.decided_at is not null',
  })) {
    if (!inPeriod(q, r.received_at)) continue;
    const days = calendar.workingDaysBetween(iso(r.received_at), iso(r.decided_at), q.timeZone);
    contacts.add(String(r.grp), days <= 1 ? 'within-1-working-day' : 'later');
  }
  const assessmentColumns = ['within-45-working-days', 'later'];
  const assessments = new Tally(assessmentColumns);
  const done = await factsWithGroup(db, tenantId, q, {
    select: 'f.started_at, f.completed_at',
    from: 'journey_assessments f',
    at: 'f.completed_at',
    where: ` and f.kind <> 'early-help' and f.completed_at is not null`,
  });
  for (const r of done) {
    if (!inPeriod(q, r.completed_at)) continue;
    const days = calendar.workingDaysBetween(iso(r.started_at), iso(r.completed_at), q.timeZone);
    assessments.add(String(r.grp), days <= ASSESSMENT_WORKING_DAYS ? 'within-45-working-days' : 'later');
  }
  return [
    {
      table: 'contacts-by-timeliness',
      definition: 'Contacts received in the period and decided: within one working day of receipt, or later',
      columns: contactColumns,
      counts: contacts.counts,
      rates: [{ name: 'withinOneWorkingDayRate', numerator: ['within-1-working-day'] }],
    },
    {
      table: 'assessments-by-timeliness',
      definition: 'Statutory assessments (single, section 47) completed in the period: within 45 working days of their start, or later',
      columns: assessmentColumns,
      counts: assessments.counts,
      rates: [{ name: 'within45WorkingDaysRate', numerator: ['within-45-working-days'] }],
    },
  ];
}

/** Journeys by whether help has started, and the days from first contact to first help, as GET /metrics/waiting. */
async function waitingTables(db: SqlExecutor, tenantId: string, q: EqualityQuery): Promise<CountTable[]> {
  const columns = ['helped', 'ended-without-help', 'open-without-help'];
  const t = new Tally(columns);
  const rows = await factsWithGroup(db, tenantId, q, {
    select: 'f.started_at, f.first_help_at, f.status, k.first_contact_at',
    // One pass over the contacts, not one look-up per journey.
    from: `journey_summary f left join (select journey_id, min(received_at) as first_contact_at from journey_contacts where tenant_id = $1 group by journey_id) k
       on k.journey_id = f.journey_id`,
    at: 'f.started_at',
    where: ` and f.status <> 'withdrawn'`,
  });
  for (const r of rows) {
    if (!inPeriod(q, r.started_at)) continue;
    const group = String(r.grp);
    if (r.first_help_at === null || r.first_help_at === undefined) {
      t.add(group, r.status === 'closed' ? 'ended-without-help' : 'open-without-help');
      continue;
    }
    t.add(group, 'helped');
    if (r.first_contact_at !== null && r.first_contact_at !== undefined)
      t.value(group, Math.max(0, Math.floor((Date.parse(iso(r.first_help_at)) - Date.parse(iso(r.first_contact_at))) / DAY_MS)));
  }
  return [
    {
      table: 'journeys-by-help',
      definition:
        'Journeys started in the period: helped (an assessment or plan started), ended without help, or open without help yet; days from first contact to first help',
      columns,
      counts: t.counts,
      statistics: { name: 'daysToFirstHelp', values: t.values },
    },
  ];
}

/** The tables of one measure, by characteristic, before any suppression (the scenario comparison reuses them). */
export async function equalityTables(
  db: SqlExecutor,
  tenantId: string,
  measure: EqualityMeasure,
  q: EqualityQuery,
  calendar: WorkingCalendar = englandAndWalesCalendar(),
): Promise<CountTable[]> {
  switch (measure) {
    case 'handovers':
      return handoverTables(db, tenantId, q);
    case 'nfa-rates':
      return nfaTables(db, tenantId, q);
    case 're-referrals':
      return reReferralTables(db, tenantId, q);
    case 'timeliness':
      return timelinessTables(db, tenantId, q, calendar);
    case 'waiting':
      return waitingTables(db, tenantId, q);
  }
}

export const characteristicOrder = (c: Characteristic): readonly string[] => ORDER[c];

/**
 * A measure broken down by one characteristic of the child, from the per-journey read models joined
 * to `journey_characteristics` at query time. Small cells are withheld with secondary suppression;
 * a special-category breakdown (ethnicity, disability) is withheld so whoever asks.
 */
export async function equalityBreakdown(db: SqlExecutor, tenantId: string, measure: EqualityMeasure, q: EqualityQuery, s: Suppression): Promise<Report> {
  if (!(EQUALITY_MEASURES as readonly string[]).includes(measure)) throw new MetricsQueryError(`${measure} cannot be broken down by a characteristic`);
  const tables = await equalityTables(db, tenantId, measure, q);
  const alwaysSuppress = SPECIAL_CATEGORY_CHARACTERISTICS.includes(q.groupBy);
  const rows: Record<string, unknown>[] = [];
  const definitions: Record<string, string> = {};
  for (const t of tables) {
    const presented = presentTable(t, { groupName: q.groupBy, order: ORDER[q.groupBy], suppression: s, alwaysSuppress });
    rows.push(...presented.rows.map((r) => ({ ...r, suppressed: presented.suppressed })));
    definitions[t.table] = t.definition;
  }
  return { rows, definitions };
}
