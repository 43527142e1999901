import type { JourneyEvent } from './events';
import { HolderSpell, initialJourneyState, JourneyState } from './state';

function withHolder(s: JourneyState, team: string, at: string, countsAsHandover: boolean): JourneyState {
  if (s.holder === team) return s;
  const holders: HolderSpell[] = s.holders.map((h, i) => (i === s.holders.length - 1 && h.to === undefined ? { ...h, to: at } : h));
  holders.push({ team, from: at });
  const handover = countsAsHandover && s.holder !== undefined;
  return {
    ...s,
    holder: team,
    holders,
    teamsTouched: s.teamsTouched.includes(team) ? s.teamsTouched : [...s.teamsTouched, team],
    handovers: s.handovers + (handover ? 1 : 0),
    handoversBeforeHelp: s.handoversBeforeHelp + (handover && s.firstHelpAt === undefined ? 1 : 0),
  };
}

/** Ends the open lead-practitioner spell, if any, at `at`. */
function endPractitionerSpell(s: JourneyState, at: string): JourneyState {
  const last = s.practitioners[s.practitioners.length - 1];
  if (last === undefined || last.to !== undefined) return s;
  return { ...s, practitioners: [...s.practitioners.slice(0, -1), { ...last, to: at }] };
}

function touch(s: JourneyState, team: string): JourneyState {
  return s.teamsTouched.includes(team) ? s : { ...s, teamsTouched: [...s.teamsTouched, team] };
}

