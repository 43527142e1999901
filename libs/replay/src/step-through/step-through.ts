import { evolve, initialJourneyState, leadPractitioner, openAssessment } from '@journey-ledger/domain';
import type { JourneyState, JourneyStatus, WorkingCalendar } from '@journey-ledger/domain';
import { AsOf, inBusinessOrder, journeyAsOf, knownAt, RevisionedEvent, standingAndWithdrawn, toRevisioned, WithdrawnEntry } from '../as-of/as-of';
import type { RecordedJourneyEvent } from '@journey-ledger/domain';

export type ReplayOrder = 'business' | 'recording';

export interface ReplayOptions extends AsOf {
  /** `business` (default): standing entries by `occurredAt`; `recording`: every event as recorded, withdrawals included. */
  readonly order?: ReplayOrder;
  readonly calendar: WorkingCalendar;
  /** The council's time zone: working days are counted in local dates. */
  readonly timeZone: string;
  /** Where an open journey's last spell ends for the spell summary (injected clock); default: its latest entry. */
  readonly now?: string;
}

export interface Waiting {
  readonly team: string;
  readonly since: string;
  readonly until: string;
  readonly workingDays: number;
  readonly hours: number;
}

export interface ReplayStep {
  /** 1-based. */
  readonly step: number;
  /** The event that caused the step. */
  readonly event: {
    readonly eventId: string;
    readonly type: string;
    readonly revision: number;
    readonly occurredAt: string;
    readonly recordedAt: string;
    readonly data: unknown;
    readonly actorRole?: string;
  };
  readonly status: JourneyStatus;
  readonly holder?: string;
  /** Set when this step moved the case: a handover point. */
  readonly handover?: { readonly from: string; readonly to: string };
  readonly teamsTouched: readonly string[];
  readonly handovers: number;
  readonly handoversBeforeHelp: number;
  /** The lead practitioner after this step, if one is allocated (pseudonymous reference). */
  readonly leadPractitioner?: { readonly practitionerRef: string; readonly team: string; readonly role: string; readonly since: string };
  readonly practitionerChanges: number;
  readonly openAssessment?: { readonly assessmentId: string; readonly kind: string; readonly team: string; readonly startedAt: string };
  /** How long the case had been with its current holder when this step happened. */
  readonly waitingWithHolder?: Waiting;
  /** In recording order, a withdrawal step names the entry it withdrew. */
  readonly withdrew?: string;
}

export interface SpellSummary extends Waiting {
  readonly open: boolean;
}

export interface JourneyReplay {
  readonly order: ReplayOrder;
  readonly asKnownAt?: string;
  readonly asAt?: string;
  readonly status: JourneyStatus;
  readonly steps: readonly ReplayStep[];
  /** Each team's spell holding the journey, with how long the family waited there. */
  readonly spells: readonly SpellSummary[];
  readonly handovers: number;
  readonly handoversBeforeHelp: number;
  readonly teamsTouched: readonly string[];
  /** Each lead practitioner's spell, oldest first. */
  readonly practitioners: readonly {
    readonly practitionerRef: string;
    readonly team: string;
    readonly role: string;
    readonly from: string;
    readonly to?: string;
  }[];
  readonly practitionerChanges: number;
  /** Entries withdrawn (as known at `asKnownAt`): absent from business-order steps. */
  readonly withdrawn: readonly WithdrawnEntry[];
}

function waiting(state: JourneyState, until: string, options: ReplayOptions): Waiting | undefined {
  const spell = state.holders[state.holders.length - 1];
  if (spell === undefined) return undefined;
  const end = spell.to ?? until;
  return {
    team: spell.team,
    since: spell.from,
    until: end,
    workingDays: options.calendar.workingDaysBetween(spell.from, end, options.timeZone),
    hours: options.calendar.hoursBetween(spell.from, end),
  };
}

