import type {
  AssessmentKind,
  AssessmentOutcome,
  ClosureReason,
  ContactChannel,
  ContactOutcome,
  PlanKind,
  PrimaryNeedCode,
  ReferralSource,
} from '../codes/cin-codes';
import type { FamilyGroupConferenceStep, PractitionerChangeReason, PractitionerRole } from '../codes/practitioner-codes';
import type { AgeBand, DisabilityCode, EthnicityCode, SexCode } from '../codes/child-characteristics';
import type { PreProceedingsOutcome, PreProceedingsStep } from '../codes/pre-proceedings-codes';

/** Who recorded an event: the user id from the identity provider and the role they acted in. */
export interface Actor {
  readonly userId: string;
  readonly role: string;
}

/**
 * Metadata every stored journey event carries. `occurredAt` is business time and may
 * be back-dated; `recordedAt` is when the ledger wrote it. `causationId` is the command id, which
 * is what makes commands idempotent.
 */
export interface JourneyEventMetadata {
  readonly eventId: string;
  readonly journeyId: string;
  readonly tenantId: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId: string;
}

/** An event as the decider emits it: only business time is known; the rest is added on append. */
export interface DomainEvent<Type extends string, Data, Version extends number = 1> {
  readonly type: Type;
  readonly version: Version;
  readonly data: Data;
  readonly metadata: { readonly occurredAt: string } & Partial<JourneyEventMetadata>;
}

/** A concern about a child reaches the front door. Starts a journey, or adds a contact to an open one. */
export type ContactReceived = DomainEvent<
  'ContactReceived',
  {
    readonly contactId: string;
    /** Pseudonymous child reference: never a name or date of birth. */
    readonly childRef: string;
    readonly source: ReferralSource;
    readonly channel: ContactChannel;
    readonly team: string;
    readonly concerns: readonly string[];
    readonly levelOfNeed: string;
  }
>;

export type ContactDecided = DomainEvent<'ContactDecided', { readonly contactId: string; readonly outcome: ContactOutcome; readonly team: string }>;

/** The start of a CIN episode (census item N00100, referral date). */
export type ReferralAccepted = DomainEvent<
  'ReferralAccepted',
  {
    readonly referralId: string;
    readonly childRef: string;
    readonly source: ReferralSource;
    readonly primaryNeedCode: PrimaryNeedCode;
    readonly team: string;
  }
>;

/** The holder changes between two teams: a handover point. */
export type CaseHandedOver = DomainEvent<'CaseHandedOver', { readonly fromTeam: string; readonly toTeam: string; readonly reason: string }>;

export type AssessmentStarted = DomainEvent<'AssessmentStarted', { readonly assessmentId: string; readonly kind: AssessmentKind; readonly team: string }>;

export type AssessmentCompleted = DomainEvent<
  'AssessmentCompleted',
  { readonly assessmentId: string; readonly outcome: AssessmentOutcome; readonly factors: readonly string[] }
>;

/** From social care (or the front door) down to early help: a handover too. */
export type SteppedDown = DomainEvent<'SteppedDown', { readonly fromTeam: string; readonly toTeam: string; readonly reason: string }>;

/** From early help up to social care: a handover too. */
export type SteppedUp = DomainEvent<'SteppedUp', { readonly fromTeam: string; readonly toTeam: string; readonly reason: string }>;

export type PlanStarted = DomainEvent<'PlanStarted', { readonly planId: string; readonly kind: PlanKind; readonly team: string }>;

export type PlanEnded = DomainEvent<'PlanEnded', { readonly planId: string; readonly reason: string }>;

export type JourneyClosed = DomainEvent<'JourneyClosed', { readonly reason: ClosureReason; readonly team: string }>;

/**
 * A step of work from an imported event log (an activity in another service's process) that the
 * domain has no name of its own for. It starts the journey when it is the first entry; recorded
 * by a team that does not hold the case, the decider records the handover first; otherwise it
 * only marks the time. `activity` is the log's activity label, `lifecycle` its XES transition.
 */
export type ActivityRecorded = DomainEvent<'ActivityRecorded', { readonly activity: string; readonly lifecycle?: string; readonly team: string }>;

/**
 * A practitioner becomes the journey's lead practitioner (allocated worker, key worker). Allocated
 * while another is, it replaces them: a change of lead practitioner unless it is the same person
 * (same `practitionerRef`) in a new team or role. `practitionerRef` is pseudonymous.
 */
