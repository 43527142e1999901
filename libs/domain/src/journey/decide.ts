import type { TeamTier } from '../codes/cin-codes';
import type { TeamDirectory } from '../tenant/tenant-config';
import type { JourneyCommand } from './commands';
import { FAMILY_GROUP_CONFERENCE_STEPS, PRACTITIONER_CHANGE_REASON_CODES, PRACTITIONER_ROLE_CODES, PSEUDONYMOUS_REF } from '../codes/practitioner-codes';
import { AGE_BANDS, DISABILITY_CODE_LIST, ETHNICITY_CODE_LIST, SEX_CODE_LIST } from '../codes/child-characteristics';
import { PRE_PROCEEDINGS_OUTCOME_CODES, PRE_PROCEEDINGS_STEPS } from '../codes/pre-proceedings-codes';
import { JourneyRuleViolation } from './errors';
import type { JourneyEvent } from './events';
import { JourneyState, leadPractitioner, openAssessment, openPlans, undecidedContacts } from './state';

/** What a decision may depend on besides the state: the tenant's team map and the clock. */
export interface DecisionContext {
  readonly teams: TeamDirectory;
  /** ISO instant: the domain never reads the clock itself. */
  readonly now: string;
}

/**
 * Tiers below statutory social care: a move into one is a step-down, a move out of one a step-up.
 * Family Help holds section 17 work as well as early help, but it is the family's help outside the
 * statutory teams, so a move into it from social care or child protection is a step-down.
 */
export const STEP_DOWN_TO: readonly TeamTier[] = ['early-help', 'family-help', 'universal', 'partner'];
/** Social care: the front door, the statutory teams and the multi-agency child protection team. */
export const STEP_UP_TO: readonly TeamTier[] = ['front-door', 'statutory', 'multi-agency-child-protection'];

function fail(code: ConstructorParameters<typeof JourneyRuleViolation>[0], message: string, field?: string): never {
  throw new JourneyRuleViolation(code, message, field);
}

function knownTeam(ctx: DecisionContext, teamId: string, field: string): void {
  if (!ctx.teams.has(teamId)) fail('UnknownTeam', `team "${teamId}" is not in this council's team map`, field);
}