function toStep(step: number, e: RevisionedEvent, before: JourneyState, after: JourneyState, options: ReplayOptions): ReplayStep {
  const m = e.event.metadata;
  const assessment = openAssessment(after);
  const lead = leadPractitioner(after);
  const moved = before.holder !== undefined && after.holder !== before.holder && e.event.type !== 'EntryRecordedInError';
  return {
    step,
    event: {
      eventId: m.eventId,
      type: e.event.type,
      revision: e.revision,
      occurredAt: m.occurredAt,
      recordedAt: m.recordedAt,
      data: e.event.data,
      actorRole: m.actor?.role,
    },
    status: after.status,
    holder: after.holder,
    handover: moved ? { from: before.holder as string, to: after.holder as string } : undefined,
    teamsTouched: after.teamsTouched,
    handovers: after.handovers,
    handoversBeforeHelp: after.handoversBeforeHelp,
    leadPractitioner: lead && { practitionerRef: lead.practitionerRef, team: lead.team, role: lead.role, since: lead.from },
    practitionerChanges: after.practitionerChanges,
    openAssessment: assessment && { assessmentId: assessment.assessmentId, kind: assessment.kind, team: assessment.team, startedAt: assessment.startedAt },
    waitingWithHolder: after.holder === undefined && after.status !== 'closed' ? undefined : waiting(after, m.occurredAt, options),
    withdrew: e.event.type === 'EntryRecordedInError' ? e.event.data.withdrawnEventId : undefined,
  };
}

function spells(state: JourneyState, options: ReplayOptions): SpellSummary[] {
  const openUntil = options.asAt ?? options.now ?? state.lastOccurredAt;
  return state.holders.map((h) => {
    const until = h.to ?? openUntil ?? h.from;
    return {
      team: h.team,
      since: h.from,
      until,
      open: h.to === undefined,
      workingDays: options.calendar.workingDaysBetween(h.from, until, options.timeZone),
      hours: options.calendar.hoursBetween(h.from, until),
    };
  });
}

/**
 * The states of one journey after each event, for a designer to step through: who held it,
 * how long it had waited there, where it was handed over. Pure: the events, the calendar and
 * the time zone are given.
 *
 * - `business` order: the standing entries (withdrawn ones and their withdrawals left out and
 *   listed under `withdrawn`) by `occurredAt`, ties by revision;
 * - `recording` order: every event in the order the ledger recorded it, withdrawals included
 *   (the step after a withdrawal shows the journey as if the withdrawn entry had never been).
 *
 * `asKnownAt` and `asAt` restrict what is replayed (see `journeyAsOf`).
 */
export function stepThrough(events: readonly RecordedJourneyEvent[] | readonly RevisionedEvent[], options: ReplayOptions): JourneyReplay {
  const order = options.order ?? 'business';
  const view = journeyAsOf(events, options);
  let sequence: RevisionedEvent[];
  if (order === 'business') {
    sequence = inBusinessOrder(view.entries);
  } else {
    const known = knownAt(toRevisioned(events), options.asKnownAt);
    const included = new Set(view.entries.map((e) => e.event.metadata.eventId));
    const { withdrawn } = standingAndWithdrawn(known);
    const limit = options.asAt === undefined ? undefined : Date.parse(options.asAt);
    for (const w of withdrawn) if (limit === undefined || Date.parse(w.occurredAt) <= limit) included.add(w.eventId);
    sequence = known.filter((e) =>
      e.event.type === 'EntryRecordedInError' ? included.has(e.event.data.withdrawnEventId) : included.has(e.event.metadata.eventId),
    );
  }
  const steps: ReplayStep[] = [];
  let state = initialJourneyState();
  for (const e of sequence) {
    const next = evolve(state, e.event);
    steps.push(toStep(steps.length + 1, e, state, next, options));
    state = next;
  }
  const final = view.state;
  return {
    order,
    asKnownAt: options.asKnownAt,
    asAt: options.asAt,
    status: final.status,
    steps,
    spells: spells(final, options),
    handovers: final.handovers,
    handoversBeforeHelp: final.handoversBeforeHelp,
    teamsTouched: final.teamsTouched,
    practitioners: final.practitioners,
    practitionerChanges: final.practitionerChanges,
    withdrawn: view.withdrawn,
  };
}
