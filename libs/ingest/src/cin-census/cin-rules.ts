import { CLOSURE_REASON_CODES, PRE_PROCEEDINGS_OUTCOME_CODES, PRIMARY_NEED_CODE_LIST, REFERRAL_SOURCE_CODES } from '@journey-ledger/domain';
import { parseCinDate as parseImportDate } from './cin-dates';
import { cinBoolean, CinEpisode, CinField } from './cin-episode';

/** One breach of a rule in a child's record. `rule` is the DfE validation rule's number where there is one. */
export interface CinIssue {
  readonly field: string;
  readonly line?: number;
  readonly rule?: string;
  readonly code: string;
  readonly message: string;
}

/** CIN census assessment factor codes (item N00181); `21` is "no factors identified". */
export const ASSESSMENT_FACTOR_CODES: ReadonlySet<string> = new Set([
  '1A',
  '1B',
  '1C',
  '2A',
  '2B',
  '2C',
  '3A',
  '3B',
  '3C',
  '4A',
  '4B',
  '4C',
  '5A',
  '5B',
  '5C',
  '6A',
  '6B',
  '6C',
  '7A',
  '8B',
  '8C',
  '8D',
  '8E',
  '8F',
  '9A',
  '10A',
  '11A',
  '12A',
  '13A',
  '14A',
  '15A',
  '16A',
  '17A',
  '18A',
  '18B',
  '18C',
  '19A',
  '19B',
  '19C',
  '20',
  '21',
  '22A',
  '23A',
  '24A',
]);

/** Reasons for closure of the CIN census (RC1–RC9): the local codes are not census codes. */
const CENSUS_CLOSURE_REASONS = CLOSURE_REASON_CODES.filter((c) => /^RC\d$/.test(c));

export interface RuleContext {
  readonly timeZone: string;
  /** Dates after this instant are refused: a return cannot record the future. */
  readonly now: Date;
}

interface DateValue {
  readonly ms: number;
  readonly day: string;
  readonly field: string;
  readonly line: number;
}

/**
 * The DfE CIN census validation rules that matter for journeys, applied to one child's episodes:
 * dates real, in order and not in the future; codes in the code lists; an NFA referral with no
 * activity; RC8/RC9 only after an assessment; a closed episode with nothing open or later than
 * the closure. Rules about personal data (UPN, dates of birth, ethnicity) and the census period
 * are not checked: the ledger keeps none of that data, and history spans many census years.
 */
