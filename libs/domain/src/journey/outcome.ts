import type { JourneyState } from './state';

const STATUTORY = new Set(['single', 'section-47']);

/**
 * CIN census ReferralNFA (N00112; DfE table C1 "referrals which resulted in no further
 * action"): a referral closed with no further action and no assessment.
 */
export function isReferralNfa(s: JourneyState): boolean {
  return s.referral !== undefined && s.status === 'closed' && !s.assessments.some((a) => STATUTORY.has(a.kind));
}

/**
 * DfE table C1 "assessed not to be in need" (closure RC8/RC9): the referral's last completed
 * statutory assessment found no need for social care (NFA, or step-down to early help), and no
 * child-in-need or child protection plan followed.
 */
export function isAssessedNotInNeed(s: JourneyState): boolean {
  if (s.referral === undefined) return false;
  const completed = s.assessments.filter((a) => STATUTORY.has(a.kind) && a.outcome !== undefined);
  const last = completed[completed.length - 1];
  if (last === undefined) return false;
  const planned = s.plans.some((p) => p.kind === 'child-in-need' || p.kind === 'child-protection');
  return (last.outcome === 'nfa' || last.outcome === 'early-help') && !planned;
}

export const statutoryAssessments = (s: JourneyState) => s.assessments.filter((a) => STATUTORY.has(a.kind));

export type JourneyOutcome =
  | 'withdrawn'
  | 'looked-after'
  | 'child-protection'
  | 'child-in-need'
  | 'referral-nfa'
  | 'assessed-not-in-need'
  | 'early-help'
  | 'contact-nfa'
  | 'advice-signposting'
  | 'open'
  | 'closed-other';

/** The furthest point a journey reached, for grouping journeys by what became of them. */
export function journeyOutcome(s: JourneyState): JourneyOutcome {
  if (s.status === 'withdrawn') return 'withdrawn';
  const outcomes = new Set(s.assessments.map((a) => a.outcome));
  const plans = new Set(s.plans.map((p) => p.kind));
  if (outcomes.has('looked-after')) return 'looked-after';
  if (plans.has('child-protection') || outcomes.has('child-protection')) return 'child-protection';
  if (plans.has('child-in-need') || outcomes.has('child-in-need-plan')) return 'child-in-need';
  if (isReferralNfa(s)) return 'referral-nfa';
  if (isAssessedNotInNeed(s)) return 'assessed-not-in-need';
  if (plans.has('early-help') || s.contacts.some((c) => c.outcome === 'early-help') || s.assessments.some((a) => a.kind === 'early-help')) {
    return 'early-help';
  }
  if (s.status === 'open') return 'open';
  const first = s.contacts[0]?.outcome;
  if (first === 'nfa') return 'contact-nfa';
  if (first === 'advice-signposting') return 'advice-signposting';
  return 'closed-other';
}
