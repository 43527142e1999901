import type { TeamTier } from '../codes/cin-codes';
import type { TeamDirectory } from '../tenant/tenant-config';
import type { JourneyCommand } from './commands';
import { JourneyRuleViolation } from './errors';
import type { JourneyEvent } from './events';
import { JourneyState, openAssessment, openPlans, undecidedContacts } from './state';

/** What a decision may depend on besides the state: the tenant's team map and the clock. */
export interface DecisionContext {
  readonly teams: TeamDirectory;
  /** ISO instant: the domain never reads the clock itself. */
  readonly now: string;
}

const STEP_DOWN_TO: readonly TeamTier[] = ['early-help', 'universal', 'partner'];
const STEP_UP_TO: readonly TeamTier[] = ['front-door', 'statutory'];

function fail(code: ConstructorParameters<typeof JourneyRuleViolation>[0], message: string, field?: string): never {
  throw new JourneyRuleViolation(code, message, field);
}

function knownTeam(ctx: DecisionContext, teamId: string, field: string): void {
  if (!ctx.teams.has(teamId)) fail('UnknownTeam', `team "${teamId}" is not in this council's team map`, field);
}

function requireOpen(state: JourneyState): void {
  if (state.status === 'empty') fail('JourneyNotFound', 'journey has not started');
  if (state.status === 'withdrawn') fail('JourneyWithdrawn', 'every entry of this journey was withdrawn; start a new journey');
  if (state.status === 'closed') fail('JourneyClosed', 'journey is closed: only corrections (withdrawals) may be recorded');
}

/**
 * Ordering rule for back-dated events (late recording). A journey's stream is in recording order
 * and `occurredAt` may be any time in the past, but never earlier than the latest business time
 * already standing in the journey: business order and recording order of standing events then
 * agree, and every invariant checked here holds in both orders. An entry that belongs earlier is
 * corrected by withdrawing back to that point and recording again. Equal times keep recording order.
 */
function checkTime(state: JourneyState, occurredAt: string, ctx: DecisionContext): void {
  const t = Date.parse(occurredAt);
  if (Number.isNaN(t)) fail('InvalidCommand', `occurredAt "${occurredAt}" is not an ISO-8601 instant`, 'occurredAt');
  if (t > Date.parse(ctx.now)) fail('OccurredInFuture', `occurredAt ${occurredAt} is in the future`, 'occurredAt');
  if (state.lastOccurredAt !== undefined && t < Date.parse(state.lastOccurredAt)) {
    fail(
      'OccurredOutOfOrder',
      `occurredAt ${occurredAt} is earlier than the journey's latest entry (${state.lastOccurredAt}); withdraw back to that point to record it earlier`,
      'occurredAt',
    );
  }
}

/** Activity labels come from other services' logs: bounded, so a log cannot smuggle a document into an event. */
export const MAX_ACTIVITY_LENGTH = 200;

const at = (occurredAt: string) => ({ occurredAt: new Date(occurredAt).toISOString() });

/** Moves the case to `team` first when a command is carried out by a team that does not hold it. */
function implicitHandover(state: JourneyState, team: string, reason: string, occurredAt: string): JourneyEvent[] {
  if (state.holder === undefined || state.holder === team) return [];
  return [{ type: 'CaseHandedOver', version: 1, data: { fromTeam: state.holder, toTeam: team, reason }, metadata: at(occurredAt) }];
}

