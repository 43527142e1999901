/**
 * The lead practitioner (key worker) of a journey: the person the family deals with. Practitioners
 * are named only by a pseudonymous reference the council issues (its worker id, or a hash of it):
 * never a name, an email address or anything else that identifies them outside the council.
 */
export const PRACTITIONER_ROLES = {
  'social-worker': 'Allocated social worker (section 17, section 47, child protection)',
  'family-help-lead-practitioner': 'Family Help lead practitioner (Families First)',
  'lead-child-protection-practitioner': 'Lead child protection practitioner in a multi-agency child protection team',
  'early-help-practitioner': 'Early help key worker',
  'partner-lead-practitioner': 'Lead practitioner from a partner agency (school, health, police)',
} as const;
export type PractitionerRole = keyof typeof PRACTITIONER_ROLES;
export const PRACTITIONER_ROLE_CODES = Object.keys(PRACTITIONER_ROLES) as PractitionerRole[];

/** Why a practitioner was allocated to a journey or taken off it, as codes (never free text). */
export const PRACTITIONER_CHANGE_REASONS = {
  'first-allocation': 'The journey is allocated for the first time',
  'case-transferred': 'The case moved to another team and a practitioner there took it',
  'step-down': 'Stepped down: the practitioner changes with the level of help',
  'step-up': 'Stepped up: the practitioner changes with the level of help',
  'practitioner-left': 'The practitioner left the team or the council',
  'practitioner-absence': 'The practitioner is absent (leave, sickness)',
  caseload: 'Reallocated to balance caseloads',
  specialism: 'A practitioner with a specialism took the case',
  'family-request': 'The family asked for another practitioner',
  'awaiting-reallocation': 'Taken off the practitioner; waiting for someone else',
  other: 'Any other reason',
} as const;
export type PractitionerChangeReason = keyof typeof PRACTITIONER_CHANGE_REASONS;
export const PRACTITIONER_CHANGE_REASON_CODES = Object.keys(PRACTITIONER_CHANGE_REASONS) as PractitionerChangeReason[];

/** A pseudonymous reference: letters, digits and `._:-`, at most 64 characters, so no name with spaces or an email fits. */
export const PSEUDONYMOUS_REF = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

/** The steps of a family group conference, in order: offered, then accepted or declined, then (accepted) held. */
export const FAMILY_GROUP_CONFERENCE_STEPS = ['offered', 'accepted', 'declined', 'held'] as const;
export type FamilyGroupConferenceStep = (typeof FAMILY_GROUP_CONFERENCE_STEPS)[number];
