/**
 * Pre-proceedings (the Public Law Outline's work with a family before a council applies for a care
 * order), as the CIN census 2026-27 pre-proceedings and FGDM module records it: `PPStartDate`,
 * the letter before proceedings and the pre-proceedings meeting, `StepDecisionDate` and `PPOutcome`.
 */

/** The steps of a pre-proceedings episode, in order: started, letter sent, meeting held, then decided (with an outcome). */
export const PRE_PROCEEDINGS_STEPS = ['started', 'letter-sent', 'meeting-held', 'decided'] as const;
export type PreProceedingsStep = (typeof PRE_PROCEEDINGS_STEPS)[number];

/**
 * What the step decision (`StepDecisionDate`) decided: the episode's `PPOutcome`.
 *
 * PROVISIONAL: the DfE's published code list for `PPOutcome` was not available when these codes
 * were written. They name the outcomes the Public Law Outline allows; an importer maps a census
 * value to one of them, and a code list change is a mapping change, not an event change.
 */
export const PRE_PROCEEDINGS_OUTCOMES = {
  'care-proceedings-issued': 'The council applied to court for a care or supervision order',
  'continue-child-protection-plan': 'Pre-proceedings ended; the child stays on a child protection plan',
  'step-down-child-in-need': 'Stepped down to a child in need plan',
  'step-down-family-help': 'Stepped down to Family Help',
  'no-further-action': 'Pre-proceedings ended with no further statutory action',
  'child-moved-away': 'The child moved to another council area',
  other: 'Any other outcome',
} as const;
export type PreProceedingsOutcome = keyof typeof PRE_PROCEEDINGS_OUTCOMES;
export const PRE_PROCEEDINGS_OUTCOME_CODES = Object.keys(PRE_PROCEEDINGS_OUTCOMES) as PreProceedingsOutcome[];
