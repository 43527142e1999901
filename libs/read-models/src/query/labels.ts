import { CONTACT_OUTCOMES, PRE_PROCEEDINGS_OUTCOMES } from '@journey-ledger/domain';
import type { ContactOutcome } from '@journey-ledger/domain';

/**
 * The short, human name of every figure of every measure, as a CSV shows it in its `Figure`
 * column (`?headers=machine` shows the figure's path in the JSON instead). Written out, not
 * derived from the paths, so that each reads as an analyst would put it in a report; the e2e
 * specs check that no figure of any measure is left without one.
 */
export const METRIC_ROUTES = [
  'handovers',
  'nfa-rates',
  'funnel',
  're-referrals',
  'timeliness',
  'flows/matrix',
  'flows/paths',
  'waiting',
  'out-of-hours',
  'practitioners',
  'families',
  'fgdm',
  'pre-proceedings',
  'cost',
] as const;
export type MetricRoute = (typeof METRIC_ROUTES)[number];

type Labels = Record<string, string>;

/** A rate's three figures: its rate, numerator and denominator. */
const rateOf = (path: string, rate: string, numerator: string, denominator: string): Labels => ({
  [`${path}.rate`]: rate,
  [`${path}.numerator`]: numerator,
  [`${path}.denominator`]: denominator,
});

/** The statistics block of a count per journey: base, total, mean, median, 90th percentile, maximum. */
const statsOf = (path: string, base: string, quantity: string, perWhat: string): Labels => ({
  [`${path}.journeys`]: base,
  [`${path}.total`]: `Total ${quantity}`,
  [`${path}.mean`]: `Mean ${quantity} ${perWhat}`,
  [`${path}.median`]: `Median ${quantity} ${perWhat}`,
  [`${path}.p90`]: `90th percentile of ${quantity} ${perWhat}`,
  [`${path}.max`]: `Most ${quantity} in one journey`,
});

/** Buckets 0, 1, 2, 3, 4, 5+ of a count per journey (or family). */
const bucketsOf = (path: string, who: string, what: string, one: string): Labels =>
  Object.fromEntries(['0', '1', '2', '3', '4', '5+'].map((k) => [`${path}.${k}`, `${who} with ${k === '5+' ? '5 or more' : k} ${k === '1' ? one : what}`]));

const DECISIONS: Record<ContactOutcome, string> = {
  nfa: 'no further action',
  'advice-signposting': 'information, advice and signposting',
  'early-help': 'early help',
  referral: "referral to children's social care",
};

/** Contact decisions, over contacts received (`whose`: "Contacts", "Out-of-hours contacts"). */
const decisionsOf = (path: string, whose: string): Labels => {
  const lower = whose.toLowerCase();
  return {
    ...rateOf(`${path}.decided`, `Share of ${lower} decided`, `${whose} decided`, `${whose} received`),
    ...Object.assign(
      {},
      ...CONTACT_OUTCOMES.map((o) =>
        rateOf(`${path}.${o}`, `Share of ${lower} decided: ${DECISIONS[o]}`, `${whose} decided: ${DECISIONS[o]}`, `${whose} decided`),
      ),
    ),
    ...rateOf(`${path}.undecided`, `Share of ${lower} not yet decided`, `${whose} not yet decided`, `${whose} received`),
  };
};

const funnelStep = (path: string, step: string, previous: string): Labels => ({
  [`${path}.journeys`]: `Journeys with ${step}`,
  ...rateOf(`${path}.ofPrevious`, `Share of journeys with ${previous} that had ${step}`, `Journeys with ${step}`, `Journeys with ${previous}`),
  ...rateOf(`${path}.ofJourneys`, `Share of all journeys that had ${step}`, `Journeys with ${step}`, 'Journeys'),
});

const timelinessOf = (path: string, what: string, within: string, counted: string): Labels => ({
  ...rateOf(`${path}.within`, `Share of ${what} ${within}`, `${what[0].toUpperCase()}${what.slice(1)} ${within}`, `${what[0].toUpperCase()}${what.slice(1)}`),
  [`${path}.medianWorkingDays`]: `Median working days ${counted}`,
  [`${path}.p90WorkingDays`]: `90th percentile of working days ${counted}`,
});

const daysOf = (path: string, base: [string, string], what: string): Labels => ({
  [`${path}.${base[0]}`]: base[1],
  [`${path}.meanDays`]: `Mean days ${what}`,
  [`${path}.medianDays`]: `Median days ${what}`,
  [`${path}.p90Days`]: `90th percentile of days ${what}`,
  [`${path}.maxDays`]: `Most days ${what}`,
});

const familyDistribution = (path: string, what: string, one: string, quantity: string): Labels => ({
  [`${path}.mean`]: `Mean ${quantity} per family`,
  [`${path}.median`]: `Median ${quantity} per family`,
  ...bucketsOf(`${path}.histogram`, 'Families', what, one),
});

