import { HANDOVER_EVENT_TYPES } from '@journey-ledger/domain';
import type { JourneyEvent } from '@journey-ledger/domain';
import type { CompiledScenario, RerouteMatch } from './scenario-document';

export interface ScenarioJourney {
  /** The journey as it would have been recorded under the redesign (a pure derivation: never stored). */
  readonly events: JourneyEvent[];
  /** The first contact matched a reroute rule. */
  readonly rerouted: boolean;
  /** The journey started at a removed team and never left it, and the scenario named no `otherwise`. */
  readonly keptAtRemovedTeam: boolean;
  /** Handover events of today that the redesign does without. */
  readonly handoversDropped: number;
}

type Handover = Extract<JourneyEvent, { type: 'CaseHandedOver' | 'SteppedDown' | 'SteppedUp' }>;
const isHandover = (e: JourneyEvent): e is Handover => HANDOVER_EVENT_TYPES.has(e.type);

function matches(match: RerouteMatch, first: JourneyEvent): boolean {
  if (first.type !== 'ContactReceived') return false; // a referral from elsewhere is not a contact to re-route
  const d = first.data;
  return (
    (match.source === undefined || match.source.includes(d.source)) &&
    (match.levelOfNeed === undefined || match.levelOfNeed.includes(d.levelOfNeed)) &&
    (match.channel === undefined || match.channel.includes(d.channel)) &&
    (match.team === undefined || match.team.includes(d.team))
  );
}

/**
 * Today's journey → the same journey under the scenario. Pure; `events` are the journey's
 * standing entries in business order (withdrawn entries already left out).
 *
 * The scenario holder is tracked as the events go:
 * - a handover to a team that maps to the current scenario holder disappears (MASH → CART
 *   when both become one front door); one to a removed team disappears (the case stays until
 *   it goes on to the next team); any other becomes "scenario holder → mapped destination";
 * - a journey that starts at a removed team starts at the team it next goes to (else at the
 *   removal's `otherwise`);
 * - a contact matching a reroute rule is received by the rule's team directly, and the moves
 *   it then made between front-door teams today disappear; once today's case leaves the front
 *   door, the redesign follows it (a handover, unless it went to the same team);
 * - every team named in an event is mapped too (a removed one becomes the scenario holder).
 */
export function transformJourney(events: readonly JourneyEvent[], scenario: CompiledScenario): ScenarioJourney {
  const map = (team: string): string | null => (scenario.teamMap.has(team) ? scenario.teamMap.get(team)! : team);
  const tierToday = (team: string) => scenario.today.tierOf(team);
  const out: JourneyEvent[] = [];
  let holder: string | undefined;
  let rerouteTarget: string | undefined;
  let frontDoorPhase = false;
  let keptAtRemovedTeam = false;
  let handoversDropped = 0;
  /** Under `leadPractitioner: one-per-journey`, the journey's first lead practitioner. */
  let onlyPractitioner: string | undefined;

  const first = events[0];
  if (first !== undefined) {
    const rule = scenario.reroutes.find((r) => matches(r.match, first));
    if (rule !== undefined) {
      rerouteTarget = rule.to;
      frontDoorPhase = true;
    }
  }

  /** A team named by a non-moving event: mapped; removed, or skipped front door while re-routed → the holder. */
  const teamFor = (team: string): string => {
    const mapped = map(team);
    if (holder !== undefined && (mapped === null || (frontDoorPhase && tierToday(team) === 'front-door'))) return holder;
    return mapped ?? team;
  };

  const startingTeam = (team: string, index: number): string => {
    if (rerouteTarget !== undefined) return rerouteTarget;
    const mapped = map(team);
    if (mapped !== null) return mapped;
    for (let i = index + 1; i < events.length; i++) {
      const e = events[i];
      if (isHandover(e)) {
        const next = map(e.data.toTeam);
        if (next !== null) return next;
      }
    }
    const fallback = scenario.otherwise.get(team);
    if (fallback !== undefined) return fallback;
    keptAtRemovedTeam = true;
    return team;
  };

  events.forEach((event, index) => {
    switch (event.type) {
      case 'ContactReceived':
      case 'ReferralAccepted': {
        if (holder === undefined) {
          holder = startingTeam(event.data.team, index);
          out.push({ ...event, data: { ...event.data, team: holder } } as JourneyEvent);
        } else {
          out.push({ ...event, data: { ...event.data, team: teamFor(event.data.team) } } as JourneyEvent);
        }
        return;
      }
      case 'CaseHandedOver':
      case 'SteppedDown':
      case 'SteppedUp': {
        const to = event.data.toTeam;
        if (frontDoorPhase) {
          if (tierToday(to) === 'front-door') {
            handoversDropped++;
            return;
          }
          frontDoorPhase = false;
        }
        const mapped = map(to);
        if (mapped === null || mapped === holder) {
          handoversDropped++;
          return;
        }
        out.push({ ...event, data: { ...event.data, fromTeam: holder ?? event.data.fromTeam, toTeam: mapped } } as JourneyEvent);
        holder = mapped;
        return;
      }
      case 'ActivityRecorded':
        // Done by whoever holds the case in the scenario (the moves are handovers of their own).
        if (holder === undefined) holder = startingTeam(event.data.team, index);
        out.push({ ...event, data: { ...event.data, team: holder } } as JourneyEvent);
        return;
      case 'ContactDecided':
      case 'FamilyGroupConferenceRecorded':
      case 'PreProceedingsRecorded':
      case 'AssessmentStarted':
      case 'PlanStarted':
      case 'JourneyClosed':
        out.push({ ...event, data: { ...event.data, team: teamFor(event.data.team) } } as JourneyEvent);
        return;
      case 'PractitionerAllocated': {
        // The practitioner's team goes through the redesigned map; under one-per-journey the first
        // practitioner moves with the case instead of handing the family to someone new. Under
        // one-per-family the family's journeys are needed together: compareFamily does it next.
        const team = teamFor(event.data.team);
        if (scenario.leadPractitioner === 'one-per-journey') {
          onlyPractitioner ??= event.data.practitionerRef;
          const last = [...out].reverse().find((e) => e.type === 'PractitionerAllocated');
          if (last !== undefined && last.type === 'PractitionerAllocated' && last.data.team === team && last.data.role === event.data.role) return;
          out.push({ ...event, data: { ...event.data, practitionerRef: onlyPractitioner, team } });
          return;
        }
        out.push({ ...event, data: { ...event.data, team } });
        return;
      }
      case 'PractitionerUnallocated':
        if (scenario.leadPractitioner === 'one-per-journey') return;
        out.push(event);
        return;
      case 'AssessmentCompleted':
      case 'PlanEnded':
      case 'FamilyMembershipStarted':
      case 'FamilyMembershipEnded':
      case 'ChildCharacteristicsRecorded':
        out.push(event);
        return;
      case 'EntryRecordedInError':
        return; // the caller passes standing entries only; a stray withdrawal has nothing to act on here
      default: {
        const _exhaustive: never = event;
        return _exhaustive;
      }
    }
  });
  return { events: out, rerouted: rerouteTarget !== undefined, keptAtRemovedTeam, handoversDropped };
}
