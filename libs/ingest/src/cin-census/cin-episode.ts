import type { XmlNode } from './cin-xml-reader';

/** A value read from the return, with the line it is on (for the report). */
export interface CinField {
  readonly value: string;
  readonly line: number;
}

export interface CinAssessment {
  readonly line: number;
  readonly startDate?: CinField;
  readonly authorisationDate?: CinField;
  readonly factors: readonly CinField[];
}

export interface CinPlan {
  readonly line: number;
  readonly startDate?: CinField;
  readonly endDate?: CinField;
}

export interface CinSection47 {
  readonly line: number;
  readonly startDate?: CinField;
  readonly dateOfInitialCPC?: CinField;
  readonly icpcNotRequired?: CinField;
}

/** The pre-proceedings and family group decision-making module (from the 2026-27 schema). */
export interface CinPreProceedings {
  readonly line: number;
  readonly startDate?: CinField;
  /** A family group decision-making meeting offered: its date, or a CIN boolean. */
  readonly fgdmOffer?: CinField;
  /** A family group decision-making meeting facilitated (held): its date, or a CIN boolean. */
  readonly fgdmFacilitated?: CinField;
  readonly stepDecisionDate?: CinField;
  readonly outcome?: CinField;
}

/** One `CINdetails` module: a referral and what followed it, to its closure. */
export interface CinEpisode {
  readonly line: number;
  readonly referralDate?: CinField;
  readonly referralSource?: CinField;
  readonly primaryNeedCode?: CinField;
  readonly closureDate?: CinField;
  readonly reasonForClosure?: CinField;
  readonly referralNFA?: CinField;
  readonly dateOfInitialCPC?: CinField;
  readonly assessments: readonly CinAssessment[];
  readonly section47: readonly CinSection47[];
  readonly cinPlans: readonly CinPlan[];
  readonly cpPlans: readonly CinPlan[];
  readonly preProceedings: readonly CinPreProceedings[];
}

const field = (node: XmlNode, name: string): CinField | undefined => {
  const n = node.children.find((c) => c.name === name);
  return n === undefined || n.text === '' ? undefined : { value: n.text, line: n.line };
};

/** Elements that hold the items of a repeated module directly, as the DfE schema nests them. */
const FACTOR_LISTS = new Set(['FactorsIdentifiedAtAssessment']);

/** The typed view of one `CINdetails` element, under any schema year's element names. */
export function toEpisode(node: XmlNode): CinEpisode {
  const all = (name: string) => node.children.filter((c) => c.name === name);
  return {
    line: node.line,
    referralDate: field(node, 'CINreferralDate'),
    referralSource: field(node, 'ReferralSource'),
    primaryNeedCode: field(node, 'PrimaryNeedCode'),
    closureDate: field(node, 'CINclosureDate'),
    reasonForClosure: field(node, 'ReasonForClosure'),
    referralNFA: field(node, 'ReferralNFA'),
    dateOfInitialCPC: field(node, 'DateOfInitialCPC'),
    assessments: all('Assessments').map((a) => ({
      line: a.line,
      startDate: field(a, 'AssessmentActualStartDate'),
      authorisationDate: field(a, 'AssessmentAuthorisationDate'),
      factors: a.children
        .filter((c) => FACTOR_LISTS.has(c.name))
        .flatMap((list) => list.children.filter((f) => f.name === 'AssessmentFactors' && f.text !== '').map((f) => ({ value: f.text, line: f.line }))),
    })),
    section47: all('Section47').map((s) => ({
      line: s.line,
      startDate: field(s, 'S47ActualStartDate'),
      dateOfInitialCPC: field(s, 'DateOfInitialCPC'),
      icpcNotRequired: field(s, 'ICPCnotRequired'),
    })),
    cinPlans: all('CINPlanDates').map((p) => ({ line: p.line, startDate: field(p, 'CINPlanStartDate'), endDate: field(p, 'CINPlanEndDate') })),
    cpPlans: all('ChildProtectionPlans').map((p) => ({ line: p.line, startDate: field(p, 'CPPstartDate'), endDate: field(p, 'CPPendDate') })),
    // The module's container name is not settled in every supplier's output: any element holding a PPStartDate is one.
    preProceedings: node.children
      .filter((c) => c.children.some((x) => x.name === 'PPStartDate'))
      .map((p) => ({
        line: p.line,
        startDate: field(p, 'PPStartDate'),
        fgdmOffer: field(p, 'FGDMMeetingOffer'),
        fgdmFacilitated: field(p, 'FGDMMeetingFac'),
        stepDecisionDate: field(p, 'StepDecisionDate'),
        outcome: field(p, 'PPOutcome'),
      })),
  };
}

/** CIN census booleans: `true`/`false` or `1`/`0` (rule 8568). */
export function cinBoolean(f: CinField | undefined): boolean | undefined {
  if (f === undefined) return undefined;
  const v = f.value.toLowerCase();
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  return undefined;
}