/** Refuses a command on a journey that is not open; returns the team holding it (one while open). */
function requireOpen(state: JourneyState): string {
  if (state.status === 'empty') fail('JourneyNotFound', 'journey has not started');
  if (state.status === 'withdrawn') fail('JourneyWithdrawn', 'every entry of this journey was withdrawn; start a new journey');
  if (state.status === 'closed') fail('JourneyClosed', 'journey is closed: only corrections (withdrawals) may be recorded');
  if (state.holder === undefined) fail('JourneyNotFound', 'journey has no holder');
  return state.holder;
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

/** One command of the union, by its type. */
type CommandOf<T extends JourneyCommand['type']> = Extract<JourneyCommand, { type: T }>;
type Meta = ReturnType<typeof at>;

function recordContact({ data: c }: CommandOf<'RecordContact'>, state: JourneyState, ctx: DecisionContext, meta: Meta): JourneyEvent[] {
  knownTeam(ctx, c.team, 'team');
  if (state.status === 'closed') fail('JourneyClosed', 'journey is closed: a new contact starts a new journey');
  if (state.status === 'withdrawn') fail('JourneyWithdrawn', 'every entry of this journey was withdrawn; start a new journey');
  if (state.childRef !== undefined && state.childRef !== c.childRef) fail('ChildMismatch', 'this journey belongs to another child', 'childRef');
  if (state.contacts.some((x) => x.contactId === c.contactId)) fail('InvalidCommand', `contact ${c.contactId} is already recorded`, 'contactId');
  const data = {
    contactId: c.contactId,
    childRef: c.childRef,
    source: c.source,
    channel: c.channel,
    team: c.team,
    concerns: [...c.concerns],
    levelOfNeed: c.levelOfNeed,
  };
  return [{ type: 'ContactReceived', version: 1, data, metadata: meta }];
}

function decideContact({ data: d }: CommandOf<'DecideContact'>, state: JourneyState, ctx: DecisionContext, meta: Meta): JourneyEvent[] {
  requireOpen(state);
  knownTeam(ctx, d.team, 'team');
  const undecided = undecidedContacts(state);
  const contact = d.contactId === undefined ? undecided[undecided.length - 1] : state.contacts.find((c) => c.contactId === d.contactId);
  if (contact === undefined)
    fail('NoUndecidedContact', d.contactId ? `no contact ${d.contactId} in this journey` : 'no contact is awaiting a decision', 'contactId');
  if (contact.outcome !== undefined) fail('ContactAlreadyDecided', `contact ${contact.contactId} was already decided (${contact.outcome})`, 'contactId');
  return [{ type: 'ContactDecided', version: 1, data: { contactId: contact.contactId, outcome: d.outcome, team: d.team }, metadata: meta }];
}

function acceptReferral({ data: r }: CommandOf<'AcceptReferral'>, state: JourneyState, ctx: DecisionContext, meta: Meta): JourneyEvent[] {
  knownTeam(ctx, r.team, 'team');
  let childRef = r.childRef;
  if (state.status === 'empty') {
    // A referral with no recorded contact (e.g. from another authority) starts the journey itself.
    if (childRef === undefined) fail('InvalidCommand', 'childRef is required when a referral starts a journey', 'childRef');
  } else {
    requireOpen(state);
    if (childRef !== undefined && childRef !== state.childRef) fail('ChildMismatch', 'this journey belongs to another child', 'childRef');
    childRef = state.childRef;
  }
  if (childRef === undefined) fail('InvalidCommand', 'childRef is required when a referral starts a journey', 'childRef');
  if (state.referral !== undefined) fail('ReferralAlreadyAccepted', `referral ${state.referral.referralId} is already open in this journey`);
  return [
    ...implicitHandover(state, r.team, 'referral-accepted', meta.occurredAt),
    {
      type: 'ReferralAccepted',
      version: 1,
      data: { referralId: r.referralId, childRef, source: r.source, primaryNeedCode: r.primaryNeedCode, team: r.team },
      metadata: meta,
    },
  ];
}

/** A handover, and the two that also change the level of service: down to early help, up to social care. */
function moveCase(command: CommandOf<'HandOver' | 'StepDown' | 'StepUp'>, state: JourneyState, ctx: DecisionContext, meta: Meta): JourneyEvent[] {
  const holder = requireOpen(state);
  const { fromTeam, toTeam, reason } = command.data;
  knownTeam(ctx, fromTeam, 'fromTeam');
  knownTeam(ctx, toTeam, 'toTeam');
  if (holder !== fromTeam) fail('NotTheHolder', `team "${fromTeam}" does not hold this journey (holder: "${holder}")`, 'fromTeam');
  if (toTeam === fromTeam) fail('HandoverToSameTeam', 'a handover must name a different team', 'toTeam');
  const tier = ctx.teams.tierOf(toTeam);
  const data = { fromTeam, toTeam, reason };
  switch (command.type) {
    case 'HandOver':
      return [{ type: 'CaseHandedOver', version: 1, data, metadata: meta }];
    case 'StepDown':
      if (tier === undefined || !STEP_DOWN_TO.includes(tier))
        fail('WrongTier', `a step-down goes to an early-help, family-help, universal or partner team; "${toTeam}" is ${tier}`, 'toTeam');
      return [{ type: 'SteppedDown', version: 1, data, metadata: meta }];
    case 'StepUp':
      if (tier === undefined || !STEP_UP_TO.includes(tier))
        fail('WrongTier', `a step-up goes to a front-door, statutory or multi-agency child protection team; "${toTeam}" is ${tier}`, 'toTeam');
      return [{ type: 'SteppedUp', version: 1, data, metadata: meta }];
  }
}

function startAssessment({ data: a }: CommandOf<'StartAssessment'>, state: JourneyState, ctx: DecisionContext, meta: Meta): JourneyEvent[] {
  requireOpen(state);
  knownTeam(ctx, a.team, 'team');
  const open = openAssessment(state);
  if (open !== undefined) fail('AssessmentAlreadyOpen', `assessment ${open.assessmentId} is still open`);
  if (a.kind !== 'early-help' && state.referral === undefined) fail('ReferralRequired', `a ${a.kind} assessment needs an accepted referral`, 'kind');
  if (state.assessments.some((x) => x.assessmentId === a.assessmentId)) fail('InvalidCommand', `assessment ${a.assessmentId} already exists`, 'assessmentId');
  return [
    ...implicitHandover(state, a.team, 'assessment started', meta.occurredAt),
    { type: 'AssessmentStarted', version: 1, data: { assessmentId: a.assessmentId, kind: a.kind, team: a.team }, metadata: meta },
  ];
}

function completeAssessment({ data: c }: CommandOf<'CompleteAssessment'>, state: JourneyState, _ctx: DecisionContext, meta: Meta): JourneyEvent[] {
  requireOpen(state);
  const open = openAssessment(state);
  if (open === undefined) fail('NoOpenAssessment', 'there is no open assessment to complete');
  if (c.assessmentId !== undefined && c.assessmentId !== open.assessmentId) {
    fail('NoOpenAssessment', `assessment ${c.assessmentId} is not the open assessment (${open.assessmentId})`, 'assessmentId');
  }
  return [{ type: 'AssessmentCompleted', version: 1, data: { assessmentId: open.assessmentId, outcome: c.outcome, factors: [...c.factors] }, metadata: meta }];
}

function startPlan({ data: p }: CommandOf<'StartPlan'>, state: JourneyState, ctx: DecisionContext, meta: Meta): JourneyEvent[] {
  requireOpen(state);
  knownTeam(ctx, p.team, 'team');
  const same = openPlans(state).find((x) => x.kind === p.kind);
  if (same !== undefined) fail('PlanAlreadyOpen', `a ${p.kind} plan (${same.planId}) is already open`, 'kind');
  if (state.plans.some((x) => x.planId === p.planId)) fail('InvalidCommand', `plan ${p.planId} already exists`, 'planId');
  if (p.kind !== 'early-help' && state.referral === undefined) fail('ReferralRequired', `a ${p.kind} plan needs an accepted referral`, 'kind');
  return [
    ...implicitHandover(state, p.team, 'plan started', meta.occurredAt),
    { type: 'PlanStarted', version: 1, data: { planId: p.planId, kind: p.kind, team: p.team }, metadata: meta },
  ];
}

function endPlan({ data: e }: CommandOf<'EndPlan'>, state: JourneyState, _ctx: DecisionContext, meta: Meta): JourneyEvent[] {
  requireOpen(state);
  const plan = openPlans(state).find((x) => x.planId === e.planId);
  if (plan === undefined) fail('PlanNotOpen', `plan ${e.planId} is not open`, 'planId');
  return [{ type: 'PlanEnded', version: 1, data: { planId: plan.planId, reason: e.reason }, metadata: meta }];
}

function closeJourney({ data: c }: CommandOf<'CloseJourney'>, state: JourneyState, ctx: DecisionContext, meta: Meta): JourneyEvent[] {
  const holder = requireOpen(state);
  const undecided = undecidedContacts(state);
  if (undecided.length > 0) fail('UndecidedContact', `contact ${undecided[0].contactId} is awaiting a decision`);
  const open = openAssessment(state);
  if (open !== undefined) fail('AssessmentAlreadyOpen', `complete assessment ${open.assessmentId} before closing`);
  const team = c.team ?? holder;
  knownTeam(ctx, team, 'team');
  // Open plans end with the journey: closing is the decision to stop them.
  const endings: JourneyEvent[] = openPlans(state).map((p) => ({
    type: 'PlanEnded',
    version: 1,
    data: { planId: p.planId, reason: 'journey-closed' },
    metadata: meta,
  }));
  return [...endings, { type: 'JourneyClosed', version: 1, data: { reason: c.reason, team }, metadata: meta }];
}

function withdrawEntry({ data: w }: CommandOf<'WithdrawEntry'>, state: JourneyState, ctx: DecisionContext): JourneyEvent[] {
  if (state.status === 'empty') fail('JourneyNotFound', 'journey has not started');
  if (state.status === 'withdrawn') fail('JourneyWithdrawn', 'every entry of this journey is already withdrawn');
  const latest = state.standing[state.standing.length - 1];
  const target = state.standing.find((e) => e.metadata.eventId === w.eventId);
  if (target === undefined || target.metadata.eventId === undefined)
    fail('UnknownEntry', `entry ${w.eventId} is not a standing entry of this journey`, 'eventId');
  // Withdrawals unwind from the latest entry, so that what remains is always a valid history.
  if (latest.metadata.eventId !== w.eventId)
    fail('EntryNotLatest', `withdraw the later entries first (latest is ${latest.metadata.eventId}, ${latest.type})`, 'eventId');
  return [
    {
      type: 'EntryRecordedInError',
      version: 1,
      data: { withdrawnEventId: target.metadata.eventId, withdrawnType: target.type, reason: w.reason },
      metadata: { occurredAt: new Date(ctx.now).toISOString() },
    },
  ];
}

/** An activity from an imported process log: it may start the journey, and moves it to the team that carried it out. */
function recordActivity({ data: a }: CommandOf<'RecordActivity'>, state: JourneyState, ctx: DecisionContext, meta: Meta): JourneyEvent[] {
  knownTeam(ctx, a.team, 'team');
  if (state.status !== 'empty') requireOpen(state);
  if (a.activity.trim() === '' || a.activity.length > MAX_ACTIVITY_LENGTH)
    fail('InvalidCommand', `activity must be 1 to ${MAX_ACTIVITY_LENGTH} characters`, 'activity');
  const data = { activity: a.activity, ...(a.lifecycle !== undefined ? { lifecycle: a.lifecycle } : {}), team: a.team };
  return [...implicitHandover(state, a.team, 'transfer', meta.occurredAt), { type: 'ActivityRecorded', version: 1, data, metadata: meta }];
}

function practitionerReason(reason: string): void {
  if (!(PRACTITIONER_CHANGE_REASON_CODES as readonly string[]).includes(reason))
    fail('InvalidCommand', `reason must be one of ${PRACTITIONER_CHANGE_REASON_CODES.join(', ')}`, 'reason');
}

/**
 * A practitioner becomes the lead practitioner. The practitioner may belong to any team of the map
 * (a Family Help lead practitioner can come from a partner agency), not only the holder.
 */
function allocatePractitioner({ data: p }: CommandOf<'AllocatePractitioner'>, state: JourneyState, ctx: DecisionContext, meta: Meta): JourneyEvent[] {
  requireOpen(state);
  knownTeam(ctx, p.team, 'team');
  if (!PSEUDONYMOUS_REF.test(p.practitionerRef))
    fail('InvalidCommand', 'practitionerRef must be a pseudonymous reference (letters, digits and ._:-, at most 64)', 'practitionerRef');
  if (!(PRACTITIONER_ROLE_CODES as readonly string[]).includes(p.role))
    fail('InvalidCommand', `role must be one of ${PRACTITIONER_ROLE_CODES.join(', ')}`, 'role');
  practitionerReason(p.reason);
  const lead = leadPractitioner(state);
  if (lead !== undefined && lead.practitionerRef === p.practitionerRef && lead.team === p.team && lead.role === p.role)
    fail('PractitionerAlreadyAllocated', `practitioner ${p.practitionerRef} is already the lead practitioner in ${p.team} as ${p.role}`, 'practitionerRef');
  const data = { practitionerRef: p.practitionerRef, team: p.team, role: p.role, reason: p.reason };
  return [{ type: 'PractitionerAllocated', version: 1, data, metadata: meta }];
}

function unallocatePractitioner({ data: u }: CommandOf<'UnallocatePractitioner'>, state: JourneyState, _ctx: DecisionContext, meta: Meta): JourneyEvent[] {
  requireOpen(state);
  practitionerReason(u.reason);
  const lead = leadPractitioner(state);
  if (lead === undefined) fail('NoPractitionerAllocated', 'no lead practitioner is allocated to this journey');
  if (u.practitionerRef !== undefined && u.practitionerRef !== lead.practitionerRef)
    fail('NoPractitionerAllocated', `practitioner ${u.practitionerRef} is not the lead practitioner`, 'practitionerRef');
  return [{ type: 'PractitionerUnallocated', version: 1, data: { practitionerRef: lead.practitionerRef, reason: u.reason }, metadata: meta }];
}

function familyRefOf(familyRef: string): void {
  if (!PSEUDONYMOUS_REF.test(familyRef))
    fail('InvalidCommand', 'familyRef must be a pseudonymous reference (letters, digits and ._:-, at most 64)', 'familyRef');
}

/**
 * The child joins a family. A journey may belong to two families at once (a child between two
 * households), never twice to the same one: a membership that overlaps itself is refused.
 */
function joinFamily({ data: j }: CommandOf<'JoinFamily'>, state: JourneyState, _ctx: DecisionContext, meta: Meta): JourneyEvent[] {
  requireOpen(state);
  familyRefOf(j.familyRef);
  const open = state.families.find((f) => f.familyRef === j.familyRef && f.to === undefined);
  if (open !== undefined) fail('FamilyMembershipOverlaps', `the child is already a member of family ${j.familyRef} since ${open.from}`, 'familyRef');
  return [{ type: 'FamilyMembershipStarted', version: 1, data: { familyRef: j.familyRef }, metadata: meta }];
}

function leaveFamily({ data: l }: CommandOf<'LeaveFamily'>, state: JourneyState, _ctx: DecisionContext, meta: Meta): JourneyEvent[] {
  requireOpen(state);
  familyRefOf(l.familyRef);
  if (!state.families.some((f) => f.familyRef === l.familyRef && f.to === undefined))
    fail('NotAFamilyMember', `the child is not a member of family ${l.familyRef}`, 'familyRef');
  return [{ type: 'FamilyMembershipEnded', version: 1, data: { familyRef: l.familyRef }, metadata: meta }];
}

/**
 * A family group conference goes offered → accepted or declined → held (accepted only). A step out
 * of that order — held before it was offered or accepted, a second answer — is refused.
 */
function recordFamilyGroupConference(
  { data: c }: CommandOf<'RecordFamilyGroupConference'>,
  state: JourneyState,
  ctx: DecisionContext,
  meta: Meta,
): JourneyEvent[] {
  requireOpen(state);
  knownTeam(ctx, c.team, 'team');
  if (!PSEUDONYMOUS_REF.test(c.conferenceId)) fail('InvalidCommand', 'conferenceId must be letters, digits and ._:-, at most 64', 'conferenceId');
  if (!(FAMILY_GROUP_CONFERENCE_STEPS as readonly string[]).includes(c.step))
    fail('InvalidCommand', `step must be one of ${FAMILY_GROUP_CONFERENCE_STEPS.join(', ')}`, 'step');
  const conference = state.conferences.find((x) => x.conferenceId === c.conferenceId);
  const outOfOrder = (why: string) => fail('ConferenceStepOutOfOrder', `family group conference ${c.conferenceId}: ${why}`, 'step');
  if (c.step === 'offered') {
    if (conference !== undefined) outOfOrder('already offered');
  } else if (conference === undefined) {
    outOfOrder(`${c.step} before it was offered`);
  } else if (c.step === 'held') {
    if (conference.acceptedAt === undefined) outOfOrder('held before the family accepted it');
    if (conference.heldAt !== undefined) outOfOrder('already held');
  } else if (conference.acceptedAt !== undefined || conference.declinedAt !== undefined) {
    outOfOrder('the family has already answered');
  }
  return [{ type: 'FamilyGroupConferenceRecorded', version: 1, data: { conferenceId: c.conferenceId, step: c.step, team: c.team }, metadata: meta }];
}

/**
 * The child's characteristics: every value must come from its CIN census code list, so nothing
 * but codes reaches the event. `NONE` (no disability) stands alone. Recorded on an open or a
 * closed journey: it describes the child, it is not a step of the case.
 */
function recordChildCharacteristics(
  { data: c }: CommandOf<'RecordChildCharacteristics'>,
  state: JourneyState,
  _ctx: DecisionContext,
  meta: Meta,
): JourneyEvent[] {
  if (state.status === 'empty') fail('JourneyNotFound', 'journey has not started');
  if (state.status === 'withdrawn') fail('JourneyWithdrawn', 'every entry of this journey was withdrawn; start a new journey');
  if (!(SEX_CODE_LIST as readonly string[]).includes(c.sex)) fail('InvalidCommand', `sex must be one of ${SEX_CODE_LIST.join(', ')}`, 'sex');
  if (!(ETHNICITY_CODE_LIST as readonly string[]).includes(c.ethnicity))
    fail('InvalidCommand', `ethnicity must be a CIN census ethnicity code (${ETHNICITY_CODE_LIST.join(', ')})`, 'ethnicity');
  const disabilities = [...new Set(c.disabilities)];
  for (const d of disabilities)
    if (!(DISABILITY_CODE_LIST as readonly string[]).includes(d))
      fail('InvalidCommand', `disabilities must be CIN census disability codes (${DISABILITY_CODE_LIST.join(', ')})`, 'disabilities');
  if (disabilities.includes('NONE') && disabilities.length > 1) fail('InvalidCommand', 'NONE cannot be recorded with a disability', 'disabilities');
  if (!(AGE_BANDS as readonly string[]).includes(c.ageBand)) fail('InvalidCommand', `ageBand must be one of ${AGE_BANDS.join(', ')}`, 'ageBand');
  return [
    {
      type: 'ChildCharacteristicsRecorded',
      version: 1,
      data: { sex: c.sex, ethnicity: c.ethnicity, disabilities: disabilities.sort(), ageBand: c.ageBand },
      metadata: meta,
    },
  ];
}

/**
 * A pre-proceedings episode goes started → letter before proceedings sent → meeting held → step
 * decision with its outcome. The letter and the meeting may be skipped (an urgent step to court),
 * never taken out of order or after the decision; an outcome comes with the decision and only then.
 */
function recordPreProceedings({ data: p }: CommandOf<'RecordPreProceedings'>, state: JourneyState, ctx: DecisionContext, meta: Meta): JourneyEvent[] {
  requireOpen(state);
  knownTeam(ctx, p.team, 'team');
  if (!PSEUDONYMOUS_REF.test(p.preProceedingsId)) fail('InvalidCommand', 'preProceedingsId must be letters, digits and ._:-, at most 64', 'preProceedingsId');
  if (!(PRE_PROCEEDINGS_STEPS as readonly string[]).includes(p.step)) fail('InvalidCommand', `step must be one of ${PRE_PROCEEDINGS_STEPS.join(', ')}`, 'step');
  if (p.step === 'decided') {
    if (p.outcome === undefined || !(PRE_PROCEEDINGS_OUTCOME_CODES as readonly string[]).includes(p.outcome))
      fail('InvalidCommand', `outcome must be one of ${PRE_PROCEEDINGS_OUTCOME_CODES.join(', ')}`, 'outcome');
  } else if (p.outcome !== undefined) {
    fail('InvalidCommand', 'outcome is given only with the step decision (step decided)', 'outcome');
  }
  const episode = state.preProceedings.find((x) => x.preProceedingsId === p.preProceedingsId);
  const outOfOrder = (why: string) => fail('PreProceedingsStepOutOfOrder', `pre-proceedings ${p.preProceedingsId}: ${why}`, 'step');
  if (p.step === 'started') {
    if (episode !== undefined) outOfOrder('already started');
  } else if (episode === undefined) {
    outOfOrder(`${p.step} before pre-proceedings started`);
  } else if (episode.decidedAt !== undefined) {
    outOfOrder(`${p.step} after the step decision`);
  } else if (p.step === 'letter-sent' && (episode.letterSentAt !== undefined || episode.meetingHeldAt !== undefined)) {
    outOfOrder('the letter before proceedings was already sent');
  } else if (p.step === 'meeting-held' && episode.meetingHeldAt !== undefined) {
    outOfOrder('the pre-proceedings meeting was already held');
  }
  const data = { preProceedingsId: p.preProceedingsId, step: p.step, team: p.team, ...(p.outcome !== undefined ? { outcome: p.outcome } : {}) };
  return [{ type: 'PreProceedingsRecorded', version: 1, data, metadata: meta }];
}

/** Decides what a command means for a journey: the events to record, or a typed refusal. Pure. */
export function decide(command: JourneyCommand, state: JourneyState, ctx: DecisionContext): JourneyEvent[] {
  if (command.type === 'WithdrawEntry') return withdrawEntry(command, state, ctx);
  checkTime(state, command.data.occurredAt, ctx);
  const meta = at(command.data.occurredAt);
  switch (command.type) {
    case 'RecordContact':
      return recordContact(command, state, ctx, meta);
    case 'DecideContact':
      return decideContact(command, state, ctx, meta);
    case 'AcceptReferral':
      return acceptReferral(command, state, ctx, meta);
    case 'HandOver':
    case 'StepDown':
    case 'StepUp':
      return moveCase(command, state, ctx, meta);
    case 'StartAssessment':
      return startAssessment(command, state, ctx, meta);
    case 'CompleteAssessment':
      return completeAssessment(command, state, ctx, meta);
    case 'StartPlan':
      return startPlan(command, state, ctx, meta);
    case 'EndPlan':
      return endPlan(command, state, ctx, meta);
    case 'CloseJourney':
      return closeJourney(command, state, ctx, meta);
    case 'RecordActivity':
      return recordActivity(command, state, ctx, meta);
    case 'AllocatePractitioner':
      return allocatePractitioner(command, state, ctx, meta);
    case 'UnallocatePractitioner':
      return unallocatePractitioner(command, state, ctx, meta);
    case 'JoinFamily':
      return joinFamily(command, state, ctx, meta);
    case 'LeaveFamily':
      return leaveFamily(command, state, ctx, meta);
    case 'RecordFamilyGroupConference':
      return recordFamilyGroupConference(command, state, ctx, meta);
    case 'RecordChildCharacteristics':
      return recordChildCharacteristics(command, state, ctx, meta);
    case 'RecordPreProceedings':
      return recordPreProceedings(command, state, ctx, meta);
    default: {
      const unhandled: never = command;
      return unhandled;
    }
  }
}