/** Decides what a command means for a journey: the events to record, or a typed refusal. Pure. */
export function decide(command: JourneyCommand, state: JourneyState, ctx: DecisionContext): JourneyEvent[] {
  const d = command.data;
  if (command.type !== 'WithdrawEntry') checkTime(state, d.occurredAt, ctx);
  const meta = at(d.occurredAt);

  switch (command.type) {
    case 'RecordContact': {
      const c = command.data;
      knownTeam(ctx, c.team, 'team');
      if (state.status === 'closed') fail('JourneyClosed', 'journey is closed: a new contact starts a new journey');
      if (state.status === 'withdrawn') fail('JourneyWithdrawn', 'every entry of this journey was withdrawn; start a new journey');
      if (state.childRef !== undefined && state.childRef !== c.childRef) {
        fail('ChildMismatch', 'this journey belongs to another child', 'childRef');
      }
      if (state.contacts.some((x) => x.contactId === c.contactId)) {
        fail('InvalidCommand', `contact ${c.contactId} is already recorded`, 'contactId');
      }
      return [
        {
          type: 'ContactReceived',
          version: 1,
          data: {
            contactId: c.contactId,
            childRef: c.childRef,
            source: c.source,
            channel: c.channel,
            team: c.team,
            concerns: [...c.concerns],
            levelOfNeed: c.levelOfNeed,
          },
          metadata: meta,
        },
      ];
    }
    case 'DecideContact': {
      requireOpen(state);
      knownTeam(ctx, command.data.team, 'team');
      const undecided = undecidedContacts(state);
      const wanted = command.data.contactId;
      const contact = wanted === undefined ? undecided[undecided.length - 1] : state.contacts.find((c) => c.contactId === wanted);
      if (contact === undefined) fail('NoUndecidedContact', wanted ? `no contact ${wanted} in this journey` : 'no contact is awaiting a decision', 'contactId');
      if (contact.outcome !== undefined) fail('ContactAlreadyDecided', `contact ${contact.contactId} was already decided (${contact.outcome})`, 'contactId');
      return [{ type: 'ContactDecided', version: 1, data: { contactId: contact.contactId, outcome: command.data.outcome, team: command.data.team }, metadata: meta }];
    }
    case 'AcceptReferral': {
      const r = command.data;
      knownTeam(ctx, r.team, 'team');
      if (state.status === 'empty') {
        // A referral with no recorded contact (e.g. from another authority) starts the journey itself.
        if (r.childRef === undefined) fail('InvalidCommand', 'childRef is required when a referral starts a journey', 'childRef');
      } else {
        requireOpen(state);
        if (r.childRef !== undefined && r.childRef !== state.childRef) fail('ChildMismatch', 'this journey belongs to another child', 'childRef');
      }
      if (state.referral !== undefined) fail('ReferralAlreadyAccepted', `referral ${state.referral.referralId} is already open in this journey`);
      return [
        ...implicitHandover(state, r.team, 'referral-accepted', d.occurredAt),
        {
          type: 'ReferralAccepted',
          version: 1,
          data: { referralId: r.referralId, childRef: (r.childRef ?? state.childRef) as string, source: r.source, primaryNeedCode: r.primaryNeedCode, team: r.team },
          metadata: meta,
        },
      ];
    }
    case 'HandOver':
    case 'StepDown':
    case 'StepUp': {
      requireOpen(state);
      const { fromTeam, toTeam, reason } = command.data;
      knownTeam(ctx, fromTeam, 'fromTeam');
      knownTeam(ctx, toTeam, 'toTeam');
      if (state.holder !== fromTeam) fail('NotTheHolder', `team "${fromTeam}" does not hold this journey (holder: "${state.holder}")`, 'fromTeam');
      if (toTeam === fromTeam) fail('HandoverToSameTeam', 'a handover must name a different team', 'toTeam');
      if (command.type === 'StepDown' && !STEP_DOWN_TO.includes(ctx.teams.tierOf(toTeam)!)) {
        fail('WrongTier', `a step-down goes to an early-help, universal or partner team; "${toTeam}" is ${ctx.teams.tierOf(toTeam)}`, 'toTeam');
      }
      if (command.type === 'StepUp' && !STEP_UP_TO.includes(ctx.teams.tierOf(toTeam)!)) {
        fail('WrongTier', `a step-up goes to a front-door or statutory team; "${toTeam}" is ${ctx.teams.tierOf(toTeam)}`, 'toTeam');
      }
      const type = command.type === 'HandOver' ? 'CaseHandedOver' : command.type === 'StepDown' ? 'SteppedDown' : 'SteppedUp';
      return [{ type, version: 1, data: { fromTeam, toTeam, reason }, metadata: meta } as JourneyEvent];
    }
    case 'StartAssessment': {
      requireOpen(state);
      const a = command.data;
      knownTeam(ctx, a.team, 'team');
      const open = openAssessment(state);
      if (open !== undefined) fail('AssessmentAlreadyOpen', `assessment ${open.assessmentId} is still open`);
      if (a.kind !== 'early-help' && state.referral === undefined) {
        fail('ReferralRequired', `a ${a.kind} assessment needs an accepted referral`, 'kind');
      }
      if (state.assessments.some((x) => x.assessmentId === a.assessmentId)) fail('InvalidCommand', `assessment ${a.assessmentId} already exists`, 'assessmentId');
      return [
        ...implicitHandover(state, a.team, 'assessment started', d.occurredAt),
        { type: 'AssessmentStarted', version: 1, data: { assessmentId: a.assessmentId, kind: a.kind, team: a.team }, metadata: meta },
      ];
    }
    case 'CompleteAssessment': {
      requireOpen(state);
      const open = openAssessment(state);
      if (open === undefined) fail('NoOpenAssessment', 'there is no open assessment to complete');
      if (command.data.assessmentId !== undefined && command.data.assessmentId !== open.assessmentId) {
        fail('NoOpenAssessment', `assessment ${command.data.assessmentId} is not the open assessment (${open.assessmentId})`, 'assessmentId');
      }
      return [
        { type: 'AssessmentCompleted', version: 1, data: { assessmentId: open.assessmentId, outcome: command.data.outcome, factors: [...command.data.factors] }, metadata: meta },
      ];
    }
    case 'StartPlan': {
      requireOpen(state);
      const p = command.data;
      knownTeam(ctx, p.team, 'team');
      const same = openPlans(state).find((x) => x.kind === p.kind);
      if (same !== undefined) fail('PlanAlreadyOpen', `a ${p.kind} plan (${same.planId}) is already open`, 'kind');
      if (state.plans.some((x) => x.planId === p.planId)) fail('InvalidCommand', `plan ${p.planId} already exists`, 'planId');
      if (p.kind !== 'early-help' && state.referral === undefined) fail('ReferralRequired', `a ${p.kind} plan needs an accepted referral`, 'kind');
      return [
        ...implicitHandover(state, p.team, 'plan started', d.occurredAt),
        { type: 'PlanStarted', version: 1, data: { planId: p.planId, kind: p.kind, team: p.team }, metadata: meta },
      ];
    }
    case 'EndPlan': {
      requireOpen(state);
      const plan = openPlans(state).find((x) => x.planId === command.data.planId);
      if (plan === undefined) fail('PlanNotOpen', `plan ${command.data.planId} is not open`, 'planId');
      return [{ type: 'PlanEnded', version: 1, data: { planId: plan.planId, reason: command.data.reason }, metadata: meta }];
    }
    case 'CloseJourney': {
      requireOpen(state);
      const undecided = undecidedContacts(state);
      if (undecided.length > 0) fail('UndecidedContact', `contact ${undecided[0].contactId} is awaiting a decision`);
      const open = openAssessment(state);
      if (open !== undefined) fail('AssessmentAlreadyOpen', `complete assessment ${open.assessmentId} before closing`);
      const team = command.data.team ?? (state.holder as string);
      knownTeam(ctx, team, 'team');
      // Open plans end with the journey: closing is the decision to stop them.
      const endings: JourneyEvent[] = openPlans(state).map((p) => ({
        type: 'PlanEnded',
        version: 1,
        data: { planId: p.planId, reason: 'journey-closed' },
        metadata: meta,
      }));
      return [...endings, { type: 'JourneyClosed', version: 1, data: { reason: command.data.reason, team }, metadata: meta }];
    }
    case 'RecordActivity': {
      const a = command.data;
      knownTeam(ctx, a.team, 'team');
      if (state.status !== 'empty') requireOpen(state);
      if (a.activity.trim() === '' || a.activity.length > MAX_ACTIVITY_LENGTH) {
        fail('InvalidCommand', `activity must be 1 to ${MAX_ACTIVITY_LENGTH} characters`, 'activity');
      }
      const data = { activity: a.activity, ...(a.lifecycle !== undefined ? { lifecycle: a.lifecycle } : {}), team: a.team };
      return [...implicitHandover(state, a.team, 'transfer', d.occurredAt), { type: 'ActivityRecorded', version: 1, data, metadata: meta }];
    }
    case 'WithdrawEntry': {
      if (state.status === 'empty') fail('JourneyNotFound', 'journey has not started');
      if (state.status === 'withdrawn') fail('JourneyWithdrawn', 'every entry of this journey is already withdrawn');
      const latest = state.standing[state.standing.length - 1];
      const target = state.standing.find((e) => e.metadata.eventId === command.data.eventId);
      if (target === undefined) fail('UnknownEntry', `entry ${command.data.eventId} is not a standing entry of this journey`, 'eventId');
      // Withdrawals unwind from the latest entry, so that what remains is always a valid history.
      if (latest.metadata.eventId !== command.data.eventId) {
        fail('EntryNotLatest', `withdraw the later entries first (latest is ${latest.metadata.eventId}, ${latest.type})`, 'eventId');
      }
      return [
        {
          type: 'EntryRecordedInError',
          version: 1,
          data: { withdrawnEventId: target.metadata.eventId as string, withdrawnType: target.type, reason: command.data.reason },
          metadata: { occurredAt: new Date(ctx.now).toISOString() },
        },
      ];
    }
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}
