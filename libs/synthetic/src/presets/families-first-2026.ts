import type { SyntheticPreset } from './preset';
import { england202425 } from './england-2024-25';

/**
 * A Families First front door, financial year 2025-26 (1 April 2025 – 31 March 2026): Family
 * Help holds early help and child-in-need plans under a lead practitioner, a multi-agency child
 * protection team holds section 47 enquiries and child protection plans, children come in
 * families with siblings, family group conferences are offered and pre-proceedings run.
 *
 * Sources (see docs/synthetic-data.md):
 * - The front door's flow (sources, contact outcomes, NFA, assessments, re-referrals) is the
 *   England 2024-25 preset's, DfE figures or ESTIMATES as marked there.
 * - The Public Law Outline timetables pre-proceedings to 16 weeks: the median of 112 days.
 * - Every other Families First figure is an ESTIMATE: no published figure in the domain reference
 *   (practitioners per team, turnover, practitioners kept on a step-down, siblings, FGDM offer and
 *   take-up, the share of CP plans entering pre-proceedings and its outcomes).
 */
export const familiesFirst2026: SyntheticPreset = {
  ...england202425,
  id: 'families-first-2026',
  description: 'A Families First front door 2025-26: Family Help and multi-agency child protection, lead practitioners, siblings, FGDM and pre-proceedings',
  year: { start: '2025-04-01', end: '2026-04-01' },
  // gov.uk/bank-holidays, England and Wales.
  bankHolidays: [
    '2025-04-18',
    '2025-04-21',
    '2025-05-05',
    '2025-05-26',
    '2025-08-25',
    '2025-12-25',
    '2025-12-26',
    '2026-01-01',
    '2026-04-03',
    '2026-04-06',
    '2026-05-04',
    '2026-05-25',
  ],
  familiesFirst: {
    practitionersPerTeam: 12, // ESTIMATE
    practitionerTurnoverShare: 0.25, // ESTIMATE
    keepPractitionerOnStepDownShare: 0.6, // ESTIMATE
    siblingShare: 0.3, // ESTIMATE
    fgdmOfferShare: 0.35, // ESTIMATE
    fgdmTakeUpShare: 0.6, // ESTIMATE
    preProceedingsShareOfCp: 0.15, // ESTIMATE
    preProceedingsDays: 112, // Public Law Outline: 16 weeks
    // ESTIMATE; the outcome codes themselves are provisional (docs/families-first.md).
    preProceedingsOutcomes: {
      'care-proceedings-issued': 0.3,
      'continue-child-protection-plan': 0.3,
      'step-down-child-in-need': 0.15,
      'step-down-family-help': 0.15,
      'no-further-action': 0.05,
      other: 0.05,
    },
  },
};
