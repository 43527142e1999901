import type { SyntheticPreset } from './preset';
import { england202425 } from './england-2024-25';

/**
 * The seeds' council (Northamptonshire), 2015-16 (1 April 2015 – 31 March 2016).
 *
 * Sources (see docs/synthetic-data.md):
 * - Northamptonshire 2015/16 (seed report): "34% of referrals resulted in no further action";
 *   "41% of referrals that went on to assessment" also NFA.
 * - Everything else has no figure in the seeds: the values are the England 2024-25 preset's,
 *   marked there as DfE figures or ESTIMATES. The re-referral share reuses England's 22.6%
 *   (ESTIMATE for this council and year); the median assessment length reuses 33 days (ESTIMATE).
 */
export const seedCouncil201516: SyntheticPreset = {
  ...england202425,
  id: 'seed-council-2015-16',
  description: "The seeds' council 2015-16: 34% of referrals NFA, 41% of assessed referrals NFA",
  year: { start: '2015-04-01', end: '2016-04-01' },
  // gov.uk/bank-holidays, England and Wales.
  bankHolidays: [
    '2015-04-03',
    '2015-04-06',
    '2015-05-04',
    '2015-05-25',
    '2015-08-31',
    '2015-12-25',
    '2015-12-28',
    '2016-01-01',
    '2016-03-25',
    '2016-03-28',
    '2016-05-02',
    '2016-05-30',
  ],
  // Seed report: 34% of referrals NFA.
  referralNfaShare: 0.34,
  // Seed report: 41% of referrals that went on to assessment NFA.
  assessedNotInNeedShareOfAssessed: 0.41,
};
