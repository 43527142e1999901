/**
 * A child's characteristics as the Children in Need census codes them (DfE CIN census guidance):
 * coded values only, so that measures can be broken down by them (equality impact) without any
 * personal data in events. A date of birth stays in the personal-data vault; events carry only the
 * age band it gives.
 */

/** CIN census sex / gender (item N00783, `GenderCurrent`). */
export const SEX_CODES = {
  '1': 'Male',
  '2': 'Female',
  '0': 'Not known',
  '9': 'Not specified',
} as const;
export type SexCode = keyof typeof SEX_CODES;
export const SEX_CODE_LIST = Object.keys(SEX_CODES) as SexCode[];

/** CIN census ethnicity (item N00177), the DfE's 5-letter codes. */
export const ETHNICITY_CODES = {
  WBRI: 'White British',
  WIRI: 'White Irish',
  WIRT: 'Traveller of Irish heritage',
  WOTH: 'Any other White background',
  WROM: 'Gypsy/Roma',
  MWBC: 'White and Black Caribbean',
  MWBA: 'White and Black African',
  MWAS: 'White and Asian',
  MOTH: 'Any other mixed background',
  AIND: 'Indian',
  APKN: 'Pakistani',
  ABAN: 'Bangladeshi',
  AOTH: 'Any other Asian background',
  BCRB: 'Black Caribbean',
  BAFR: 'Black African',
  BOTH: 'Any other Black background',
  CHNE: 'Chinese',
  OOTH: 'Any other ethnic group',
  REFU: 'Refused',
  NOBT: 'Information not yet obtained',
} as const;
export type EthnicityCode = keyof typeof ETHNICITY_CODES;
export const ETHNICITY_CODE_LIST = Object.keys(ETHNICITY_CODES) as EthnicityCode[];

/** CIN census disability (item N00099); a child may have several, or `NONE`. */
export const DISABILITY_CODES = {
  NONE: 'No disability',
  MOB: 'Mobility',
  HAND: 'Hand function',
  PC: 'Personal care',
  INC: 'Incontinence',
  COMM: 'Communication',
  LD: 'Learning',
  HEAR: 'Hearing',
  VIS: 'Vision',
  BEH: 'Behaviour',
  CON: 'Consciousness',
  AUT: 'Autism/Asperger syndrome',
  DDA: 'Other DDA',
} as const;
export type DisabilityCode = keyof typeof DISABILITY_CODES;
export const DISABILITY_CODE_LIST = Object.keys(DISABILITY_CODES) as DisabilityCode[];

/**
 * Age bands of the DfE's Characteristics of children in need release (age at the date that
 * matters: here the date the characteristics were recorded). `unknown`: no date of birth held.
 */
export const AGE_BANDS = ['unborn', 'under-1', '1-4', '5-9', '10-15', '16-plus', 'unknown'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** Whole years from `dateOfBirth` (YYYY-MM-DD) to the local date `on` (YYYY-MM-DD); negative when not yet born. */
export function ageInYears(dateOfBirth: string, on: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  if (on < dateOfBirth) return -1;
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** The age band of a child born on `dateOfBirth` on the date `on` (both YYYY-MM-DD); pure, so that the date of birth never needs to leave the caller. */
export function ageBandOn(dateOfBirth: string | undefined, on: string): AgeBand {
  if (dateOfBirth === undefined) return 'unknown';
  const age = ageInYears(dateOfBirth, on);
  if (age < 0) return 'unborn';
  if (age < 1) return 'under-1';
  if (age < 5) return '1-4';
  if (age < 10) return '5-9';
  if (age < 16) return '10-15';
  return '16-plus';
}

/** How a breakdown groups disability: a child with any code but `NONE` is disabled. */
export const DISABILITY_GROUPS = ['disabled', 'not-disabled', 'not-recorded'] as const;
export type DisabilityGroup = (typeof DISABILITY_GROUPS)[number];
export function disabilityGroup(codes: readonly string[]): DisabilityGroup {
  if (codes.length === 0) return 'not-recorded';
  return codes.some((c) => c !== 'NONE') ? 'disabled' : 'not-disabled';
}
