import { localDate } from '@journey-ledger/domain';
import type { JourneyState } from '@journey-ledger/domain';
import type { SqlExecutor, SqlValue } from '@journey-ledger/sql';
import { breakdown, count, stat, Suppression } from '../query/figures';
import { render, renderRows } from '../query/render-rows';
import type { FigureRow } from '../query/figures';
import { buckets0to5, statsOf } from '../query/histogram';
import type { Histogram } from '../query/histogram';
import { MetricsQueryError, periodLabel, utcWindowAround } from '../query/metrics-query';
import type { Dimension, MetricsQuery, Period } from '../query/metrics-query';
import type { UtcWindow } from '../query/metrics-query';
import type { Report } from '../measures/measures.queries';

export const FAMILY_DEFINITIONS = {
  families:
    'Families with a member journey in the period: a journey open while its child was a member of the family (membership ∩ journey from its first entry to its closure), on a local date in the period.',
  journeysOpenAtOnce: 'The most member journeys of the family open at the same instant in the period, per family.',
  teamsMet: 'Distinct teams that held a member journey while it was the family’s, in the period, per family ("how many times did they tell their story").',
  practitionersMet: 'Distinct lead practitioners of a member journey while it was the family’s, in the period, per family.',
  moreThanOneServiceAtOnce: 'Families with two member journeys held at the same instant by different teams in the period / families.',
} as const;

interface Interval {
  readonly from: number;
  readonly to: number;
}
type MemberRow = {
  journey_id: string;
  family_ref: string;
  child_ref: string | null;
  joined_at: string | Date;
  left_at: string | Date | null;
  journey_started_at: string | Date | null;
  journey_closed_at: string | Date | null;
};
type SpellRow = {
  journey_id: string;
  kind: string;
  ref: string;
  started_at: string | Date;
  ended_at: string | Date | null;
};

const ms = (v: string | Date | null | undefined, otherwise: number) => (v === null || v === undefined ? otherwise : new Date(v).getTime());
const iso = (v: string | Date) => new Date(v).toISOString();
const clip = (a: Interval, b: Interval): Interval | undefined => {
  const from = Math.max(a.from, b.from);
  const to = Math.min(a.to, b.to);
  return from <= to ? { from, to } : undefined;
};

/** One family as the measures and the timeline see it. */
export interface FamilyTimeline {
  readonly familyRef: string;
  readonly journeys: readonly {
    readonly journeyId: string;
    readonly childRef: string | null;
    readonly member: { readonly from: string; readonly to: string | null };
    readonly startedAt: string | null;
    readonly closedAt: string | null;
    readonly teams: readonly { readonly team: string; readonly from: string; readonly to: string | null }[];
    readonly practitioners: readonly { readonly practitionerRef: string; readonly from: string; readonly to: string | null }[];
  }[];
}

type FamilyTimelineJourney = FamilyTimeline['journeys'][number];

/**
 * A journey's rows of a family's timeline from its folded state (one per membership of that
 * family), as the projection writes them: for a timeline as known at an earlier time, folded from
 * the journey's entries known then. Pure.
 */
export function familyJourneysOf(familyRef: string, journeyId: string, s: JourneyState): FamilyTimelineJourney[] {
  if (s.status === 'withdrawn') return [];
  return s.families
    .filter((f) => f.familyRef === familyRef)
    .map((f) => ({
      journeyId,
      childRef: s.childRef ?? null,
      member: { from: f.from, to: f.to ?? null },
      startedAt: s.startedAt ?? null,
      closedAt: s.closedAt ?? null,
      teams: s.holders.map((h) => ({ team: h.team, from: h.from, to: h.to ?? null })),
      practitioners: s.practitioners.map((p) => ({ practitionerRef: p.practitionerRef, from: p.from, to: p.to ?? null })),
    }));
}

