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

interface Command<Type extends string, Data> {
  readonly type: Type;
  readonly data: Data & { readonly occurredAt: string };
}

export type RecordContact = Command<
  'RecordContact',
  {
    contactId: string;
    childRef: string;
    source: ReferralSource;
    channel: ContactChannel;
    team: string;
    concerns: readonly string[];
    levelOfNeed: string;
  }
>;
export type DecideContact = Command<'DecideContact', { contactId?: string; outcome: ContactOutcome; team: string }>;
export type AcceptReferral = Command<
  'AcceptReferral',
  { referralId: string; childRef?: string; source: ReferralSource; primaryNeedCode: PrimaryNeedCode; team: string }
>;
export type HandOver = Command<'HandOver', { fromTeam: string; toTeam: string; reason: string }>;
export type StartAssessment = Command<'StartAssessment', { assessmentId: string; kind: AssessmentKind; team: string }>;
export type CompleteAssessment = Command<'CompleteAssessment', { assessmentId?: string; outcome: AssessmentOutcome; factors: readonly string[] }>;
export type StepDown = Command<'StepDown', { fromTeam: string; toTeam: string; reason: string }>;
export type StepUp = Command<'StepUp', { fromTeam: string; toTeam: string; reason: string }>;
export type StartPlan = Command<'StartPlan', { planId: string; kind: PlanKind; team: string }>;
export type EndPlan = Command<'EndPlan', { planId: string; reason: string }>;
export type CloseJourney = Command<'CloseJourney', { reason: ClosureReason; team?: string }>;
/** An activity of an imported event log (see `ActivityRecorded`). */
export type RecordActivity = Command<'RecordActivity', { activity: string; lifecycle?: string; team: string }>;
/** Make a practitioner the journey's lead practitioner (replacing any other). */
export type AllocatePractitioner = Command<
  'AllocatePractitioner',
  { practitionerRef: string; team: string; role: PractitionerRole; reason: PractitionerChangeReason }
>;
/** Take the lead practitioner off the journey; `practitionerRef`, when given, must be theirs. */
export type UnallocatePractitioner = Command<'UnallocatePractitioner', { practitionerRef?: string; reason: PractitionerChangeReason }>;
/** The journey's child joins a family (household) from `occurredAt`. */
export type JoinFamily = Command<'JoinFamily', { familyRef: string }>;
/** The journey's child leaves the family from `occurredAt`. */
export type LeaveFamily = Command<'LeaveFamily', { familyRef: string }>;
/** A step of a family group conference (offered, accepted, declined, held). */
export type RecordFamilyGroupConference = Command<'RecordFamilyGroupConference', { conferenceId: string; step: FamilyGroupConferenceStep; team: string }>;
/** Record the child's coded characteristics (the age band already worked out from the vault's date of birth). */
export type RecordChildCharacteristics = Command<
  'RecordChildCharacteristics',
  { sex: SexCode; ethnicity: EthnicityCode; disabilities: readonly DisabilityCode[]; ageBand: AgeBand }
>;
/** A step of a pre-proceedings episode; `outcome` is given with the step decision (`decided`) and only then. */
export type RecordPreProceedings = Command<
  'RecordPreProceedings',
  { preProceedingsId: string; step: PreProceedingsStep; team: string; outcome?: PreProceedingsOutcome }
>;
export type WithdrawEntry = Command<'WithdrawEntry', { eventId: string; reason: string }>;

export type JourneyCommand =
  | RecordContact
  | DecideContact
  | AcceptReferral
  | HandOver
  | StartAssessment
  | CompleteAssessment
  | StepDown
  | StepUp
  | StartPlan
  | EndPlan
  | CloseJourney
  | RecordActivity
  | AllocatePractitioner
  | UnallocatePractitioner
  | JoinFamily
  | LeaveFamily
  | RecordFamilyGroupConference
  | RecordChildCharacteristics
  | RecordPreProceedings
  | WithdrawEntry;

export type JourneyCommandType = JourneyCommand['type'];
