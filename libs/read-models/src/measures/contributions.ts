import { HANDOVER_EVENT_TYPES, localDate } from '@journey-ledger/domain';
import type { JourneyState, TenantConfig, WorkingCalendar } from '@journey-ledger/domain';
import { isAssessedNotInNeed, isReferralNfa, journeyOutcome, statutoryAssessments } from '@journey-ledger/domain';

/**
 * One cell of the measures cube: a count `n` of things (journeys, contacts, referrals,
 * assessments, handovers…) that share every dimension, a `measure`, a `detail` (e.g. a contact's
 * decision, a handover's receiving team) and an integer `value` (e.g. a journey's handover
 * count). Integer values make every percentile an exact look-up in a histogram.
 */
export interface CubeCell {
  /** Local date (tenant time zone) of the moment the measure is anchored on. */
  readonly day: string;
  readonly measure: Measure;
  readonly source: string;
  readonly team: string;
  readonly tier: string;
  readonly area: string;
  readonly levelOfNeed: string;
  readonly outcome: string;
  readonly detail: string;
  readonly value: number;
  readonly n: number;
}

export const MEASURES = [
  'journeys',
  'journeys_closed',
  'handovers',
  'handovers_before_help',
  'teams_touched',
  'assessments',
  'first_help_days',
  'funnel',
  'path',
  'path_nfa',
  'team_days',
  'team_open',
  'contacts',
  'contacts_ooh',
  'contact_working_days',
  'referrals',
  'referral_nfa',
  'referral_assessed',
  'referral_not_in_need',
  'assessments_started',
  'assessments_completed',
  'assessment_working_days',
  'assessment_working_days_from_referral',
  'handover',
  'handover_nfa',
] as const;
export type Measure = (typeof MEASURES)[number];

export interface CubeContext {
  readonly tenant: TenantConfig | undefined;
  readonly calendar: WorkingCalendar;
}

export const UNKNOWN = 'unknown';
const DAY_MS = 86_400_000;
const wholeDays = (from: string, to: string) => Math.max(0, Math.floor((Date.parse(to) - Date.parse(from)) / DAY_MS));

/**
 * Ended with no further action (for the NFA share of paths and flows): a closed journey whose
 * contact was decided NFA, whose referral closed NFA without assessment (CIN ReferralNFA), or
 * whose last statutory assessment ended NFA (closure RC8). Step-down to early help (RC9) is help,
 * not NFA, here.
 */
export function endedNfa(s: JourneyState): boolean {
  if (s.status !== 'closed') return false;
  const outcome = journeyOutcome(s);
  if (outcome === 'contact-nfa' || outcome === 'referral-nfa') return true;
  if (outcome !== 'assessed-not-in-need') return false;
  const done = statutoryAssessments(s).filter((a) => a.outcome !== undefined);
  return done[done.length - 1]?.outcome === 'nfa';
}