/** The timeline's order: by when the child joined, then journey. */
export const byJoining = (a: FamilyTimelineJourney, b: FamilyTimelineJourney) =>
  a.member.from < b.member.from ? -1 : a.member.from > b.member.from ? 1 : a.journeyId < b.journeyId ? -1 : a.journeyId > b.journeyId ? 1 : 0;

async function familyRows(db: SqlExecutor, tenantId: string, only: { familyRef?: string; window?: UtcWindow }) {
  // The same conditions select the memberships and, through them, their spells.
  const params: SqlValue[] = [tenantId];
  let where = 'm.tenant_id = $1';
  if (only.familyRef !== undefined) where += ` and m.family_ref = $${params.push(only.familyRef)}`;
  if (only.window?.to !== undefined) {
    const to = params.push(only.window.to);
    where += ` and m.joined_at < $${to} and m.journey_started_at < $${to}`;
  }
  if (only.window?.from !== undefined) {
    const from = params.push(only.window.from);
    where += ` and (m.left_at is null or m.left_at >= $${from}) and (m.journey_closed_at is null or m.journey_closed_at >= $${from})`;
  }
  const members = await db.query<MemberRow>(
    `select m.journey_id, m.family_ref, m.child_ref, m.joined_at, m.left_at, m.journey_started_at, m.journey_closed_at from family_members m
      where ${where} order by m.family_ref, m.joined_at, m.journey_id, m.seq`,
    params,
  );
  const spells = await db.query<SpellRow>(
    `select s.journey_id, s.kind, s.ref, s.started_at, s.ended_at from family_spells s
      where s.tenant_id = $1 and s.journey_id in (select m.journey_id from family_members m where ${where})
      order by s.journey_id, s.seq`,
    params,
  );
  const byJourney = new Map<string, SpellRow[]>();
  for (const s of spells) {
    const list = byJourney.get(s.journey_id);
    if (list) list.push(s);
    else byJourney.set(s.journey_id, [s]);
  }
  return { members, spellsOf: (journeyId: string) => byJourney.get(journeyId) ?? [] };
}

/** A family's journeys side by side: each membership with the journey's teams and lead practitioners. Undefined when the council has no such family. */
export async function familyTimeline(db: SqlExecutor, tenantId: string, familyRef: string): Promise<FamilyTimeline | undefined> {
  const { members, spellsOf } = await familyRows(db, tenantId, { familyRef });
  if (members.length === 0) return undefined;
  return {
    familyRef,
    journeys: members.map((m) => ({
      journeyId: m.journey_id,
      childRef: m.child_ref,
      member: { from: iso(m.joined_at), to: m.left_at === null ? null : iso(m.left_at) },
      startedAt: m.journey_started_at === null ? null : iso(m.journey_started_at),
      closedAt: m.journey_closed_at === null ? null : iso(m.journey_closed_at),
      teams: spellsOf(m.journey_id)
        .filter((s) => s.kind === 'team')
        .map((s) => ({ team: s.ref, from: iso(s.started_at), to: s.ended_at === null ? null : iso(s.ended_at) })),
      practitioners: spellsOf(m.journey_id)
        .filter((s) => s.kind === 'practitioner')
        .map((s) => ({ practitionerRef: s.ref, from: iso(s.started_at), to: s.ended_at === null ? null : iso(s.ended_at) })),
    })),
  };
}

/** The most distinct journeys whose intervals cover one instant (ends inclusive). */
function mostAtOnce(intervals: readonly { readonly journeyId: string; readonly at: Interval }[]): number {
  let most = 0;
  for (const a of intervals) {
    const covering = new Set(intervals.filter((b) => b.at.from <= a.at.from && a.at.from <= b.at.to).map((b) => b.journeyId));
    most = Math.max(most, covering.size);
  }
  return most;
}

