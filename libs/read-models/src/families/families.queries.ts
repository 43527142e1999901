import { localDate } from '@journey-ledger/domain';
import type { SqlExecutor, SqlValue } from '@journey-ledger/sql';
import { breakdown, count, render, stat, Suppression } from '../query/figures';
import { buckets0to5, statsOf } from '../query/histogram';
import type { Histogram } from '../query/histogram';
import { MetricsQuery, requireFromAndToOnly, utcWindowAround } from '../query/metrics-query';
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

/** The most intervals covering one instant (ends inclusive). */
function mostAtOnce(intervals: readonly Interval[]): number {
  let most = 0;
  for (const a of intervals) most = Math.max(most, intervals.filter((b) => b.from <= a.from && a.from <= b.to).length);
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

/**
 * Family measures over the period (local dates, `from` inclusive, `to` exclusive; the time zone
 * the tenant's). Computed at query time from the memberships that can touch the period (the
 * database selects them): a council has thousands of families, not millions.
 */
export async function families(db: SqlExecutor, tenantId: string, q: MetricsQuery, s: Suppression, timeZone = 'Europe/London'): Promise<Report> {
  requireFromAndToOnly(q, 'family measures');
  const { members, spellsOf } = await familyRows(db, tenantId, { window: utcWindowAround(q) });
  const inPeriod = (i: Interval) =>
    (q.to === undefined || localDate(new Date(i.from).toISOString(), timeZone) < q.to) &&
    (q.from === undefined || i.to === Number.MAX_SAFE_INTEGER || localDate(new Date(i.to).toISOString(), timeZone) >= q.from);
  const byFamily = new Map<string, MemberRow[]>();
  for (const m of members) {
    const list = byFamily.get(m.family_ref);
    if (list) list.push(m);
    else byFamily.set(m.family_ref, [m]);
  }
  const atOnce: Histogram = new Map();
  const teams: Histogram = new Map();
  const practitioners: Histogram = new Map();
  let moreThanOneService = 0;
  let n = 0;
  for (const list of byFamily.values()) {
    const open: Interval[] = [];
    const held: { journeyId: string; team: string; at: Interval }[] = [];
    const teamsMet = new Set<string>();
    const practitionersMet = new Set<string>();
    for (const m of list) {
      if (m.journey_started_at === null) continue;
      const member = clip(
        { from: ms(m.joined_at, 0), to: ms(m.left_at, Number.MAX_SAFE_INTEGER) },
        { from: ms(m.journey_started_at, 0), to: ms(m.journey_closed_at, Number.MAX_SAFE_INTEGER) },
      );
      if (member === undefined || !inPeriod(member)) continue;
      open.push(member);
      for (const sp of spellsOf(m.journey_id)) {
        const at = clip(member, { from: ms(sp.started_at, 0), to: ms(sp.ended_at, Number.MAX_SAFE_INTEGER) });
        if (at === undefined || !inPeriod(at)) continue;
        if (sp.kind === 'team') {
          teamsMet.add(sp.ref);
          held.push({ journeyId: m.journey_id, team: sp.ref, at });
        } else practitionersMet.add(sp.ref);
      }
    }
    if (open.length === 0) continue;
    n++;
    add(atOnce, mostAtOnce(open));
    add(teams, teamsMet.size);
    add(practitioners, practitionersMet.size);
    // Two journeys held by different teams at one instant: two services at once (a spell ending as another starts does not count).
    if (held.some((a) => held.some((b) => a.journeyId !== b.journeyId && a.team !== b.team && a.at.from < b.at.to && b.at.from < a.at.to)))
      moreThanOneService++;
  }
  const familiesCount = count(n);
  const tree = {
    families: familiesCount,
    journeysOpenAtOnce: {
      ...distribution(atOnce, familiesCount),
      familiesWithMoreThanOne: count([...atOnce].filter(([v]) => v > 1).reduce((t, [, c]) => t + c, 0)),
    },
    teamsMet: distribution(teams, familiesCount),
    practitionersMet: distribution(practitioners, familiesCount),
    moreThanOneServiceAtOnce: { families: count(moreThanOneService), share: stat(n === 0 ? null : moreThanOneService / n, count(moreThanOneService)) },
  };
  return { rows: [render(tree, s)], definitions: { ...FAMILY_DEFINITIONS } };
}
