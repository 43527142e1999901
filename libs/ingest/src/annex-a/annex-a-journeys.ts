import type { DayLinkContext } from '../linked/write-children';
import type { AssessmentOutcome, ClosureReason, JourneyCommand, PrimaryNeedCode, ReferralSource } from '@journey-ledger/domain';
import { LinkedStep, linkedJourney, RANK, SourceRow, StepKeys } from '../linked/linked-journey';
import type { LinkedChild, RowFault } from '../linked/write-children';
import { ANNEX_A_LISTS, listName } from './annex-a-lists';

/** A child's rows, read and checked, as the linking needs them (days are `YYYY-MM-DD`). */
export interface AnnexAChild {
  readonly childId: string;
  readonly rows: { list: string; row: number }[];
  readonly faults: RowFault[];
  readonly contacts: { row: number; day: string; source: ReferralSource }[];
  readonly earlyHelp: { row: number; start: string; end?: string }[];
  readonly referrals: { row: number; day: string; source: ReferralSource; nfa?: boolean; team?: string }[];
  readonly assessments: { row: number; start: string; end?: string; inNeed?: boolean; team?: string }[];
  readonly s47: { row: number; start: string; icpc?: string; icpcPlan?: boolean; team?: string }[];
  readonly cin: { row: number; start: string; need?: PrimaryNeedCode; closed?: string; reason?: ClosureReason; team?: string }[];
  readonly cp: { row: number; start: string; end?: string; team?: string }[];
}

export const emptyChild = (childId: string): AnnexAChild => ({
  childId,
  rows: [],
  faults: [],
  contacts: [],
  earlyHelp: [],
  referrals: [],
  assessments: [],
  s47: [],
  cin: [],
  cp: [],
});

/** A contact joins the referral that follows it within this many days (and no earlier referral). */
export const CONTACT_TO_REFERRAL_DAYS = 30;
/** An early help assessment joins the contact before it within this many days. */
export const CONTACT_TO_EARLY_HELP_DAYS = 30;

/** Who and what the import is, its default team, and a source day as an instant (12:00 local). */
export type AnnexALinkContext = DayLinkContext;

const DAY = 86_400_000;
const daysBetween = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / DAY);

interface Episode {
  day: string;
  source: ReferralSource;
  referralRow?: { list: string; row: number };
  nfa?: boolean;
  team?: string;
  cin?: AnnexAChild['cin'][number];
  contacts: AnnexAChild['contacts'];
  assessments: AnnexAChild['assessments'];
  s47: AnnexAChild['s47'];
  cp: AnnexAChild['cp'];
}

/**
 * Links one child's Annex A rows into journeys. Annex A has no journey id, so the rule is:
 * each referral (List 3) starts a journey, and so does a CIN episode (List 6) whose start date is
 * no referral's (its referral is implied); an assessment (List 4), section 47 enquiry (List 5) or
 * child protection plan (List 7) belongs to the child's latest referral on or before its start;
 * a contact (List 1) belongs to the first referral within 30 days after it, else starts a journey
 * of its own, which an early help assessment (List 2) starting within 30 days after the contact
 * joins (the contact is then decided early help). Nothing else is guessed: a contact with no
 * referral or early help after it stays undecided, as Annex A does not say what was decided.
 */
