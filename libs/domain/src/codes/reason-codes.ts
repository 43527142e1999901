/**
 * Why a case moved, a plan ended or an entry was withdrawn, as codes. Events never carry free
 * text: a reason typed by a worker ends up naming the child or the family ("moved to her
 * grandmother's"), and an event, unlike the vault, can never be erased. What a code cannot say
 * belongs in the council's case management system, not in the ledger.
 */
export const MOVE_REASONS = {
  'threshold-decision': 'The front door decided the level of need and passed the case on',
  'multi-agency-decision': 'The contact needs a multi-agency (MASH) decision',
  'out-of-hours': 'Passed on after an out-of-hours contact',
  'referral-accepted': 'Moved with a referral accepted by another team',
  'for-assessment': 'Allocated for a statutory assessment',
  'child-in-need-plan': 'To the team holding a child in need plan',
  'child-protection-plan': 'To the team holding a child protection plan',
  'child-looked-after': 'To the team for children looked after',
  'early-help': 'Stepped down to early help',
  escalation: 'Needs escalated: stepped up to social care',
  locality: 'To the team for the area where the family lives',
  reallocation: 'Reallocated between teams (capacity, specialism)',
  'wrong-team': 'Sent to the wrong team first',
  transfer: 'Any other transfer',
} as const;
export type MoveReason = keyof typeof MOVE_REASONS;
export const MOVE_REASON_CODES = Object.keys(MOVE_REASONS) as MoveReason[];

export const PLAN_END_REASONS = {
  'plan-completed': 'The plan’s goals were met',
  'stepped-down': 'Ended on a step-down to early help',
  'stepped-up': 'Ended on a step-up to social care',
  'replaced-by-another-plan': 'Another plan replaces it',
  'family-moved-away': 'The family moved out of the council’s area',
  'consent-withdrawn': 'The family withdrew consent (early help)',
  'journey-closed': 'Ended because the journey closed',
  other: 'Any other reason',
} as const;
export type PlanEndReason = keyof typeof PLAN_END_REASONS;
export const PLAN_END_REASON_CODES = Object.keys(PLAN_END_REASONS) as PlanEndReason[];

export const WITHDRAWAL_REASONS = {
  'recorded-in-error': 'It did not happen',
  'wrong-journey': 'Recorded on another child’s journey',
  'wrong-team': 'The team was wrong',
  'wrong-date': 'The date was wrong: withdrawn to record it again',
  duplicate: 'Recorded twice',
} as const;
export type WithdrawalReason = keyof typeof WITHDRAWAL_REASONS;
export const WITHDRAWAL_REASON_CODES = Object.keys(WITHDRAWAL_REASONS) as WithdrawalReason[];
