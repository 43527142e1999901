/**
 * Code lists from the Children in Need (CIN) census guidance (DfE), kept as data so that
 * validators, importers and the OpenAPI document share one source.
 */

/** CIN census referral source codes (item N00152). */
export const REFERRAL_SOURCES = {
  '1A': 'Individual: family member/relative/carer',
  '1B': 'Individual: acquaintance (including neighbours and child minders)',
  '1C': 'Individual: self',
  '1D': 'Individual: other',
  '2A': 'Schools',
  '2B': 'Education services',
  '3A': 'Health services: GP',
  '3B': 'Health services: health visitor',
  '3C': 'Health services: school nurse',
  '3D': 'Health services: other primary health services',
  '3E': 'Health services: A&E (emergency department)',
  '3F': 'Health services: other',
  '4': 'Housing (LA housing or housing association)',
  '5A': 'LA services: social care e.g. adults social care',
  '5B': 'LA services: other internal',
  '5C': 'LA services: external e.g. from another LA',
  '5D': 'LA services: early help',
  '6': 'Police',
  '7': 'Other legal agency',
  '8': 'Other',
  '9': 'Anonymous',
  '10': 'Unknown',
} as const;
export type ReferralSource = keyof typeof REFERRAL_SOURCES;
export const REFERRAL_SOURCE_CODES = Object.keys(REFERRAL_SOURCES) as ReferralSource[];

/** CIN census primary need codes (item N00101). */
export const PRIMARY_NEED_CODES = {
  N0: 'Not stated',
  N1: 'Abuse or neglect',
  N2: "Child's disability or illness",
  N3: 'Parental disability or illness',
  N4: 'Family in acute stress',
  N5: 'Family dysfunction',
  N6: 'Socially unacceptable behaviour',
  N7: 'Low income',
  N8: 'Absent parenting',
  N9: 'Cases other than children in need',
} as const;
export type PrimaryNeedCode = keyof typeof PRIMARY_NEED_CODES;
export const PRIMARY_NEED_CODE_LIST = Object.keys(PRIMARY_NEED_CODES) as PrimaryNeedCode[];

/**
 * Reasons a journey closes. RC1–RC9 are the CIN census reasons for closure (item N00103) and
 * apply to journeys that reached a referral; the local codes close journeys that never did
 * (a contact decided NFA, advice and signposting, or early help that ended).
 */
export const CLOSURE_REASONS = {
  RC1: 'Adopted',
  RC2: 'Died',
  RC3: 'Child arrangements order',
  RC4: 'Special guardianship order',
  RC5: 'Transferred to services of another local authority',
  RC6: 'Transferred to adult social care services',
  RC7: 'Services ceased for any other reason, including child no longer in need',
  RC8: 'Case closed after assessment, no further action',
  RC9: 'Case closed after assessment, referred to early help',
  'contact-nfa': 'Contact closed with no further action (local)',
  'contact-advice-signposting': 'Contact closed with information, advice and signposting (local)',
  'early-help-completed': 'Early help completed, needs met (local)',
  'early-help-ended': 'Early help ended for another reason (local)',
} as const;
export type ClosureReason = keyof typeof CLOSURE_REASONS;
export const CLOSURE_REASON_CODES = Object.keys(CLOSURE_REASONS) as ClosureReason[];

export const CONTACT_CHANNELS = ['phone', 'portal', 'email', 'letter', 'in-person', 'police-notification', 'emergency-duty'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

export const CONTACT_OUTCOMES = ['nfa', 'advice-signposting', 'early-help', 'referral'] as const;
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];

export const ASSESSMENT_KINDS = ['early-help', 'single', 'section-47'] as const;
export type AssessmentKind = (typeof ASSESSMENT_KINDS)[number];

/**
 * `nfa` and `early-help` are the DfE's "assessed not to be in need" (closure RC8 / RC9).
 */
export const ASSESSMENT_OUTCOMES = ['nfa', 'early-help', 'child-in-need-plan', 'child-protection', 'looked-after'] as const;
export type AssessmentOutcome = (typeof ASSESSMENT_OUTCOMES)[number];

export const PLAN_KINDS = ['early-help', 'child-in-need', 'child-protection'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];

/**
 * Tiers of a council's team map. `family-help` (Families First, from 2025): one service for targeted
 * early help and section 17 child-in-need work under a lead practitioner; `multi-agency-child-protection`:
 * the council, police, health and education team that takes child protection (section 47) enquiries.
 * `unknown`: a team found in an imported event log that no mapping has placed yet.
 */
export const TEAM_TIERS = ['front-door', 'early-help', 'family-help', 'statutory', 'multi-agency-child-protection', 'partner', 'universal', 'unknown'] as const;
export type TeamTier = (typeof TEAM_TIERS)[number];