export function linkAnnexAChild(c: AnnexAChild, ctx: AnnexALinkContext): LinkedChild {
  const faults = [...c.faults];
  const L = (n: number) => listName(n as 1);
  const episodes: Episode[] = [];
  const byDay = new Map<string, Episode>();
  for (const r of [...c.referrals].sort((a, b) => a.day.localeCompare(b.day))) {
    if (byDay.has(r.day)) {
      faults.push({ list: L(3), row: r.row, field: 'Date of referral', code: 'DuplicateReferral', message: `the child has two referrals on ${r.day}` });
      continue;
    }
    const e: Episode = {
      day: r.day,
      source: r.source,
      referralRow: { list: L(3), row: r.row },
      nfa: r.nfa,
      team: r.team,
      contacts: [],
      assessments: [],
      s47: [],
      cp: [],
    };
    byDay.set(r.day, e);
    episodes.push(e);
  }
  for (const cin of c.cin) {
    const e = byDay.get(cin.start);
    if (e?.cin !== undefined) {
      faults.push({
        list: L(6),
        row: cin.row,
        field: 'CIN Start Date',
        code: 'DuplicateEpisode',
        message: `the child has two CIN episodes starting on ${cin.start}`,
      });
    } else if (e !== undefined) e.cin = cin;
    else {
      const implied: Episode = { day: cin.start, source: '10', cin, team: cin.team, contacts: [], assessments: [], s47: [], cp: [] };
      byDay.set(cin.start, implied);
      episodes.push(implied);
    }
  }
  episodes.sort((a, b) => a.day.localeCompare(b.day));
  const episodeOn = (day: string) => [...episodes].reverse().find((e) => e.day <= day);

  const attach = <T extends { row: number; start: string }>(items: readonly T[], list: number, field: string, to: (e: Episode) => T[]) => {
    for (const it of items) {
      const e = episodeOn(it.start);
      if (e === undefined)
        faults.push({
          list: L(list),
          row: it.row,
          field,
          code: 'NoReferral',
          message: `no referral (List 3) or CIN episode (List 6) of this child on or before ${it.start}: the ledger cannot place it in a journey`,
        });
      else to(e).push(it);
    }
  };
  attach(c.assessments, 4, ANNEX_A_LISTS[4].fields.start[0], (e) => e.assessments);
  attach(c.s47, 5, ANNEX_A_LISTS[5].fields.start[0], (e) => e.s47);
  attach(c.cp, 7, ANNEX_A_LISTS[7].fields.start[0], (e) => e.cp);

  const contactJourneys: { contact: AnnexAChild['contacts'][number]; earlyHelp?: AnnexAChild['earlyHelp'][number] }[] = [];
  for (const k of [...c.contacts].sort((a, b) => a.day.localeCompare(b.day) || a.row - b.row)) {
    const e = episodes.find((x) => x.day >= k.day && daysBetween(k.day, x.day) <= CONTACT_TO_REFERRAL_DAYS);
    if (e !== undefined) e.contacts.push(k);
    else contactJourneys.push({ contact: k });
  }
  for (const eh of [...c.earlyHelp].sort((a, b) => a.start.localeCompare(b.start))) {
    const j = [...contactJourneys]
      .reverse()
      .find((x) => x.earlyHelp === undefined && x.contact.day <= eh.start && daysBetween(x.contact.day, eh.start) <= CONTACT_TO_EARLY_HELP_DAYS);
    if (j === undefined)
      faults.push({
        list: L(2),
        row: eh.row,
        field: 'Assessment start date',
        code: 'NoContact',
        message: `no contact (List 1) of this child in the ${CONTACT_TO_EARLY_HELP_DAYS} days before this early help assessment (not already followed by a referral): a journey starts at a contact or a referral`,
      });
    else j.earlyHelp = eh;
  }

  if (faults.length > 0) return { childId: c.childId, rows: c.rows, journeys: [], faults };

  const journeys = [
    ...episodes.map((e) => episodeJourney(c.childId, e, ctx)),
    ...contactJourneys.map((j) => contactJourney(c.childId, j.contact, j.earlyHelp, ctx)),
  ];
  return { childId: c.childId, rows: c.rows, journeys, faults };
}

function contactSteps(
  childId: string,
  contacts: AnnexAChild['contacts'],
  keys: StepKeys,
  ctx: AnnexALinkContext,
  team: string,
): { steps: LinkedStep[]; ids: string[] } {
  const steps: LinkedStep[] = [];
  const ids: string[] = [];
  for (const k of contacts) {
    const id = keys.next('contact', k.day);
    ids.push(id);
    const ms = ctx.ms(k.day);
    steps.push({
      ms,
      rank: RANK.contact,
      key: id,
      command: {
        type: 'RecordContact',
        data: {
          contactId: id,
          childRef: childId,
          source: k.source,
          channel: 'phone',
          team,
          concerns: [],
          levelOfNeed: '',
          occurredAt: new Date(ms).toISOString(),
        },
      },
      source: { list: 'List 1', row: k.row, field: 'Date of Contact' },
    });
  }
  return { steps, ids };
}

