import type { AssessmentKind, AssessmentOutcome, ClosureReason, ContactOutcome, PlanKind, PrimaryNeedCode, ReferralSource } from '../codes/cin-codes';
import type { PractitionerRole } from '../codes/practitioner-codes';
import type { AgeBand, DisabilityCode, EthnicityCode, SexCode } from '../codes/child-characteristics';
import type { PreProceedingsOutcome } from '../codes/pre-proceedings-codes';
import type { JourneyEvent } from './events';

export interface ContactRecord {
  readonly contactId: string;
  readonly source: ReferralSource;
  readonly team: string;
  readonly levelOfNeed: string;
  readonly receivedAt: string;
  readonly decidedAt?: string;
  readonly outcome?: ContactOutcome;
}

export interface ReferralRecord {
  readonly referralId: string;
  readonly source: ReferralSource;
  readonly primaryNeedCode: PrimaryNeedCode;
  readonly team: string;
  readonly acceptedAt: string;
}

export interface AssessmentRecord {
  readonly assessmentId: string;
  readonly kind: AssessmentKind;
  readonly team: string;
  readonly startedAt: string;
  readonly completedAt?: string;
  readonly outcome?: AssessmentOutcome;
}

export interface PlanRecord {
  readonly planId: string;
  readonly kind: PlanKind;
  readonly team: string;
  readonly startedAt: string;
  readonly endedAt?: string;
}

/** One spell of a team holding the journey. */
export interface HolderSpell {
  readonly team: string;
  readonly from: string;
  readonly to?: string;
}

/** One spell of a practitioner as the journey's lead practitioner. */
export interface PractitionerSpell {
  readonly practitionerRef: string;
  readonly team: string;
  readonly role: PractitionerRole;
  readonly from: string;
  readonly to?: string;
}

/** A spell of the journey's child as a member of a family. */
export interface FamilyMembership {
  readonly familyRef: string;
  readonly from: string;
  readonly to?: string;
}

/** A family group conference and the times of its steps. */
export interface FamilyGroupConference {
  readonly conferenceId: string;
  readonly offeredAt: string;
  readonly acceptedAt?: string;
  readonly declinedAt?: string;
  readonly heldAt?: string;
}

/** The child's coded characteristics, as last recorded on the journey. */
export interface ChildCharacteristics {
  readonly sex: SexCode;
  readonly ethnicity: EthnicityCode;
  readonly disabilities: readonly DisabilityCode[];
  readonly ageBand: AgeBand;
  readonly recordedAt: string;
}

/** A pre-proceedings episode and the times of its steps. */
export interface PreProceedingsEpisode {
  readonly preProceedingsId: string;
  readonly team: string;
  readonly startedAt: string;
  readonly letterSentAt?: string;
  readonly meetingHeldAt?: string;
  readonly decidedAt?: string;
  readonly outcome?: PreProceedingsOutcome;
}

export type JourneyStatus = 'empty' | 'open' | 'closed' | 'withdrawn';

/**
 * What the ledger knows about one journey after folding its standing events (recording order).
 * Everything here is derivable from the stream; nothing is stored outside it.
 */
export interface JourneyState {
  readonly status: JourneyStatus;
  readonly childRef?: string;
  /** Exactly one while open (invariant). */
  readonly holder?: string;
  readonly holders: readonly HolderSpell[];
  readonly teamsTouched: readonly string[];
  readonly handovers: number;
  readonly handoversBeforeHelp: number;
  /** First help delivered: the first assessment or plan started. */
  readonly firstHelpAt?: string;
  readonly startedAt?: string;
  readonly lastOccurredAt?: string;
  readonly closedAt?: string;
  readonly closureReason?: ClosureReason;
  readonly contacts: readonly ContactRecord[];
  readonly referral?: ReferralRecord;
  readonly assessments: readonly AssessmentRecord[];
  readonly plans: readonly PlanRecord[];
  /** Lead practitioner spells, oldest first; the open one (no `to`) is the current lead practitioner. */
  readonly practitioners: readonly PractitionerSpell[];
  /** Changes of lead practitioner: allocations of someone other than the last lead practitioner (the first allocation is not a change). */
  readonly practitionerChanges: number;
  /** Family memberships, oldest first; open ones have no `to`. */
  readonly families: readonly FamilyMembership[];
  readonly conferences: readonly FamilyGroupConference[];
  /** Coded characteristics of the child (CIN census), if recorded. */
  readonly characteristics?: ChildCharacteristics;
  readonly preProceedings: readonly PreProceedingsEpisode[];
  /** Standing (not withdrawn) events in recording order, newest last: what a withdrawal unwinds. */
  readonly standing: readonly JourneyEvent[];
  readonly withdrawals: number;
}

export const initialJourneyState = (): JourneyState => ({
  status: 'empty',
  holders: [],
  teamsTouched: [],
  handovers: 0,
  handoversBeforeHelp: 0,
  contacts: [],
  assessments: [],
  plans: [],
  practitioners: [],
  practitionerChanges: 0,
  families: [],
  conferences: [],
  preProceedings: [],
  standing: [],
  withdrawals: 0,
});

export const openAssessment = (s: JourneyState): AssessmentRecord | undefined => s.assessments.find((a) => a.completedAt === undefined);

export const openPlans = (s: JourneyState): PlanRecord[] => s.plans.filter((p) => p.endedAt === undefined);

export const undecidedContacts = (s: JourneyState): ContactRecord[] => s.contacts.filter((c) => c.outcome === undefined);

/** The journey's lead practitioner now, if one is allocated. */
export const leadPractitioner = (s: JourneyState): PractitionerSpell | undefined => {
  const last = s.practitioners[s.practitioners.length - 1];
  return last !== undefined && last.to === undefined ? last : undefined;
};
