import { ageBandOn, DISABILITY_CODE_LIST, ETHNICITY_CODE_LIST } from '@journey-ledger/domain';
import type {
  Actor,
  AssessmentOutcome,
  ClosureReason,
  DisabilityCode,
  EthnicityCode,
  JourneyCommand,
  PreProceedingsOutcome,
  PrimaryNeedCode,
  ReferralSource,
  SexCode,
} from '@journey-ledger/domain';
import { journeyIdFor } from '@journey-ledger/application';
import type { JourneyCommands } from '../bulk/bulk-writer';
import { parseCinDate as parseImportDate } from './cin-dates';
import { cinBoolean } from './cin-episode';
import type { CinEpisode, CinField } from './cin-episode';
import type { CinChildCharacteristics } from './cin-xml-reader';

/** Where a journey's commands came from, to name the field and line when the decider refuses one. */
export interface EpisodeRef {
  readonly laChildId: string;
  readonly episode: number;
  readonly steps: readonly { readonly field: string; readonly line: number }[];
  /** Business dates of the episode (for the report's date range). */
  readonly dates: readonly string[];
}

export interface EpisodeContext {
  readonly tenantId: string;
  /** The team every event is recorded against: the census has no team. */
  readonly team: string;
  readonly timeZone: string;
  readonly actor: Actor;
  readonly correlationId: string;
}

/**
 * Ties at the same business time (census dates have no time of day): a referral first, an
 * assessment or enquiry before its own completion, completions and plan endings before what
 * starts next, pre-proceedings after the plans (its steps in their own order), the closure last.
 */
const RANK = {
  referral: 0,
  characteristics: 0.5,
  assessmentStart: 1,
  assessmentEnd: 2,
  s47Start: 3,
  s47End: 4,
  planEnd: 5,
  cinPlanStart: 6,
  cpPlanStart: 7,
  preProceedings: 8,
  closure: 9,
} as const;

interface Step {
  readonly ms: number;
  readonly rank: number;
  readonly seq: number;
  readonly key: string;
  readonly command: JourneyCommand;
  readonly field: string;
  readonly line: number;
}

/** CIN census sex: GenderCurrent codes (1, 2, 0, 9), or the 2023-24 `Sex` letters; anything else is "not known". */
const SEX: Record<string, SexCode> = { '1': '1', '2': '2', '0': '0', '9': '9', M: '1', F: '2', U: '0' };
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Instants already written as ISO text: a return's events fall on a few thousand days (bounded, so memory stays flat). */
const ISO_TEXT = new Map<number, string>();
function isoOf(ms: number): string {
  let text = ISO_TEXT.get(ms);
  if (text === undefined) {
    text = new Date(ms).toISOString();
    if (ISO_TEXT.size >= 20_000) ISO_TEXT.clear();
    ISO_TEXT.set(ms, text);
  }
  return text;
}

/**
 * The child's characteristics as a command, with the age band on the referral date. Only codes
 * reach it: a missing or unknown ethnicity is NOBT (not yet obtained), an unknown sex 0 (not
 * known), unknown disability codes are left out; the date of birth gives the band and goes no further.
 */
function characteristicsCommand(c: CinChildCharacteristics, referralDay: string, occurredAt: string): JourneyCommand {
  const disabilities = c.disabilities.filter((d): d is DisabilityCode => (DISABILITY_CODE_LIST as readonly string[]).includes(d));
  const ethnicity = (ETHNICITY_CODE_LIST as readonly string[]).includes(c.ethnicity ?? '') ? (c.ethnicity as EthnicityCode) : 'NOBT';
  return {
    type: 'RecordChildCharacteristics',
    data: {
      sex: SEX[(c.sex ?? '').toUpperCase()] ?? '0',
      ethnicity,
      // NONE beside a disability is contradictory: the disabilities stand.
      disabilities: disabilities.length > 1 ? disabilities.filter((d) => d !== 'NONE') : disabilities,
      ageBand: ageBandOn(c.dateOfBirth !== undefined && DATE.test(c.dateOfBirth) ? c.dateOfBirth : undefined, referralDay),
      occurredAt,
    },
  };
}

/** The journey id of one CIN episode: the child's LA id and the referral date identify it in every return. */
export function cinJourneyKey(laChildId: string, referralDate: string): string {
  return `cin/${laChildId}/${referralDate}`;
}

export function cinJourneyId(tenantId: string, laChildId: string, referralDate: string): string {
  return journeyIdFor(tenantId, cinJourneyKey(laChildId, referralDate));
}

/**
 * One `CINdetails` episode as the commands of one journey, in business-time order. The episode
 * has passed the census rules (`checkEpisode`), so its dates and codes are good; the domain's
 * decider still has the last word. The census holds no assessment outcome: it is derived from
 * what followed (a CP plan, a CIN plan, factor 21 "no factors", closure RC8/RC9), and is
 * "child in need" (assessed in need, no plan) otherwise.
 */