/** Applies one standing event. Never throws: the decider already refused anything invalid. */
function apply(state: JourneyState, event: JourneyEvent): JourneyState {
  const at = event.metadata.occurredAt;
  let s: JourneyState = {
    ...state,
    standing: [...state.standing, event],
    startedAt: state.startedAt ?? at,
    lastOccurredAt: state.lastOccurredAt === undefined || at > state.lastOccurredAt ? at : state.lastOccurredAt,
  };
  switch (event.type) {
    case 'ContactReceived': {
      const d = event.data;
      s = {
        ...s,
        status: s.status === 'empty' ? 'open' : s.status,
        childRef: s.childRef ?? d.childRef,
        contacts: [...s.contacts, { contactId: d.contactId, source: d.source, team: d.team, levelOfNeed: d.levelOfNeed, receivedAt: at }],
      };
      // A further contact on an open journey is noted by its team but does not move the case.
      return s.holder === undefined ? withHolder(s, d.team, at, false) : touch(s, d.team);
    }
    case 'ContactDecided':
      return {
        ...s,
        contacts: s.contacts.map((c) => (c.contactId === event.data.contactId ? { ...c, outcome: event.data.outcome, decidedAt: at } : c)),
      };
    case 'ReferralAccepted': {
      const d = event.data;
      s = {
        ...s,
        status: s.status === 'empty' ? 'open' : s.status,
        childRef: s.childRef ?? d.childRef,
        referral: { referralId: d.referralId, source: d.source, primaryNeedCode: d.primaryNeedCode, team: d.team, acceptedAt: at },
      };
      return s.holder === undefined ? withHolder(s, d.team, at, false) : s;
    }
    case 'CaseHandedOver':
    case 'SteppedDown':
    case 'SteppedUp':
      return withHolder(s, event.data.toTeam, at, true);
    case 'AssessmentStarted': {
      const d = event.data;
      return {
        ...s,
        firstHelpAt: s.firstHelpAt ?? at,
        assessments: [...s.assessments, { assessmentId: d.assessmentId, kind: d.kind, team: d.team, startedAt: at }],
      };
    }
    case 'AssessmentCompleted':
      return {
        ...s,
        assessments: s.assessments.map((a) => (a.assessmentId === event.data.assessmentId ? { ...a, completedAt: at, outcome: event.data.outcome } : a)),
      };
    case 'PlanStarted': {
      const d = event.data;
      return { ...s, firstHelpAt: s.firstHelpAt ?? at, plans: [...s.plans, { planId: d.planId, kind: d.kind, team: d.team, startedAt: at }] };
    }
    case 'PlanEnded':
      return { ...s, plans: s.plans.map((p) => (p.planId === event.data.planId ? { ...p, endedAt: at } : p)) };
    case 'JourneyClosed':
      return {
        ...endPractitionerSpell(s, at),
        status: 'closed',
        closedAt: at,
        closureReason: event.data.reason,
        holders: s.holders.map((h, i) => (i === s.holders.length - 1 && h.to === undefined ? { ...h, to: at } : h)),
      };
    case 'ActivityRecorded': {
      // The first entry of an imported case opens the journey with its team as holder.
      if (s.status !== 'empty') return s;
      return withHolder({ ...s, status: 'open' }, event.data.team, at, false);
    }
    case 'PractitionerAllocated': {
      const d = event.data;
      const previous = s.practitioners[s.practitioners.length - 1]?.practitionerRef;
      const ended = endPractitionerSpell(s, at);
      return {
        ...ended,
        practitioners: [...ended.practitioners, { practitionerRef: d.practitionerRef, team: d.team, role: d.role, from: at }],
        practitionerChanges: s.practitionerChanges + (previous !== undefined && previous !== d.practitionerRef ? 1 : 0),
      };
    }
    case 'PractitionerUnallocated':
      return endPractitionerSpell(s, at);
    case 'FamilyMembershipStarted':
      return { ...s, families: [...s.families, { familyRef: event.data.familyRef, from: at }] };
    case 'FamilyMembershipEnded':
      return {
        ...s,
        families: s.families.map((f) => (f.familyRef === event.data.familyRef && f.to === undefined ? { ...f, to: at } : f)),
      };
    case 'FamilyGroupConferenceRecorded': {
      const d = event.data;
      if (d.step === 'offered') return { ...s, conferences: [...s.conferences, { conferenceId: d.conferenceId, offeredAt: at }] };
      const key = d.step === 'accepted' ? 'acceptedAt' : d.step === 'declined' ? 'declinedAt' : 'heldAt';
      return { ...s, conferences: s.conferences.map((c) => (c.conferenceId === d.conferenceId ? { ...c, [key]: at } : c)) };
    }
    case 'ChildCharacteristicsRecorded': {
      const d = event.data;
      return { ...s, characteristics: { sex: d.sex, ethnicity: d.ethnicity, disabilities: [...d.disabilities], ageBand: d.ageBand, recordedAt: at } };
    }
    case 'PreProceedingsRecorded': {
      const d = event.data;
      if (d.step === 'started') return { ...s, preProceedings: [...s.preProceedings, { preProceedingsId: d.preProceedingsId, team: d.team, startedAt: at }] };
      const change =
        d.step === 'letter-sent' ? { letterSentAt: at } : d.step === 'meeting-held' ? { meetingHeldAt: at } : { decidedAt: at, outcome: d.outcome };
      return { ...s, preProceedings: s.preProceedings.map((p) => (p.preProceedingsId === d.preProceedingsId ? { ...p, ...change } : p)) };
    }
    case 'EntryRecordedInError':
      return state; // handled in evolve: a withdrawal is not itself a standing event
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

/**
 * Folds one event into the journey. A withdrawal (`EntryRecordedInError`) re-folds the standing
 * events without the withdrawn one, so the state is exactly as if it had never been recorded;
 * a journey whose every entry is withdrawn is `withdrawn` (it never happened, it counts nowhere).
 */
export function evolve(state: JourneyState, event: JourneyEvent): JourneyState {
  if (event.type !== 'EntryRecordedInError') return apply(state, event);
  const remaining = state.standing.filter((e) => e.metadata.eventId !== event.data.withdrawnEventId);
  const refolded = remaining.reduce(apply, initialJourneyState());
  return {
    ...refolded,
    status: remaining.length === 0 ? 'withdrawn' : refolded.status,
    withdrawals: state.withdrawals + 1,
  };
}

export const foldJourney = (events: readonly JourneyEvent[], from: JourneyState = initialJourneyState()): JourneyState => events.reduce(evolve, from);