/** Everything one journey adds to the cube. A withdrawn (or empty) journey adds nothing. */
export function contributions(s: JourneyState, ctx: CubeContext): CubeCell[] {
  if (s.status === 'withdrawn' || s.status === 'empty' || s.startedAt === undefined) return [];
  const tz = ctx.tenant?.timeZone ?? 'Europe/London';
  const teamOf = (id: string | undefined) => {
    const t = id === undefined ? undefined : ctx.tenant?.teams.find((x) => x.id === id);
    return { team: id ?? UNKNOWN, tier: t?.tier ?? UNKNOWN, area: t?.area ?? UNKNOWN };
  };
  const cells: CubeCell[] = [];
  const outcome = journeyOutcome(s);
  const firstContact = s.contacts[0];
  const level = firstContact?.levelOfNeed ?? UNKNOWN;
  const journeySource = firstContact?.source ?? s.referral?.source ?? UNKNOWN;
  const nfa = endedNfa(s);
  const startDay = localDate(s.startedAt, tz);

  const journeyCell = (measure: Measure, value = 0, detail = '', team = teamOf(s.holders[0]?.team)) =>
    cells.push({ day: startDay, measure, source: journeySource, ...team, levelOfNeed: level, outcome, detail, value, n: 1 });

  // Journey measures, anchored on the journey's first event (its first contact, or a referral with no contact).
  journeyCell('journeys');
  if (s.status === 'closed') journeyCell('journeys_closed');
  journeyCell('handovers', s.handovers);
  journeyCell('handovers_before_help', s.handoversBeforeHelp);
  journeyCell('teams_touched', s.teamsTouched.length);
  journeyCell('assessments', s.assessments.length);
  if (firstContact !== undefined && s.firstHelpAt !== undefined) journeyCell('first_help_days', wholeDays(firstContact.receivedAt, s.firstHelpAt));
  const statutory = statutoryAssessments(s);
  if (s.contacts.length > 0) journeyCell('funnel', 0, 'contact');
  if (s.referral !== undefined) journeyCell('funnel', 0, 'referral');
  if (statutory.length > 0) journeyCell('funnel', 0, 'assessment');
  for (const kind of new Set(s.plans.map((p) => p.kind))) journeyCell('funnel', 0, `plan-${kind}`);
  const path = s.holders.map((h) => h.team).join('>');
  journeyCell('path', 0, path);
  if (nfa) journeyCell('path_nfa', 0, path);
  // Time with each team: the sum of its spells, once every spell of that team has ended.
  const perTeam = new Map<string, { ms: number; open: boolean }>();
  for (const h of s.holders) {
    const t = perTeam.get(h.team) ?? { ms: 0, open: false };
    if (h.to === undefined) t.open = true;
    else t.ms += Date.parse(h.to) - Date.parse(h.from);
    perTeam.set(h.team, t);
  }
  for (const [team, t] of perTeam) {
    if (t.open) journeyCell('team_open', 0, '', teamOf(team));
    else journeyCell('team_days', Math.floor(t.ms / DAY_MS), '', teamOf(team));
  }

  // Contacts, anchored on the date received, by the receiving team.
  const channels = new Map<string, string>();
  for (const e of s.standing) if (e.type === 'ContactReceived') channels.set(e.data.contactId, e.data.channel);
  for (const c of s.contacts) {
    const day = localDate(c.receivedAt, tz);
    const base = { day, source: c.source, ...teamOf(c.team), levelOfNeed: c.levelOfNeed, outcome, n: 1 };
    const decision = c.outcome ?? 'undecided';
    cells.push({ ...base, measure: 'contacts', detail: decision, value: 0 });
    if (ctx.tenant && ctx.calendar.isOutOfHours(c.receivedAt, ctx.tenant.officeHours, tz)) {
      cells.push({ ...base, measure: 'contacts_ooh', detail: decision, value: 0 });
    }
    if (c.decidedAt !== undefined) {
      cells.push({
        ...base,
        measure: 'contact_working_days',
        detail: decision,
        value: Math.max(0, ctx.calendar.workingDaysBetween(c.receivedAt, c.decidedAt, tz)),
      });
    }
  }

  // Referrals, anchored on the referral date (CIN census N00100), by the referral's team and source.
  if (s.referral !== undefined) {
    const r = s.referral;
    const base = { day: localDate(r.acceptedAt, tz), source: r.source, ...teamOf(r.team), levelOfNeed: level, outcome, value: 0, n: 1 };
    cells.push({ ...base, measure: 'referrals', detail: firstContact === undefined ? 'without-contact' : 'with-contact' });
    if (isReferralNfa(s)) cells.push({ ...base, measure: 'referral_nfa', detail: '' });
    if (statutory.length > 0) cells.push({ ...base, measure: 'referral_assessed', detail: '' });
    if (isAssessedNotInNeed(s)) cells.push({ ...base, measure: 'referral_not_in_need', detail: '' });
  }

  // Assessments: started by start date; outcomes and timeliness of statutory ones by completion date.
  for (const a of s.assessments) {
    const base = { source: journeySource, ...teamOf(a.team), levelOfNeed: level, outcome, n: 1 };
    cells.push({ ...base, day: localDate(a.startedAt, tz), measure: 'assessments_started', detail: a.kind, value: 0 });
    if (a.kind === 'early-help' || a.completedAt === undefined || a.outcome === undefined) continue;
    const done = { ...base, day: localDate(a.completedAt, tz), detail: a.outcome };
    cells.push({ ...done, measure: 'assessments_completed', value: 0 });
    cells.push({ ...done, measure: 'assessment_working_days', value: Math.max(0, ctx.calendar.workingDaysBetween(a.startedAt, a.completedAt, tz)) });
    if (s.referral !== undefined) {
      cells.push({
        ...done,
        measure: 'assessment_working_days_from_referral',
        value: Math.max(0, ctx.calendar.workingDaysBetween(s.referral.acceptedAt, a.completedAt, tz)),
      });
    }
  }

  // Handovers, anchored on the date of the move, by the team handing over; detail is the receiving team.
  for (const e of s.standing) {
    if (!HANDOVER_EVENT_TYPES.has(e.type)) continue;
    const d = e.data as { fromTeam: string; toTeam: string };
    const base = {
      day: localDate(e.metadata.occurredAt, tz),
      source: journeySource,
      ...teamOf(d.fromTeam),
      levelOfNeed: level,
      outcome,
      detail: d.toTeam,
      value: 0,
      n: 1,
    };
    cells.push({ ...base, measure: 'handover' });
    if (nfa) cells.push({ ...base, measure: 'handover_nfa' });
  }
  return cells;
}