export function episodeJourney(
  laChildId: string,
  e: CinEpisode,
  index: number,
  ctx: EpisodeContext,
  characteristics?: CinChildCharacteristics,
): JourneyCommands<EpisodeRef> {
  const ms = (f: CinField) => {
    const d = parseImportDate(f.value, ctx.timeZone);
    if (!d.ok) throw new Error(`unchecked date ${f.value}`);
    return d.ms;
  };
  const iso = isoOf;
  const referralDay = e.referralDate!.value;
  const key = cinJourneyKey(laChildId, referralDay);
  const team = ctx.team;
  const steps: Step[] = [];
  let seq = 0;
  const push = (t: number, rank: number, stepKey: string, command: JourneyCommand, field: string, line: number) =>
    steps.push({ ms: t, rank, seq: seq++, key: `${key}/${stepKey}`, command, field, line });

  const referralMs = ms(e.referralDate!);
  push(
    referralMs,
    RANK.referral,
    'referral',
    {
      type: 'AcceptReferral',
      data: {
        referralId: `cin-${referralDay}`,
        childRef: laChildId,
        source: e.referralSource!.value as ReferralSource,
        // A referral with no further action may omit the need (rule 8610): N0 "not stated".
        primaryNeedCode: (e.primaryNeedCode?.value ?? 'N0') as PrimaryNeedCode,
        team,
        occurredAt: iso(referralMs),
      },
    },
    'CINreferralDate',
    e.referralDate!.line,
  );

  if (characteristics !== undefined)
    push(
      referralMs,
      RANK.characteristics,
      'characteristics',
      characteristicsCommand(characteristics, referralDay, iso(referralMs)),
      'ChildCharacteristics',
      e.referralDate!.line,
    );

  const cpStarts = e.cpPlans.filter((p) => p.startDate).map((p) => ms(p.startDate!));
  const cinStarts = e.cinPlans.filter((p) => p.startDate).map((p) => ms(p.startDate!));
  const reason = e.reasonForClosure?.value;
  const outcomeAfter = (end: number, factors: readonly string[]): AssessmentOutcome => {
    if (cpStarts.some((t) => t >= end)) return 'child-protection';
    if (cinStarts.some((t) => t >= end)) return 'child-in-need-plan';
    if (reason === 'RC9') return 'early-help';
    if (reason === 'RC8' || factors.includes('21')) return 'nfa';
    return 'child-in-need-plan';
  };

  // Starts, so that an enquiry with no conference date can end where the next thing starts.
  const starts: number[] = [];
  e.assessments.forEach((a) => a.startDate && starts.push(ms(a.startDate)));
  e.section47.forEach((s) => s.startDate && starts.push(ms(s.startDate)));
  starts.push(...cpStarts, ...cinStarts);
  const closureMs = e.closureDate ? ms(e.closureDate) : undefined;
  if (closureMs !== undefined) starts.push(closureMs);

  const count = new Map<string, number>();
  const idFor = (kind: string, day: string) => {
    const n = (count.get(`${kind}/${day}`) ?? 0) + 1;
    count.set(`${kind}/${day}`, n);
    return n === 1 ? `${kind}-${day}` : `${kind}-${day}-${n}`;
  };

  for (const a of e.assessments) {
    const start = ms(a.startDate!);
    const id = idFor('assessment', a.startDate!.value);
    push(
      start,
      RANK.assessmentStart,
      `${id}/start`,
      { type: 'StartAssessment', data: { assessmentId: id, kind: 'single', team, occurredAt: iso(start) } },
      'AssessmentActualStartDate',
      a.startDate!.line,
    );
    if (a.authorisationDate) {
      const end = ms(a.authorisationDate);
      const factors = a.factors.map((f) => f.value);
      push(
        end,
        RANK.assessmentEnd,
        `${id}/complete`,
        {
          type: 'CompleteAssessment',
          data: { assessmentId: id, outcome: outcomeAfter(end, factors), factors, occurredAt: iso(end) },
        },
        'AssessmentAuthorisationDate',
        a.authorisationDate.line,
      );
    }
  }
  for (const s of e.section47) {
    const start = ms(s.startDate!);
    const id = idFor('s47', s.startDate!.value);
    push(
      start,
      RANK.s47Start,
      `${id}/start`,
      { type: 'StartAssessment', data: { assessmentId: id, kind: 'section-47', team, occurredAt: iso(start) } },
      'S47ActualStartDate',
      s.startDate!.line,
    );
    // The census records no end to an enquiry: its initial conference, else whatever starts next.
    const end = s.dateOfInitialCPC ? ms(s.dateOfInitialCPC) : starts.filter((t) => t > start).sort((x, y) => x - y)[0];
    if (end !== undefined) {
      push(
        end,
        RANK.s47End,
        `${id}/complete`,
        {
          type: 'CompleteAssessment',
          data: { assessmentId: id, outcome: outcomeAfter(end, []), factors: [], occurredAt: iso(end) },
        },
        s.dateOfInitialCPC ? 'DateOfInitialCPC' : 'S47ActualStartDate',
        (s.dateOfInitialCPC ?? s.startDate!).line,
      );
    }
  }
  const plans = [
    ...e.cinPlans.map((p) => ({
      p,
      kind: 'child-in-need' as const,
      rank: RANK.cinPlanStart,
      prefix: 'cin-plan',
      startField: 'CINPlanStartDate',
      endField: 'CINPlanEndDate',
    })),
    ...e.cpPlans.map((p) => ({
      p,
      kind: 'child-protection' as const,
      rank: RANK.cpPlanStart,
      prefix: 'cp-plan',
      startField: 'CPPstartDate',
      endField: 'CPPendDate',
    })),
  ];
  for (const { p, kind, rank, prefix, startField, endField } of plans) {
    const start = ms(p.startDate!);
    const id = idFor(prefix, p.startDate!.value);
    push(start, rank, `${id}/start`, { type: 'StartPlan', data: { planId: id, kind, team, occurredAt: iso(start) } }, startField, p.startDate!.line);
    if (p.endDate) {
      const end = ms(p.endDate);
      push(end, RANK.planEnd, `${id}/end`, { type: 'EndPlan', data: { planId: id, reason: 'other', occurredAt: iso(end) } }, endField, p.endDate.line);
    }
  }
  for (const p of e.preProceedings) {
    const start = ms(p.startDate!);
    const id = idFor('pp', p.startDate!.value);
    const pp = (
      t: number,
      stepKey: string,
      data: Omit<Extract<JourneyCommand, { type: 'RecordPreProceedings' }>['data'], 'occurredAt' | 'team' | 'preProceedingsId'>,
      f: CinField,
    ) =>
      push(
        t,
        RANK.preProceedings,
        `${id}/${stepKey}`,
        { type: 'RecordPreProceedings', data: { preProceedingsId: id, team, ...data, occurredAt: iso(t) } },
        f === p.startDate ? 'PPStartDate' : 'StepDecisionDate',
        f.line,
      );
    pp(start, 'start', { step: 'started' }, p.startDate!);
    // An FGDM field holds a date, or a yes/no flag; a "yes" with no date is placed at the start of pre-proceedings.
    const fgdmAt = (f: CinField | undefined) => (f === undefined ? undefined : cinBoolean(f) === undefined ? ms(f) : cinBoolean(f) ? start : undefined);
    const offered = fgdmAt(p.fgdmOffer);
    const held = fgdmAt(p.fgdmFacilitated);
    const conferenceId = `fgdm-${id}`;
    const fgdm = (t: number, step: 'offered' | 'accepted' | 'held', f: CinField, field: string) =>
      push(
        t,
        RANK.preProceedings,
        `${conferenceId}/${step}`,
        { type: 'RecordFamilyGroupConference', data: { conferenceId, step, team, occurredAt: iso(t) } },
        field,
        f.line,
      );
    if (offered !== undefined) fgdm(offered, 'offered', p.fgdmOffer!, 'FGDMMeetingOffer');
    if (offered !== undefined && held !== undefined) {
      // A meeting facilitated was one the family accepted; the census records no separate answer.
      fgdm(held, 'accepted', p.fgdmFacilitated!, 'FGDMMeetingFac');
      fgdm(held, 'held', p.fgdmFacilitated!, 'FGDMMeetingFac');
    }
    if (p.stepDecisionDate !== undefined) {
      pp(ms(p.stepDecisionDate), 'decision', { step: 'decided', outcome: p.outcome!.value as PreProceedingsOutcome }, p.stepDecisionDate);
    }
  }
  if (closureMs !== undefined) {
    push(
      closureMs,
      RANK.closure,
      'closure',
      { type: 'CloseJourney', data: { reason: reason as ClosureReason, team, occurredAt: iso(closureMs) } },
      'CINclosureDate',
      e.closureDate!.line,
    );
  }
  steps.sort((a, b) => a.ms - b.ms || a.rank - b.rank || a.seq - b.seq);
  return {
    tenantId: ctx.tenantId,
    journeyId: cinJourneyId(ctx.tenantId, laChildId, referralDay),
    correlationId: ctx.correlationId,
    actor: ctx.actor,
    commands: steps.map((s) => ({ commandId: s.key, command: s.command })),
    ref: { laChildId, episode: index, steps: steps.map((s) => ({ field: s.field, line: s.line })), dates: [...new Set(steps.map((s) => iso(s.ms)))] },
  };
}