const add = (h: Histogram, v: number) => h.set(v, (h.get(v) ?? 0) + 1);
const distribution = (h: Histogram, families: ReturnType<typeof count>) => {
  const st = statsOf(h);
  return {
    mean: stat(st.mean, families),
    median: stat(st.median, families),
    histogram: breakdown(families, Object.fromEntries(Object.entries(buckets0to5(h)).map(([k, n]) => [k, count(n)]))),
  };
};

/** What the family measures may be grouped and filtered by: the team that held a member journey and its tier. */
export const FAMILY_DIMENSIONS: readonly Dimension[] = ['team', 'tier'];

/** Local dates, `from` inclusive, `to` exclusive; either may be open. */
interface LocalPeriod {
  readonly from?: string;
  readonly to?: string;
}

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** The periods (`day` … `financial-year`) that cover [from, to), each cut to the range. */
function periodsOf(from: string, to: string, period: Period): { label: string; from: string; to: string }[] {
  const out: { label: string; from: string; to: string }[] = [];
  for (let day = from; day < to; day = nextDay(day)) {
    const label = periodLabel(day, period);
    const last = out[out.length - 1];
    if (last !== undefined && last.label === label) last.to = nextDay(day);
    else out.push({ label, from: day, to: nextDay(day) });
  }
  return out;
}

/** An interval with the local dates of its ends (`to` null while open), worked out once per query. */
interface Dated {
  readonly at: Interval;
  readonly fromDay: string;
  readonly toDay: string | null;
}
interface PreparedMember extends Dated {
  readonly journeyId: string;
  readonly spells: readonly (Dated & { readonly kind: string; readonly ref: string })[];
}
interface PreparedFamily extends Dated {
  readonly members: readonly PreparedMember[];
}

/**
 * Each family's memberships clipped to their journeys and their spells clipped to the membership,
 * with local dates: the same for every period and group of a query, so worked out once (a local
 * date costs a time-zone conversion; a daily breakdown of a year asks each one 365 times).
 */
function prepareFamilies(
  byFamily: ReadonlyMap<string, readonly MemberRow[]>,
  spellsOf: (journeyId: string) => readonly SpellRow[],
  timeZone: string,
): PreparedFamily[] {
  const days = new Map<number, string>();
  const dayOf = (t: number) => {
    let d = days.get(t);
    if (d === undefined) days.set(t, (d = localDate(new Date(t).toISOString(), timeZone)));
    return d;
  };
  const dated = (at: Interval): Dated => ({ at, fromDay: dayOf(at.from), toDay: at.to === Number.MAX_SAFE_INTEGER ? null : dayOf(at.to) });
  const out: PreparedFamily[] = [];
  for (const list of byFamily.values()) {
    const members: PreparedMember[] = [];
    for (const m of list) {
      if (m.journey_started_at === null) continue;
      const member = clip(
        { from: ms(m.joined_at, 0), to: ms(m.left_at, Number.MAX_SAFE_INTEGER) },
        { from: ms(m.journey_started_at, 0), to: ms(m.journey_closed_at, Number.MAX_SAFE_INTEGER) },
      );
      if (member === undefined) continue;
      const spells = spellsOf(m.journey_id).flatMap((sp) => {
        const at = clip(member, { from: ms(sp.started_at, 0), to: ms(sp.ended_at, Number.MAX_SAFE_INTEGER) });
        return at === undefined ? [] : [{ ...dated(at), kind: sp.kind, ref: sp.ref }];
      });
      members.push({ ...dated(member), journeyId: m.journey_id, spells });
    }
    if (members.length === 0) continue;
    const from = Math.min(...members.map((m) => m.at.from));
    const to = Math.max(...members.map((m) => m.at.to));
    out.push({ ...dated({ from, to }), members });
  }
  return out;
}

/**
 * The measures over one period for one group. `held` keeps the teams of the group: when given, a
 * member journey counts only while a team of the group held it (its teams, its practitioners
 * whose spell overlaps those holdings, and those holdings for "open at once").
 */
