/** A family's journeys as `GET /families/:familyRef` gives them. */
export interface FamilyTimeline {
  readonly familyRef: string;
  readonly journeys: readonly FamilyJourney[];
}

export interface FamilyJourney {
  readonly journeyId: string;
  readonly childRef: string | null;
  readonly member: { readonly from: string; readonly to: string | null };
  readonly startedAt: string | null;
  readonly closedAt: string | null;
  readonly teams: readonly { readonly team: string; readonly from: string; readonly to: string | null }[];
  readonly practitioners: readonly { readonly practitionerRef: string; readonly from: string; readonly to: string | null }[];
}

export type FamilyStepKind = 'joined' | 'started' | 'team' | 'practitioner' | 'closed' | 'left';

/** One dated change in the family's record: what the step-through moves between. */
export interface FamilyStep {
  /** 1-based. */
  readonly step: number;
  readonly at: string;
  /** Index of the journey in the timeline's order (the page's lanes). */
  readonly journey: number;
  readonly kind: FamilyStepKind;
  /** The team or the practitioner, for `team` and `practitioner` steps. */
  readonly ref?: string;
}

// At one instant a journey starts before its child joins, a team takes it before its practitioner, and it closes last.
const KIND_ORDER: Record<FamilyStepKind, number> = { started: 0, joined: 1, team: 2, practitioner: 3, closed: 4, left: 5 };

/** Every dated change of every journey, in time order (journeys in the timeline's order break ties). */
export function familySteps(t: FamilyTimeline): FamilyStep[] {
  const raw: Omit<FamilyStep, 'step'>[] = [];
  t.journeys.forEach((j, journey) => {
    if (j.startedAt !== null) raw.push({ at: j.startedAt, journey, kind: 'started' });
    raw.push({ at: j.member.from, journey, kind: 'joined' });
    for (const s of j.teams) raw.push({ at: s.from, journey, kind: 'team', ref: s.team });
    for (const p of j.practitioners) raw.push({ at: p.from, journey, kind: 'practitioner', ref: p.practitionerRef });
    if (j.closedAt !== null) raw.push({ at: j.closedAt, journey, kind: 'closed' });
    if (j.member.to !== null) raw.push({ at: j.member.to, journey, kind: 'left' });
  });
  raw.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.journey - b.journey || KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
  return raw.map((s, i) => ({ ...s, step: i + 1 }));
}

const t = (iso: string | null) => (iso === null ? Number.POSITIVE_INFINITY : Date.parse(iso));
const within = (at: number, from: string, to: string | null) => Date.parse(from) <= at && at < t(to);

/** Each journey and the family as a whole, as they stood at one instant. */
export interface FamilyAt {
  readonly journeys: readonly {
    readonly journeyId: string;
    /** Open (started, not yet closed) while the child was a member of the family. */
    readonly open: boolean;
    readonly team?: string;
    readonly practitioner?: string;
  }[];
  /** Distinct teams that had held a member journey by then. */
  readonly teamsMet: readonly string[];
  /** Distinct lead practitioners of member journeys by then. */
  readonly practitionersMet: readonly string[];
  readonly openNow: number;
  /** The most member journeys open at once up to then. */
  readonly mostAtOnce: number;
}

/**
 * The family at `at` (an ISO instant): what each journey was doing, and what the family had met so
 * far. Counted as the family measures count them (`docs/definitions.md`): a journey belongs to the
 * family while its child is a member; a team or practitioner counts once, whichever child met them.
 */
export function familyAt(timeline: FamilyTimeline, at: string): FamilyAt {
  const now = Date.parse(at);
  const openAt = (j: FamilyJourney, instant: number) =>
    j.startedAt !== null && within(instant, j.startedAt, j.closedAt) && within(instant, j.member.from, j.member.to);
  const memberFrom = (j: FamilyJourney) => Math.max(Date.parse(j.member.from), j.startedAt === null ? Number.POSITIVE_INFINITY : Date.parse(j.startedAt));
  const teamsMet = new Set<string>();
  const practitionersMet = new Set<string>();
  for (const j of timeline.journeys) {
    // Spells begun by then that overlap the membership.
    const counts = (s: { from: string; to: string | null }) => Date.parse(s.from) <= now && t(s.to) >= memberFrom(j) && Date.parse(s.from) < t(j.member.to);
    for (const s of j.teams) if (counts(s)) teamsMet.add(s.team);
    for (const p of j.practitioners) if (counts(p)) practitionersMet.add(p.practitionerRef);
  }
  // The most at once happens at some journey's start of membership.
  const instants = timeline.journeys.map(memberFrom).filter((x) => x <= now);
  const mostAtOnce = Math.max(0, ...instants.map((i) => timeline.journeys.filter((j) => openAt(j, i)).length));
  const journeys = timeline.journeys.map((j) => ({
    journeyId: j.journeyId,
    open: openAt(j, now),
    team: j.teams.find((s) => within(now, s.from, s.to))?.team,
    practitioner: j.practitioners.find((p) => within(now, p.from, p.to))?.practitionerRef,
  }));
  return {
    journeys,
    teamsMet: [...teamsMet],
    practitionersMet: [...practitionersMet],
    openNow: journeys.filter((j) => j.open).length,
    mostAtOnce,
  };
}

/** Where on a lane of `width` pixels an instant falls, between the family's first and last dates. */
export function familyScale(timeline: FamilyTimeline, width: number): { x: (iso: string | null) => number; from: number; to: number } {
  const dates = timeline.journeys.flatMap((j) => [
    j.member.from,
    j.startedAt,
    j.closedAt,
    j.member.to,
    ...j.teams.flatMap((s) => [s.from, s.to]),
    ...j.practitioners.flatMap((p) => [p.from, p.to]),
  ]);
  const times = dates.filter((d): d is string => d !== null).map((d) => Date.parse(d));
  const from = Math.min(...times);
  // Open spells run a day past the last date recorded.
  const to = Math.max(...times) + 86_400_000;
  const span = Math.max(to - from, 1);
  return { from, to, x: (iso) => Math.round(((Math.min(iso === null ? to : Date.parse(iso), to) - from) / span) * width) };
}