export const FIGURE_LABELS: Record<MetricRoute, Labels> = {
  handovers: {
    journeys: 'Journeys',
    closedJourneys: 'Closed journeys',
    handovers: 'Handovers',
    handoversPerJourney: 'Mean handovers per journey',
    medianHandovers: 'Median handovers per journey',
    p90Handovers: '90th percentile of handovers per journey',
    maxHandovers: 'Most handovers in one journey',
    ...bucketsOf('distribution', 'Journeys', 'handovers', 'handover'),
    ...statsOf('beforeHelp', 'Journeys that received help', 'handovers before help', 'per journey that received help'),
    'withoutHelp.journeys': 'Journeys that ended without help',
    'withoutHelp.total': 'Total handovers in journeys that ended without help',
    'withoutHelp.mean': 'Mean handovers per journey that ended without help',
    'withoutHelp.median': 'Median handovers per journey that ended without help',
    'withoutHelp.p90': '90th percentile of handovers per journey that ended without help',
    'withoutHelp.max': 'Most handovers in one journey that ended without help',
    openWithoutHelp: 'Journeys still open without help',
    ...statsOf('teamsTouched', 'Journeys', 'teams touched', 'per journey'),
    ...statsOf('assessmentsPerJourney', 'Journeys', 'assessments', 'per journey'),
  },
  'nfa-rates': {
    ...rateOf('contact', 'Contact NFA rate', 'Contacts decided: no further action', 'Contacts decided'),
    'contact.adviceSignposting': 'Contacts decided: information, advice and signposting',
    ...rateOf('referral', 'Referral NFA rate', 'Referrals closed with no further action', 'Referrals'),
    ...rateOf('assessedNotInNeedPerReferral', 'Assessed not in need, per referral', 'Referrals assessed not in need', 'Referrals'),
    ...rateOf(
      'assessedNotInNeedPerAssessedReferral',
      'Assessed not in need, per assessed referral',
      'Referrals assessed not in need',
      'Referrals with a statutory assessment',
    ),
    ...rateOf('stepDownToEarlyHelp', 'Step-down to early help rate', 'Assessments completed: step-down to early help', 'Statutory assessments completed'),
  },
  funnel: {
    journeys: 'Journeys',
    ...funnelStep('contacts', 'a contact', 'any entry'),
    ...funnelStep('referrals', 'a referral', 'a contact'),
    ...funnelStep('assessments', 'a statutory assessment', 'a referral'),
    ...funnelStep('earlyHelpPlans', 'an early help plan', 'a contact'),
    ...funnelStep('childInNeedPlans', 'a child in need plan', 'a statutory assessment'),
    ...funnelStep('childProtectionPlans', 'a child protection plan', 'a statutory assessment'),
    'contactDecisions.contacts': 'Contacts received',
    ...decisionsOf('contactDecisions', 'Contacts'),
  },
  're-referrals': {
    referrals: 'Referrals',
    ...rateOf('reReferrals', 'Re-referral rate', 'Re-referrals within 12 months', 'Referrals'),
  },
  timeliness: {
    ...timelinessOf('contactDecidedWithin1WorkingDay', 'contacts decided', 'within 1 working day', 'from contact to decision'),
    ...timelinessOf(
      'assessmentCompletedWithin45WorkingDays',
      'statutory assessments completed',
      'within 45 working days of their start',
      'from start to completion',
    ),
    ...timelinessOf(
      'assessmentCompletedWithin45WorkingDaysFromReferral',
      'statutory assessments completed',
      'within 45 working days of the referral',
      'from referral to completion',
    ),
  },
  'flows/matrix': {
    handovers: 'Handovers',
    ...rateOf('nfaShare', 'Share of these handovers in journeys that ended NFA', 'Handovers in journeys that ended NFA', 'Handovers'),
  },
  'flows/paths': {
    handovers: 'Handovers on the path',
    journeys: 'Journeys',
    ...rateOf('nfaShare', 'Share of these journeys that ended NFA', 'Journeys that ended NFA', 'Journeys'),
  },
  waiting: {
    ...daysOf('timeWithTeam', ['journeyTeamPairs', 'Journey–team pairs'], 'with the team'),
    'timeWithTeam.stillWithTeam': 'Journeys still with the team',
    ...daysOf('firstContactToFirstHelp', ['journeys', 'Journeys that received help'], 'from first contact to first help'),
  },
  'out-of-hours': {
    contacts: 'Contacts received',
    ...rateOf('outOfHours', 'Share of contacts received out of hours', 'Contacts received out of hours', 'Contacts received'),
    ...decisionsOf('decisions', 'Out-of-hours contacts'),
  },
  practitioners: {
    journeys: 'Journeys',
    journeysWithLeadPractitioner: 'Journeys with a lead practitioner',
    'changesOfLeadPractitioner.changes': 'Changes of lead practitioner',
    'changesOfLeadPractitioner.mean': 'Mean changes of lead practitioner per journey',
    'changesOfLeadPractitioner.median': 'Median changes of lead practitioner per journey',
    ...bucketsOf('changesOfLeadPractitioner.histogram', 'Journeys', 'changes of lead practitioner', 'change of lead practitioner'),
    'daysWithoutPractitioner.journeys': 'Closed journeys with a lead practitioner',
    'daysWithoutPractitioner.total': 'Total days without a lead practitioner',
    'daysWithoutPractitioner.mean': 'Mean days without a lead practitioner per journey',
    'daysWithoutPractitioner.median': 'Median days without a lead practitioner per journey',
    'handoversOfTeam.handovers': 'Handovers of team',
    'handoversOfTeam.withoutPractitioner': 'Handovers of team with no lead practitioner',
    ...rateOf(
      'handoversOfTeam.withChangeOfPractitioner',
      'Share of handovers of team with a change of practitioner',
      'Handovers of team with a change of practitioner',
      'Handovers of team with a lead practitioner',
    ),
    ...rateOf(
      'handoversOfTeam.withoutChangeOfPractitioner',
      'Share of handovers of team without a change of practitioner',
      'Handovers of team without a change of practitioner',
      'Handovers of team with a lead practitioner',
    ),
  },
  families: {
    families: 'Families',
    ...familyDistribution('journeysOpenAtOnce', 'journeys open at once', 'journey open at once', 'journeys open at once'),
    'journeysOpenAtOnce.familiesWithMoreThanOne': 'Families with more than one journey open at once',
    ...familyDistribution('teamsMet', 'teams met', 'team met', 'teams met'),
    ...familyDistribution('practitionersMet', 'lead practitioners met', 'lead practitioner met', 'lead practitioners met'),
    'moreThanOneServiceAtOnce.families': 'Families receiving more than one service at once',
    'moreThanOneServiceAtOnce.share': 'Share of families receiving more than one service at once',
  },
  fgdm: {
    referrals: 'Referrals',
    ...rateOf('offerRate', 'Family group conference offer rate', 'Referrals offered a family group conference', 'Referrals'),
    'conferences.offered': 'Family group conferences offered',
    'conferences.accepted': 'Family group conferences accepted',
    'conferences.declined': 'Family group conferences declined',
    'conferences.held': 'Family group conferences held',
    ...rateOf('takeUpRate', 'Family group conference take-up rate', 'Family group conferences accepted', 'Family group conferences offered'),
    ...rateOf('heldRate', 'Family group conference held rate', 'Family group conferences held', 'Family group conferences offered'),
    'daysReferralToConference.referrals': 'Referrals with a family group conference held',
    'daysReferralToConference.mean': 'Mean days from referral to the first conference held',
    'daysReferralToConference.median': 'Median days from referral to the first conference held',
  },
  'pre-proceedings': {
    started: 'Pre-proceedings started',
    letterBeforeProceedingsSent: 'Letters before proceedings sent',
    meetingsHeld: 'Pre-proceedings meetings held',
    ...rateOf('decidedRate', 'Share of pre-proceedings with a step decision', 'Pre-proceedings with a step decision', 'Pre-proceedings started'),
    ...Object.fromEntries(Object.entries(PRE_PROCEEDINGS_OUTCOMES).map(([code, words]) => [`outcomes.${code}`, `Step decision: ${words}`])),
    'daysStartToStepDecision.episodes': 'Pre-proceedings with a step decision',
    'daysStartToStepDecision.mean': 'Mean days from start to step decision',
    'daysStartToStepDecision.median': 'Median days from start to step decision',
    ...rateOf(
      'fgdmOfferedBeforeDecisionRate',
      'Share of pre-proceedings with a family group conference offered before the decision',
      'Pre-proceedings with a family group conference offered before the decision',
      'Pre-proceedings started',
    ),
  },
  cost: {
    contactsScreened: 'Contacts screened',
    handoversReceived: 'Handovers received',
    assessments: 'Assessments started',
    strategyDiscussions: 'Strategy discussions',
    closures: 'Closures',
    hours: 'Staff hours',
    cost: 'Staff cost (£)',
    'perHandover.hours': 'Staff hours per handover',
    'perHandover.cost': 'Staff cost per handover (£)',
    'perJourney.journeys': 'Journeys started',
    'perJourney.hours': 'Staff hours per journey started',
    'perJourney.cost': 'Staff cost per journey started (£)',
  },
};

/** The columns that say which group a row is: their human names. */
export const KEY_LABELS: Record<string, string> = {
  period: 'Period',
  source: 'Referral source',
  team: 'Team',
  tier: 'Team tier',
  area: 'Area',
  levelOfNeed: 'Level of need',
  outcome: 'Journey outcome',
  fromTeam: 'From team',
  toTeam: 'To team',
  path: 'Path',
  sex: 'Sex',
  ageBand: 'Age band',
  ethnicity: 'Ethnicity',
  disability: 'Disability',
};

/** Why a figure is withheld, in words. */
export const WITHHELD_LABELS = {
  'small-count': 'small count',
  complementary: 'withheld so that a small count cannot be worked out',
  derived: 'built on a withheld count',
} as const;