function measureFamilies(prepared: readonly PreparedFamily[], period: LocalPeriod, held?: (team: string) => boolean) {
  const inPeriod = (d: Dated) =>
    (period.to === undefined || d.fromDay < period.to) && (period.from === undefined || d.toDay === null || d.toDay >= period.from);
  const atOnce: Histogram = new Map();
  const teams: Histogram = new Map();
  const practitioners: Histogram = new Map();
  let moreThanOneService = 0;
  let n = 0;
  for (const family of prepared) {
    if (!inPeriod(family)) continue;
    const open: { journeyId: string; at: Interval }[] = [];
    const heldSpells: { journeyId: string; team: string; at: Interval }[] = [];
    const teamsMet = new Set<string>();
    const practitionersMet = new Set<string>();
    for (const m of family.members) {
      if (!inPeriod(m)) continue;
      const teamSpells = m.spells.filter((sp) => sp.kind === 'team' && inPeriod(sp) && (held === undefined || held(sp.ref)));
      if (held === undefined) open.push({ journeyId: m.journeyId, at: m.at });
      for (const sp of teamSpells) {
        teamsMet.add(sp.ref);
        heldSpells.push({ journeyId: m.journeyId, team: sp.ref, at: sp.at });
        if (held !== undefined) open.push({ journeyId: m.journeyId, at: sp.at });
      }
      for (const sp of m.spells) {
        if (sp.kind !== 'practitioner' || !inPeriod(sp)) continue;
        // Within a group, a practitioner counts who was lead while a team of the group held the journey.
        if (held === undefined || teamSpells.some((t) => t.at.from < sp.at.to && sp.at.from < t.at.to)) practitionersMet.add(sp.ref);
      }
    }
    if (open.length === 0) continue;
    n++;
    add(atOnce, mostAtOnce(open));
    add(teams, teamsMet.size);
    add(practitioners, practitionersMet.size);
    // Two journeys held by different teams at one instant: two services at once (a spell ending as another starts does not count).
    if (heldSpells.some((a) => heldSpells.some((b) => a.journeyId !== b.journeyId && a.team !== b.team && a.at.from < b.at.to && b.at.from < a.at.to)))
      moreThanOneService++;
  }
  const familiesCount = count(n);
  return {
    families: familiesCount,
    journeysOpenAtOnce: {
      ...distribution(atOnce, familiesCount),
      familiesWithMoreThanOne: count([...atOnce].filter(([v]) => v > 1).reduce((t, [, c]) => t + c, 0)),
    },
    teamsMet: distribution(teams, familiesCount),
    practitionersMet: distribution(practitioners, familiesCount),
    moreThanOneServiceAtOnce: { families: count(moreThanOneService), share: stat(n === 0 ? null : moreThanOneService / n, count(moreThanOneService)) },
  };
}

/**
 * Family measures over the period (local dates, `from` inclusive, `to` exclusive; the time zone
 * the tenant's). Computed at query time from the memberships that can touch the period (the
 * database selects them): a council has thousands of families, not millions.
 *
 * By `period`, each period is measured on its own (a family counts in every period it had a
 * member journey in). By `team` or `tier` (and filtered by them), each group is the families'
 * record while a team of the group held a member journey: a family counts in every group it met,
 * so groups do not add up to the total. `tierOf` is the council's team map.
 */