function contactJourney(childId: string, contact: AnnexAChild['contacts'][number], eh: AnnexAChild['earlyHelp'][number] | undefined, ctx: AnnexALinkContext) {
  const keys = new StepKeys();
  const { steps, ids } = contactSteps(childId, [contact], keys, ctx, ctx.team);
  if (eh !== undefined) {
    const start = ctx.ms(eh.start);
    const src = (field: string): SourceRow => ({ list: 'List 2', row: eh.row, field });
    steps.push({
      ms: start,
      rank: RANK.contactDecision,
      key: `${ids[0]}/decision`,
      command: { type: 'DecideContact', data: { contactId: ids[0], outcome: 'early-help', team: ctx.team, occurredAt: new Date(start).toISOString() } },
      source: src('Assessment start date'),
    });
    const id = keys.next('early-help-assessment', eh.start);
    steps.push({
      ms: start,
      rank: RANK.assessmentStart,
      key: `${id}/start`,
      command: { type: 'StartAssessment', data: { assessmentId: id, kind: 'early-help', team: ctx.team, occurredAt: new Date(start).toISOString() } },
      source: src('Assessment start date'),
    });
    if (eh.end !== undefined) {
      const end = ctx.ms(eh.end);
      steps.push({
        ms: end,
        rank: RANK.assessmentEnd,
        key: `${id}/complete`,
        command: { type: 'CompleteAssessment', data: { assessmentId: id, outcome: 'early-help', factors: [], occurredAt: new Date(end).toISOString() } },
        source: src('Assessment completion date'),
      });
    }
  }
  return linkedJourney(childId, `annex-a/${childId}/${ids[0]}`, steps, ctx);
}