export type PractitionerAllocated = DomainEvent<
  'PractitionerAllocated',
  { readonly practitionerRef: string; readonly team: string; readonly role: PractitionerRole; readonly reason: PractitionerChangeReason }
>;

/** The lead practitioner is taken off the journey and nobody replaces them yet: the journey is unallocated. */
export type PractitionerUnallocated = DomainEvent<'PractitionerUnallocated', { readonly practitionerRef: string; readonly reason: PractitionerChangeReason }>;

/**
 * The journey's child is a member of a family (household) from `occurredAt`: journeys of siblings,
 * and of the same child over time, share the pseudonymous `familyRef`.
 */
export type FamilyMembershipStarted = DomainEvent<'FamilyMembershipStarted', { readonly familyRef: string }>;

/** The journey's child is no longer a member of the family from `occurredAt` (moved household, or recorded in the wrong family). */
export type FamilyMembershipEnded = DomainEvent<'FamilyMembershipEnded', { readonly familyRef: string }>;

/**
 * Family group decision-making (FGDM): a family group conference is offered to the family, who
 * accept or decline it, and an accepted one is held (CIN census 2026-27 `FGDMMeetingOffer`,
 * `FGDMMeetingFac`). `step` says which.
 */
export type FamilyGroupConferenceRecorded = DomainEvent<
  'FamilyGroupConferenceRecorded',
  { readonly conferenceId: string; readonly step: FamilyGroupConferenceStep; readonly team: string }
>;

/**
 * The journey's child's characteristics as the CIN census codes them, for breaking measures down
 * by group (equality impact). Coded values only: the age band is worked out from the date of
 * birth held in the personal-data vault when this is recorded, and the date itself never enters
 * an event. A later recording replaces an earlier one.
 */
export type ChildCharacteristicsRecorded = DomainEvent<
  'ChildCharacteristicsRecorded',
  { readonly sex: SexCode; readonly ethnicity: EthnicityCode; readonly disabilities: readonly DisabilityCode[]; readonly ageBand: AgeBand }
>;

/**
 * A step of a pre-proceedings episode (CIN census 2026-27 `PPStartDate`, `StepDecisionDate`,
 * `PPOutcome`): started, letter before proceedings sent, pre-proceedings meeting held, and the
 * step decision, which alone carries an `outcome`.
 */
export type PreProceedingsRecorded = DomainEvent<
  'PreProceedingsRecorded',
  { readonly preProceedingsId: string; readonly step: PreProceedingsStep; readonly team: string; readonly outcome?: PreProceedingsOutcome }
>;

/** A correction: events are never edited or deleted, they are withdrawn by a later event. */
export type EntryRecordedInError = DomainEvent<
  'EntryRecordedInError',
  { readonly withdrawnEventId: string; readonly withdrawnType: JourneyEventType; readonly reason: string }
>;

export type JourneyEvent =
  | ContactReceived
  | ContactDecided
  | ReferralAccepted
  | CaseHandedOver
  | AssessmentStarted
  | AssessmentCompleted
  | SteppedDown
  | SteppedUp
  | PlanStarted
  | PlanEnded
  | JourneyClosed
  | ActivityRecorded
  | PractitionerAllocated
  | PractitionerUnallocated
  | FamilyMembershipStarted
  | FamilyMembershipEnded
  | FamilyGroupConferenceRecorded
  | ChildCharacteristicsRecorded
  | PreProceedingsRecorded
  | EntryRecordedInError;

export type JourneyEventType = JourneyEvent['type'];

export const JOURNEY_EVENT_TYPES: readonly JourneyEventType[] = [
  'ContactReceived',
  'ContactDecided',
  'ReferralAccepted',
  'CaseHandedOver',
  'AssessmentStarted',
  'AssessmentCompleted',
  'SteppedDown',
  'SteppedUp',
  'PlanStarted',
  'PlanEnded',
  'JourneyClosed',
  'ActivityRecorded',
  'PractitionerAllocated',
  'PractitionerUnallocated',
  'FamilyMembershipStarted',
  'FamilyMembershipEnded',
  'FamilyGroupConferenceRecorded',
  'ChildCharacteristicsRecorded',
  'PreProceedingsRecorded',
  'EntryRecordedInError',
];

/** Events that move the case from one team to another. */
export const HANDOVER_EVENT_TYPES: ReadonlySet<JourneyEventType> = new Set(['CaseHandedOver', 'SteppedDown', 'SteppedUp']);

/** An event read back from the store: all metadata is present. */
export type RecordedJourneyEvent = JourneyEvent & { readonly metadata: JourneyEventMetadata };