export function checkEpisode(e: CinEpisode, ctx: RuleContext): CinIssue[] {
  const issues: CinIssue[] = [];
  const add = (f: CinField | undefined, field: string, rule: string | undefined, code: string, message: string, line = f?.line ?? e.line) =>
    issues.push({ field, line, ...(rule !== undefined ? { rule } : {}), code, message });

  const date = (f: CinField | undefined, field: string): DateValue | undefined => {
    if (f === undefined) return undefined;
    const d = parseImportDate(f.value, ctx.timeZone);
    if (!d.ok) {
      add(f, field, undefined, 'BadDate', `${field}: ${d.reason}`);
      return undefined;
    }
    if (d.ms > ctx.now.getTime()) {
      add(f, field, undefined, 'DateInFuture', `${field} ${f.value} is in the future`);
      return undefined;
    }
    return { ms: d.ms, day: d.iso.slice(0, 10), field, line: f.line };
  };
  // The module's FGDM fields are a date or a yes/no flag in suppliers' output; a date is checked as one.
  const fgdmDate = (f: CinField | undefined, field: string): DateValue | undefined =>
    f === undefined || cinBoolean(f) !== undefined ? undefined : date(f, field);

  const notBefore = (later: DateValue | undefined, earlier: DateValue | undefined, rule: string | undefined, message: string) => {
    if (later !== undefined && earlier !== undefined && later.ms < earlier.ms) {
      add(undefined, later.field, rule, 'DatesOutOfOrder', `${message} (${later.field} ${later.day}, ${earlier.field} ${earlier.day})`, later.line);
    }
  };

  // The referral (CINdetails).
  if (e.referralDate === undefined) add(undefined, 'CINreferralDate', '8600', 'MissingValue', 'the referral date (CINreferralDate) is missing');
  const referral = date(e.referralDate, 'CINreferralDate');
  const source = e.referralSource?.value;
  if (source === undefined || !(REFERRAL_SOURCE_CODES as readonly string[]).includes(source)) {
    add(
      e.referralSource,
      'ReferralSource',
      '8866',
      source === undefined ? 'MissingValue' : 'UnknownCode',
      `Source of Referral ${source === undefined ? 'is missing' : `"${source}" is not a code of the CIN census`} (one of ${REFERRAL_SOURCE_CODES.join(', ')})`,
    );
  }
  const nfa = cinBoolean(e.referralNFA);
  if (nfa === undefined) {
    add(
      e.referralNFA,
      'ReferralNFA',
      '8568',
      e.referralNFA === undefined ? 'MissingValue' : 'UnknownCode',
      `ReferralNFA ${e.referralNFA === undefined ? 'is missing' : `"${e.referralNFA.value}" is not true, false, 1 or 0`}`,
    );
  }
  const need = e.primaryNeedCode?.value;
  if (need === undefined) {
    if (nfa === false) add(undefined, 'PrimaryNeedCode', '8610', 'MissingValue', 'Primary Need code is missing for a referral which led to further action');
  } else if (!(PRIMARY_NEED_CODE_LIST as readonly string[]).includes(need)) {
    add(
      e.primaryNeedCode,
      'PrimaryNeedCode',
      '8650',
      'UnknownCode',
      `Primary Need code "${need}" is not a code of the CIN census (one of ${PRIMARY_NEED_CODE_LIST.join(', ')})`,
    );
  }

  // The closure.
  const closure = date(e.closureDate, 'CINclosureDate');
  const reason = e.reasonForClosure?.value;
  if (e.closureDate !== undefined && reason === undefined)
    add(e.closureDate, 'ReasonForClosure', '8805', 'MissingValue', 'a CIN closure date needs a Reason for Closure');
  if (reason !== undefined && e.closureDate === undefined)
    add(e.reasonForClosure, 'CINclosureDate', '8810', 'MissingValue', 'a Reason for Closure needs a CIN closure date');
  if (reason !== undefined && !CENSUS_CLOSURE_REASONS.includes(reason as (typeof CENSUS_CLOSURE_REASONS)[number])) {
    add(
      e.reasonForClosure,
      'ReasonForClosure',
      '8640',
      'UnknownCode',
      `Reason for Closure "${reason}" is not a code of the CIN census (one of ${CENSUS_CLOSURE_REASONS.join(', ')})`,
    );
  }
  notBefore(closure, referral, '8630', 'the CIN closure date is before the referral date');

  // A referral with no further action has nothing after it.
  if (nfa === true) {
    if (e.assessments.length > 0 || e.section47.length > 0 || e.dateOfInitialCPC !== undefined) {
      const what = e.assessments.length > 0 ? 'an assessment' : e.section47.length > 0 ? 'a section 47 enquiry' : 'an initial child protection conference';
      const line = e.assessments[0]?.line ?? e.section47[0]?.line ?? e.dateOfInitialCPC?.line;
      add(
        undefined,
        e.assessments.length > 0 ? 'Assessments' : e.section47.length > 0 ? 'Section47' : 'DateOfInitialCPC',
        '8831',
        'ActivityAfterNfa',
        `the referral is marked no further action (ReferralNFA) but records ${what}`,
        line,
      );
    }
    if (e.cinPlans.length > 0)
      add(
        undefined,
        'CINPlanDates',
        '4000',
        'ActivityAfterNfa',
        'the referral is marked no further action (ReferralNFA) but records a CIN plan',
        e.cinPlans[0].line,
      );
    if (e.cpPlans.length > 0)
      add(
        undefined,
        'ChildProtectionPlans',
        '8832',
        'ActivityAfterNfa',
        'the referral is marked no further action (ReferralNFA) but records a child protection plan',
        e.cpPlans[0].line,
      );
  }
  if ((reason === 'RC8' || reason === 'RC9') && e.assessments.length === 0) {
    add(
      e.reasonForClosure,
      'ReasonForClosure',
      '8825Q',
      'ClosureWithoutAssessment',
      `Reason for Closure ${reason} (case closed after assessment) but the episode has no assessment`,
    );
  }

  const activity: DateValue[] = [];
  for (const a of e.assessments) {
    const start = date(a.startDate, 'AssessmentActualStartDate');
    const end = date(a.authorisationDate, 'AssessmentAuthorisationDate');
    if (a.startDate === undefined) add(undefined, 'AssessmentActualStartDate', '8608', 'MissingValue', 'an assessment has no start date', a.line);
    notBefore(start, referral, '1103', 'the assessment starts before the referral');
    notBefore(end, start, '8608', 'the assessment is authorised before it started');
    if (closure !== undefined && a.authorisationDate === undefined) {
      add(
        undefined,
        'AssessmentAuthorisationDate',
        '8867',
        'OpenAtClosure',
        'the episode is closed but this assessment is not completed (no authorisation date)',
        a.line,
      );
    }
    const codes = a.factors.map((f) => f.value);
    for (const f of a.factors) {
      if (!ASSESSMENT_FACTOR_CODES.has(f.value))
        add(f, 'AssessmentFactors', '8897Q', 'UnknownCode', `assessment factor "${f.value}" is not a code of the CIN census`);
    }
    if (codes.includes('21') && codes.length > 1)
      add(a.factors[0], 'AssessmentFactors', '8869', 'BadFactors', 'factor 21 (no factors identified) is given with other factors');
    const dup = codes.find((c, i) => codes.indexOf(c) !== i);
    if (dup !== undefined) add(a.factors[0], 'AssessmentFactors', '8898', 'BadFactors', `assessment factor "${dup}" is given twice`);
    if (codes.length > 0 && a.authorisationDate === undefined)
      add(a.factors[0], 'AssessmentFactors', '8614', 'BadFactors', 'factors are given for an assessment that is not completed');
    if (start) activity.push(start);
    if (end) activity.push(end);
  }
  for (const s of e.section47) {
    const start = date(s.startDate, 'S47ActualStartDate');
    const icpc = date(s.dateOfInitialCPC, 'DateOfInitialCPC');
    if (s.startDate === undefined) add(undefined, 'S47ActualStartDate', '8615', 'MissingValue', 'a section 47 enquiry has no start date', s.line);
    notBefore(start, referral, '2889', 'the section 47 enquiry starts before the referral');
    notBefore(icpc, start, '8615', 'the initial child protection conference is before the section 47 enquiry started');
    notBefore(icpc, referral, '1104', 'the initial child protection conference is before the referral');
    if (closure !== undefined && s.dateOfInitialCPC === undefined && cinBoolean(s.icpcNotRequired) !== true) {
      add(
        undefined,
        'DateOfInitialCPC',
        '8868',
        'OpenAtClosure',
        'the episode is closed but this section 47 enquiry has neither an initial conference date nor ICPCnotRequired',
        s.line,
      );
    }
    if (start) activity.push(start);
    if (icpc) activity.push(icpc);
  }
  for (const p of e.cinPlans) {
    const start = date(p.startDate, 'CINPlanStartDate');
    const end = date(p.endDate, 'CINPlanEndDate');
    if (p.startDate === undefined) add(undefined, 'CINPlanStartDate', '4010', 'MissingValue', 'a CIN plan has no start date', p.line);
    notBefore(start, referral, '4015', 'the CIN plan starts before the referral');
    notBefore(end, start, '4011', 'the CIN plan ends before it started');
    if (start) activity.push(start);
    if (end) activity.push(end);
  }
  for (const p of e.cpPlans) {
    const start = date(p.startDate, 'CPPstartDate');
    const end = date(p.endDate, 'CPPendDate');
    if (p.startDate === undefined) add(undefined, 'CPPstartDate', '8720', 'MissingValue', 'a child protection plan has no start date', p.line);
    notBefore(start, referral, '1105', 'the child protection plan starts before the referral');
    notBefore(end, start, '8925', 'the child protection plan ends before it started');
    if (start && end && start.day === end.day)
      add(p.endDate, 'CPPendDate', '8840', 'DatesOutOfOrder', 'a child protection plan cannot start and end on the same day');
    if (start) activity.push(start);
    if (end) activity.push(end);
  }
  for (const p of e.preProceedings) {
    const start = date(p.startDate, 'PPStartDate');
    notBefore(start, referral, undefined, 'pre-proceedings start before the referral');
    const decision = date(p.stepDecisionDate, 'StepDecisionDate');
    notBefore(decision, start, undefined, 'the step decision is before pre-proceedings started');
    if (decision) activity.push(decision);
    if (p.stepDecisionDate !== undefined && p.outcome === undefined)
      add(undefined, 'PPOutcome', undefined, 'MissingValue', 'a step decision has no outcome (PPOutcome)', p.line);
    if (p.outcome !== undefined && !(PRE_PROCEEDINGS_OUTCOME_CODES as readonly string[]).includes(p.outcome.value))
      add(p.outcome, 'PPOutcome', undefined, 'UnknownCode', `PPOutcome ${p.outcome.value} is not one of ${PRE_PROCEEDINGS_OUTCOME_CODES.join(', ')}`);
    if (p.outcome !== undefined && p.stepDecisionDate === undefined)
      add(p.outcome, 'StepDecisionDate', undefined, 'MissingValue', 'an outcome (PPOutcome) has no step decision date');
    const offered = fgdmDate(p.fgdmOffer, 'FGDMMeetingOffer');
    const held = fgdmDate(p.fgdmFacilitated, 'FGDMMeetingFac');
    notBefore(held, offered, undefined, 'the FGDM meeting was facilitated before it was offered');
    if (p.fgdmFacilitated !== undefined && cinBoolean(p.fgdmFacilitated) !== false && p.fgdmOffer === undefined)
      add(undefined, 'FGDMMeetingOffer', undefined, 'MissingValue', 'an FGDM meeting was facilitated but none is recorded as offered', p.line);
  }
  date(e.dateOfInitialCPC, 'DateOfInitialCPC');
  if (closure !== undefined) {
    const after = activity.find((d) => d.ms > closure.ms);
    if (after !== undefined)
      add(undefined, after.field, '8565', 'ActivityAfterClosure', `${after.field} ${after.day} is after the CIN closure date ${closure.day}`, after.line);
  }
  return issues;
}