function episodeJourney(childId: string, e: Episode, ctx: AnnexALinkContext) {
  const keys = new StepKeys();
  const iso = (ms: number) => new Date(ms).toISOString();
  // List 1 names no team: a contact that led to the referral is taken as received where the referral was.
  const referralTeam = e.team ?? e.cin?.team ?? ctx.team;
  const { steps, ids } = contactSteps(childId, e.contacts, keys, ctx, referralTeam);
  const referralMs = ctx.ms(e.day);
  const refSrc: SourceRow = e.referralRow ? { ...e.referralRow, field: 'Date of referral' } : { list: 'List 6', row: e.cin!.row, field: 'CIN Start Date' };
  ids.forEach((id) =>
    steps.push({
      ms: referralMs,
      rank: RANK.contactDecision,
      key: `${id}/decision`,
      command: { type: 'DecideContact', data: { contactId: id, outcome: 'referral', team: referralTeam, occurredAt: iso(referralMs) } },
      source: refSrc,
    }),
  );
  steps.push({
    ms: referralMs,
    rank: RANK.referral,
    key: 'referral',
    command: {
      type: 'AcceptReferral',
      data: {
        referralId: `referral-${e.day}`,
        childRef: childId,
        source: e.source,
        primaryNeedCode: e.cin?.need ?? 'N0',
        team: referralTeam,
        occurredAt: iso(referralMs),
      },
    },
    source: refSrc,
  });

  const cpStarts = e.cp.map((p) => p.start);
  const reason = e.cin?.reason;
  const outcomeAfter = (day: string, inNeed?: boolean): AssessmentOutcome => {
    if (cpStarts.some((d) => d >= day)) return 'child-protection';
    if (inNeed === false) return reason === 'RC9' ? 'early-help' : 'nfa';
    if (inNeed === undefined && reason === 'RC9') return 'early-help';
    if (inNeed === undefined && reason === 'RC8') return 'nfa';
    return 'child-in-need-plan';
  };
  // Rows that name no team are carried out by whoever holds the case then: no handover is invented.
  const byHolder = (team: string | undefined, make: (team: string) => JourneyCommand) => (holder: string | undefined) => make(team ?? holder ?? ctx.team);
  const starts = [...e.assessments.map((a) => a.start), ...e.s47.map((s) => s.start), ...cpStarts, ...(e.cin?.closed ? [e.cin.closed] : [])];

  for (const a of e.assessments) {
    const id = keys.next('assessment', a.start);
    const ms = ctx.ms(a.start);
    steps.push({
      ms,
      rank: RANK.assessmentStart,
      key: `${id}/start`,
      command: byHolder(a.team, (team) => ({ type: 'StartAssessment', data: { assessmentId: id, kind: 'single', team, occurredAt: iso(ms) } })),
      source: { list: 'List 4', row: a.row, field: 'Continuous Assessment Start Date' },
    });
    if (a.end !== undefined) {
      const end = ctx.ms(a.end);
      steps.push({
        ms: end,
        rank: RANK.assessmentEnd,
        key: `${id}/complete`,
        command: { type: 'CompleteAssessment', data: { assessmentId: id, outcome: outcomeAfter(a.end, a.inNeed), factors: [], occurredAt: iso(end) } },
        source: { list: 'List 4', row: a.row, field: 'Continuous Assessment Date of Authorisation' },
      });
    }
  }
  for (const s of e.s47) {
    const id = keys.next('s47', s.start);
    const ms = ctx.ms(s.start);
    steps.push({
      ms,
      rank: RANK.assessmentStart,
      key: `${id}/start`,
      command: byHolder(s.team, (team) => ({ type: 'StartAssessment', data: { assessmentId: id, kind: 'section-47', team, occurredAt: iso(ms) } })),
      source: { list: 'List 5', row: s.row, field: 'Section 47 Enquiry Start Date' },
    });
    // Annex A records no end to an enquiry: its initial conference, else whatever starts next.
    const endDay = s.icpc ?? starts.filter((d) => d > s.start).sort()[0];
    if (endDay !== undefined) {
      const end = ctx.ms(endDay);
      steps.push({
        ms: end,
        rank: RANK.assessmentEnd,
        key: `${id}/complete`,
        command: {
          type: 'CompleteAssessment',
          data: { assessmentId: id, outcome: s.icpcPlan ? 'child-protection' : outcomeAfter(endDay), factors: [], occurredAt: iso(end) },
        },
        source: { list: 'List 5', row: s.row, field: s.icpc ? 'Date of Initial Child Protection Conference' : 'Section 47 Enquiry Start Date' },
      });
    }
  }
  for (const p of e.cp) {
    const id = keys.next('cp-plan', p.start);
    const ms = ctx.ms(p.start);
    steps.push({
      ms,
      rank: RANK.planStart,
      key: `${id}/start`,
      command: byHolder(p.team, (team) => ({ type: 'StartPlan', data: { planId: id, kind: 'child-protection', team, occurredAt: iso(ms) } })),
      source: { list: 'List 7', row: p.row, field: 'Child Protection Plan Start Date' },
    });
    if (p.end !== undefined) {
      const end = ctx.ms(p.end);
      steps.push({
        ms: end,
        rank: RANK.planEnd,
        key: `${id}/end`,
        command: { type: 'EndPlan', data: { planId: id, reason: 'other', occurredAt: iso(end) } },
        source: { list: 'List 7', row: p.row, field: 'Child Protection Plan End Date' },
      });
    }
  }
  if (e.cin?.closed !== undefined && e.cin.reason !== undefined) {
    const ms = ctx.ms(e.cin.closed);
    steps.push({
      ms,
      rank: RANK.closure,
      key: 'closure',
      command: { type: 'CloseJourney', data: { reason: e.cin.reason, occurredAt: iso(ms) } },
      source: { list: 'List 6', row: e.cin.row, field: 'CIN Closure Date' },
    });
  } else if (e.nfa === true) {
    // A referral with no further action closes on its day; Annex A gives no reason: RC7 "services ceased".
    steps.push({
      ms: referralMs,
      rank: RANK.closure,
      key: 'closure',
      command: { type: 'CloseJourney', data: { reason: 'RC7', occurredAt: iso(referralMs) } },
      source: { ...refSrc, field: 'Referral NFA?' },
    });
  }
  return linkedJourney(childId, `annex-a/${childId}/referral-${e.day}`, steps, ctx);
}
