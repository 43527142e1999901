import type { SyntheticPreset } from './preset';

/**
 * England, financial year 2024-25 (1 April 2024 – 31 March 2025).
 *
 * Sources (see docs/synthetic-data.md):
 * - DfE "Children in need" 2024-25, table C1: 632,830 referrals; 41,340 (6.5%) ended in no
 *   further action (ReferralNFA); 194,620 (30.8% of referrals) assessed not to be in need;
 *   142,900 (22.6%) re-referrals within 12 months; median assessment length 33 days.
 * - Referral sources: DfE CIN 2024-25 referrals by source (police ~29%, schools ~20%, health
 *   ~15%, LA services, individuals …). Only the three headline shares are published;
 *   the split inside each group is an ESTIMATE.
 * - ADCS Safeguarding Pressures: about 2.8–3 million contacts a year, so referrals are roughly
 *   22% of contacts (632,830 / ~2.9M). The other contact outcomes are ESTIMATES (contacts are
 *   not a DfE census concept and councils define them locally).
 * - Out-of-hours share, section 47 share, in-need split, plan lengths, early-help step-up,
 *   primary need and level-of-need shares: ESTIMATES, no figure in the domain reference.
 */
export const england202425: SyntheticPreset = {
  id: 'england-2024-25',
  description: 'England 2024-25 (DfE CIN census, table C1): 6.5% referral NFA, 30.8% assessed not in need, 22.6% re-referrals, median assessment 33 days',
  year: { start: '2024-04-01', end: '2025-04-01' },
  // gov.uk/bank-holidays, England and Wales.
  bankHolidays: [
    '2024-04-01',
    '2024-05-06',
    '2024-05-27',
    '2024-08-26',
    '2024-12-25',
    '2024-12-26',
    '2025-01-01',
    '2025-04-18',
    '2025-04-21',
    '2025-05-05',
    '2025-05-26',
  ],
  sources: {
    // Police ~29% (DfE CIN 2024-25).
    '6': 0.29,
    // Schools ~20% (DfE CIN 2024-25); education services: ESTIMATE.
    '2A': 0.2,
    '2B': 0.01,
    // Health ~15% in total (DfE CIN 2024-25); split by service: ESTIMATE.
    '3A': 0.02,
    '3B': 0.03,
    '3C': 0.005,
    '3D': 0.015,
    '3E': 0.025,
    '3F': 0.055,
    // LA services ~14%, individuals ~9%, the rest: ESTIMATES so that the shares sum to 1.
    '5A': 0.03,
    '5B': 0.05,
    '5C': 0.03,
    '5D': 0.03,
    '1A': 0.05,
    '1B': 0.005,
    '1C': 0.01,
    '1D': 0.025,
    '4': 0.02,
    '7': 0.02,
    '8': 0.03,
    '9': 0.02,
    '10': 0.03,
  },
  // ESTIMATE: office hours are 40 of 168 hours a week, but most contacts come from
  // professionals in the working day; emergency duty teams see roughly a fifth.
  outOfHoursShare: 0.2,
  // Referral share ≈ 632,830 / ~2.9M contacts (DfE C1 ÷ ADCS); the others: ESTIMATES.
  contactOutcomes: { referral: 0.22, 'early-help': 0.15, 'advice-signposting': 0.23, nfa: 0.4 },
  // DfE C1 2024-25: 41,340 / 632,830.
  referralNfaShare: 0.065,
  // DfE C1 2024-25: 30.8% of all referrals assessed not in need = 0.308 / (1 − 0.065) = 32.9% of
  // assessed referrals ("about 33% nationally", as councils quote it).
  assessedNotInNeedShareOfAssessed: 0.308 / (1 - 0.065),
  notInNeedToEarlyHelpShare: 0.45, // ESTIMATE
  inNeedOutcomes: { childInNeedPlan: 0.7, childProtection: 0.22, lookedAfter: 0.08 }, // ESTIMATE
  section47Share: 0.3, // ESTIMATE
  // DfE 2024-25: median 33 days; sigma ESTIMATE (keeps ~80% within 45 working days).
  assessmentDays: { median: 33, sigma: 0.45 },
  // DfE C1 2024-25: 142,900 / 632,830.
  reReferralShare: 0.226,
  earlyHelpStepUpShare: 0.05, // ESTIMATE
  planDays: { earlyHelp: 90, childInNeed: 150, childProtection: 200 }, // ESTIMATE
  // ESTIMATE: abuse or neglect is the most common primary need at referral, then family dysfunction.
  primaryNeeds: { N1: 0.55, N2: 0.08, N3: 0.04, N4: 0.09, N5: 0.15, N6: 0.02, N7: 0.005, N8: 0.015, N9: 0.03, N0: 0.02 },
  levelOfNeedShares: [0.1, 0.35, 0.35, 0.2], // ESTIMATE
};
