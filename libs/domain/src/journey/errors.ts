/**
 * Why a command was refused. `code` is stable for clients; `field` names the part of the command
 * at fault, so the API can return field-level messages.
 */
export type JourneyRuleCode =
  | 'JourneyNotFound'
  | 'JourneyClosed'
  | 'JourneyWithdrawn'
  | 'UnknownTeam'
  | 'NotTheHolder'
  | 'HandoverToSameTeam'
  | 'WrongTier'
  | 'NoUndecidedContact'
  | 'ContactAlreadyDecided'
  | 'ReferralAlreadyAccepted'
  | 'ReferralRequired'
  | 'AssessmentAlreadyOpen'
  | 'NoOpenAssessment'
  | 'PlanAlreadyOpen'
  | 'PlanNotOpen'
  | 'ChildMismatch'
  | 'OccurredInFuture'
  | 'OccurredOutOfOrder'
  | 'UndecidedContact'
  | 'UnknownEntry'
  | 'EntryNotLatest'
  | 'PractitionerAlreadyAllocated'
  | 'NoPractitionerAllocated'
  | 'FamilyMembershipOverlaps'
  | 'NotAFamilyMember'
  | 'ConferenceStepOutOfOrder'
  | 'PreProceedingsStepOutOfOrder'
  | 'InvalidCommand';

export class JourneyRuleViolation extends Error {
  constructor(
    readonly code: JourneyRuleCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'JourneyRuleViolation';
  }
}
