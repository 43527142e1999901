import type { ContactOutcome, PreProceedingsOutcome, PrimaryNeedCode, ReferralSource } from '@journey-ledger/domain';

/**
 * The Families First model: lead practitioners, families with siblings, family group
 * decision-making and pre-proceedings. A preset without it generates none of these events.
 */
export interface FamiliesFirstParameters {
  /** Lead practitioners per team the generator draws from (pseudonymous references). */
  readonly practitionersPerTeam: number;
  /** Share of plans during which the lead practitioner changes within the team (leaves, caseloads). */
  readonly practitionerTurnoverShare: number;
  /** Share of step-downs to Family Help in which the same lead practitioner carries on. */
  readonly keepPractitionerOnStepDownShare: number;
  /** Share of new children who are siblings of a child in a recent family. */
  readonly siblingShare: number;
  /** Of children assessed in need, the share offered a family group conference. */
  readonly fgdmOfferShare: number;
  /** Of conferences offered, the share the family accepts (all accepted ones are held). */
  readonly fgdmTakeUpShare: number;
  /** Of child protection plans, the share that go into pre-proceedings. */
  readonly preProceedingsShareOfCp: number;
  /** Median calendar days from the start of pre-proceedings to the step decision. */
  readonly preProceedingsDays: number;
  /** Step decision outcomes, as shares. */
  readonly preProceedingsOutcomes: Readonly<Partial<Record<PreProceedingsOutcome, number>>>;
}

/**
 * The parameters of a synthetic year. Each preset documents every value with its source; a value
 * with no published figure is marked ESTIMATE in the preset and in docs/synthetic-data.md.
 */
export interface SyntheticPreset {
  readonly id: string;
  readonly description: string;
  /** The year journeys start in: [start, end), local dates. Must end before "now". */
  readonly year: { readonly start: string; readonly end: string };
  /** England & Wales bank holidays in the year (and a few weeks after), local dates. */
  readonly bankHolidays: readonly string[];
  /** Contact (and referral) source codes, CIN census item N00152, as shares. */
  readonly sources: Readonly<Partial<Record<ReferralSource, number>>>;
  /** Share of contacts that arrive outside office hours (handled by the emergency duty team). */
  readonly outOfHoursShare: number;
  /** What the front door decides about a contact, as shares of contacts. */
  readonly contactOutcomes: Readonly<Record<ContactOutcome, number>>;
  /** ReferralNFA: referrals closed with no further action and no assessment, per referral. */
  readonly referralNfaShare: number;
  /** Of referrals that went on to a statutory assessment, the share assessed not to be in need. */
  readonly assessedNotInNeedShareOfAssessed: number;
  /** Of those assessed not in need, the share stepped down to early help (RC9) rather than closed NFA (RC8). */
  readonly notInNeedToEarlyHelpShare: number;
  /** Of children assessed in need, the split by what follows. */
  readonly inNeedOutcomes: Readonly<{ childInNeedPlan: number; childProtection: number; lookedAfter: number }>;
  /** Share of statutory assessments that are section 47 enquiries (the rest are single assessments). */
  readonly section47Share: number;
  /** Median calendar days from assessment start to authorisation, and the log-normal spread. */
  readonly assessmentDays: { readonly median: number; readonly sigma: number };
  /** Share of referrals that are re-referrals: the same child referred within 12 months of a previous referral. */
  readonly reReferralShare: number;
  /** Early help: share stepped up to social care before it ends. */
  readonly earlyHelpStepUpShare: number;
  /** Median days a plan runs before the journey closes. */
  readonly planDays: Readonly<{ earlyHelp: number; childInNeed: number; childProtection: number }>;
  /** Primary need codes (N00101) of accepted referrals, as shares. */
  readonly primaryNeeds: Readonly<Partial<Record<PrimaryNeedCode, number>>>;
  /** Levels of need as shares; keys are matched to the tenant's own level names by position. */
  readonly levelOfNeedShares: readonly number[];
  /** Families First events (lead practitioners, families, FGDM, pre-proceedings); absent: none. */
  readonly familiesFirst?: FamiliesFirstParameters;
}