export async function families(
  db: SqlExecutor,
  tenantId: string,
  q: MetricsQuery,
  s: Suppression,
  timeZone = 'Europe/London',
  tierOf: (team: string) => string | undefined = () => undefined,
): Promise<Report> {
  for (const d of q.groupBy)
    if (!FAMILY_DIMENSIONS.includes(d)) throw new MetricsQueryError(`family measures cannot be grouped by ${d}; use one of: ${FAMILY_DIMENSIONS.join(', ')}`);
  for (const [d, values] of Object.entries(q.filters))
    if (values !== undefined && values.length > 0 && !FAMILY_DIMENSIONS.includes(d as Dimension))
      throw new MetricsQueryError(`family measures cannot be filtered by ${d}; use one of: ${FAMILY_DIMENSIONS.join(', ')}`);
  const { members, spellsOf } = await familyRows(db, tenantId, { window: utcWindowAround(q) });
  const byFamily = new Map<string, MemberRow[]>();
  for (const m of members) {
    const list = byFamily.get(m.family_ref);
    if (list) list.push(m);
    else byFamily.set(m.family_ref, [m]);
  }
  const prepared = prepareFamilies(byFamily, spellsOf, timeZone);
  const valueOf = (d: Dimension, team: string) => (d === 'tier' ? (tierOf(team) ?? '(no tier)') : team);
  const passes = (team: string) =>
    FAMILY_DIMENSIONS.every((d) => {
      const values = q.filters[d];
      return values === undefined || values.length === 0 || values.includes(valueOf(d, team));
    });
  const filtered = FAMILY_DIMENSIONS.some((d) => (q.filters[d]?.length ?? 0) > 0);
  if (q.period === undefined && q.groupBy.length === 0) {
    return { rows: [render(measureFamilies(prepared, q, filtered ? passes : undefined), s)], definitions: { ...FAMILY_DEFINITIONS } };
  }

  // The groups: each combination of the dimensions asked that a held team of a member journey has.
  const combos = new Map<string, Record<string, string>>();
  const memberJourneys = new Set(members.map((m) => m.journey_id));
  for (const journeyId of memberJourneys)
    for (const sp of spellsOf(journeyId)) {
      if (sp.kind !== 'team' || !passes(sp.ref)) continue;
      const key = Object.fromEntries(q.groupBy.map((d) => [d, valueOf(d, sp.ref)]));
      combos.set(JSON.stringify(key), key);
    }
  if (q.groupBy.length === 0) combos.set('{}', {});
  const periods =
    q.period === undefined
      ? [{ label: undefined, from: q.from, to: q.to }]
      : periodsOf(q.from ?? earliestDay(members, timeZone), q.to ?? dayAfterLatest(members, spellsOf, timeZone), q.period);
  const rows: FigureRow[] = [];
  for (const p of periods)
    for (const key of [...combos.values()].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))) {
      const held = q.groupBy.length === 0 && !filtered ? undefined : (team: string) => passes(team) && q.groupBy.every((d) => valueOf(d, team) === key[d]);
      const figures = measureFamilies(prepared, p, held);
      if (figures.families.n === 0) continue;
      rows.push({ key: { ...(p.label !== undefined ? { period: p.label } : {}), ...key }, figures });
    }
  return { rows: renderRows(rows, s), definitions: { ...FAMILY_DEFINITIONS } };
}

/** The first local date a membership of the council starts on (a period grouping with no `from`). */
function earliestDay(members: readonly MemberRow[], timeZone: string): string {
  const first = Math.min(...members.map((m) => Math.max(ms(m.joined_at, 0), ms(m.journey_started_at, 0))));
  return Number.isFinite(first) ? localDate(new Date(first).toISOString(), timeZone) : '1970-01-01';
}

/** The day after the last recorded instant of the council's families (a period grouping with no `to`). */
function dayAfterLatest(members: readonly MemberRow[], spellsOf: (journeyId: string) => readonly SpellRow[], timeZone: string): string {
  let last = 0;
  for (const m of members) {
    for (const v of [m.joined_at, m.left_at, m.journey_started_at, m.journey_closed_at]) last = Math.max(last, ms(v, 0));
    for (const sp of spellsOf(m.journey_id)) last = Math.max(last, ms(sp.started_at, 0), ms(sp.ended_at, 0));
  }
  return last === 0 ? '1970-01-01' : nextDay(localDate(new Date(last).toISOString(), timeZone));
}
