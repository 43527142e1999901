import type { DayLinkContext } from '../linked/write-children';
import { createHash } from 'node:crypto';
import type { AssessmentOutcome, ClosureReason, PractitionerRole, PrimaryNeedCode, ReferralSource, TeamTier } from '@journey-ledger/domain';
import { LinkedStep, linkedJourney, RANK } from '../linked/linked-journey';
import type { LinkedChild, RowFault } from '../linked/write-children';

type Row<T> = T & { readonly row: number };

/** One CIN referral episode of the SSD and the rows that hang off it by referral id. */
export interface SsdEpisode {
  readonly referralId: string;
  readonly row: number;
  readonly day: string;
  readonly source: ReferralSource;
  readonly need: PrimaryNeedCode;
  readonly nfa: boolean;
  readonly closed?: string;
  readonly reason?: ClosureReason;
  readonly team?: string;
  readonly assessments: Row<{ id: string; start: string; end?: string; nfa: boolean; team?: string }>[];
  readonly s47: Row<{ id: string; start: string; end?: string; nfa: boolean; team?: string }>[];
  readonly cinPlans: Row<{ id: string; start: string; end?: string; team?: string }>[];
  readonly cpPlans: Row<{ id: string; start: string; end?: string }>[];
  /** `worker`: the pseudonymous reference of the allocated worker (`workerRef`), never the staff id. */
  readonly involvements: Row<{ id: string; start: string; team: string; worker?: string; role?: PractitionerRole; reason?: string }>[];
  readonly contacts: Row<{ id: string; day: string; source: ReferralSource }>[];
}

/**
 * The pseudonym of an SSD worker id (`invo_professional_id`): a hash of the council and the id, so
 * the same worker has the same reference in every import and the staff id itself is never stored.
 * Only someone holding the council's staff list can go back from it.
 */
export function workerRef(tenantId: string, professionalId: string): string {
  return `w-${createHash('sha256').update(`${tenantId}/ssd-worker/${professionalId}`).digest('hex').slice(0, 20)}`;
}

/** The lead practitioner's role from the tier of the involvement's team. */
export function roleForTier(tier: TeamTier | undefined): PractitionerRole {
  switch (tier) {
    case 'family-help':
      return 'family-help-lead-practitioner';
    case 'multi-agency-child-protection':
      return 'lead-child-protection-practitioner';
    case 'early-help':
      return 'early-help-practitioner';
    case 'partner':
    case 'universal':
      return 'partner-lead-practitioner';
    default:
      return 'social-worker';
  }
}

/** After the handover an involvement makes on the same day, before an assessment starts. */
const ALLOCATION_RANK = RANK.handover + 0.5;

export interface SsdChild {
  readonly personId: string;
  readonly rows: { list: string; row: number }[];
  readonly faults: RowFault[];
  readonly episodes: SsdEpisode[];
}

/** Who and what the import is, its default team, and a source day as an instant (12:00 local). */
export type SsdLinkContext = DayLinkContext;

/**
 * One SSD referral episode as a journey. The SSD carries the referral id on every table, so the
 * linking is the case system's own. `involvements` is the case's team history: each involvement
 * whose team is not the one holding the case moves it there (`CaseHandedOver`, reason
 * "involvement"), on the involvement's start date. Days only: SSD times are not used.
 */
export function ssdChildJourneys(c: SsdChild, ctx: SsdLinkContext): LinkedChild {
  const journeys = c.faults.length > 0 ? [] : c.episodes.map((e) => episodeJourney(c.personId, e, ctx));
  return { childId: c.personId, rows: c.rows, faults: c.faults, journeys };
}

function episodeJourney(personId: string, e: SsdEpisode, ctx: SsdLinkContext) {
  const steps: LinkedStep[] = [];
  const iso = (ms: number) => new Date(ms).toISOString();
  const referralMs = ctx.ms(e.day);
  const firstTeam = [...e.involvements].sort((a, b) => a.start.localeCompare(b.start))[0]?.team;
  const referralTeam = e.team ?? firstTeam ?? ctx.team;
  for (const k of e.contacts) {
    const ms = ctx.ms(k.day);
    const id = `contact-${k.id}`;
    steps.push({
      ms,
      rank: RANK.contact,
      key: id,
      command: {
        type: 'RecordContact',
        data: { contactId: id, childRef: personId, source: k.source, channel: 'phone', team: referralTeam, concerns: [], levelOfNeed: '', occurredAt: iso(ms) },
      },
      source: { list: 'contacts', row: k.row, field: 'cont_contact_date' },
    });
    steps.push({
      ms: referralMs,
      rank: RANK.contactDecision,
      key: `${id}/decision`,
      command: { type: 'DecideContact', data: { contactId: id, outcome: 'referral', team: referralTeam, occurredAt: iso(referralMs) } },
      source: { list: 'cin_episodes', row: e.row, field: 'cine_referral_date' },
    });
  }
  steps.push({
    ms: referralMs,
    rank: RANK.referral,
    key: 'referral',
    command: {
      type: 'AcceptReferral',
      data: { referralId: e.referralId, childRef: personId, source: e.source, primaryNeedCode: e.need, team: referralTeam, occurredAt: iso(referralMs) },
    },
    source: { list: 'cin_episodes', row: e.row, field: 'cine_referral_date' },
  });
  for (const i of e.involvements) {
    const ms = ctx.ms(i.start);
    steps.push({
      ms,
      rank: RANK.handover,
      key: `involvement-${i.id}`,
      command: (holder) =>
        holder === undefined || holder === i.team
          ? null
          : {
              type: 'HandOver',
              data: { fromTeam: holder, toTeam: i.team, reason: i.reason ? `involvement: ${i.reason}` : 'involvement', occurredAt: iso(ms) },
            },
      source: { list: 'involvements', row: i.row, field: 'invo_professional_team' },
    });
  }
  // The involvement's worker becomes the lead practitioner, from the referral on (the journey's
  // first day) and not after the closure; the same worker in the same team is no new allocation.
  let lead: { worker: string; team: string } | undefined;
  for (const i of [...e.involvements].sort((a, b) => a.start.localeCompare(b.start) || a.row - b.row)) {
    if (i.worker === undefined || (e.closed !== undefined && i.start > e.closed)) continue;
    if (lead !== undefined && lead.worker === i.worker && lead.team === i.team) continue;
    const ms = Math.max(ctx.ms(i.start), referralMs);
    const reason = lead === undefined ? 'first-allocation' : lead.team !== i.team ? 'case-transferred' : 'other';
    lead = { worker: i.worker, team: i.team };
    steps.push({
      ms,
      rank: ALLOCATION_RANK,
      key: `involvement-${i.id}/worker`,
      command: {
        type: 'AllocatePractitioner',
        data: { practitionerRef: i.worker, team: i.team, role: i.role ?? 'social-worker', reason, occurredAt: iso(ms) },
      },
      source: { list: 'involvements', row: i.row, field: 'invo_professional_id' },
    });
  }
  const cpStarts = e.cpPlans.map((p) => p.start);
  const outcome = (day: string, nfa: boolean): AssessmentOutcome =>
    cpStarts.some((d) => d >= day) ? 'child-protection' : nfa ? (e.reason === 'RC9' ? 'early-help' : 'nfa') : 'child-in-need-plan';
  const byHolder = (team: string | undefined) => (holder: string | undefined) => team ?? holder ?? ctx.team;
  for (const [kind, list, items, startField, endField, teamField] of [
    ['single', 'cin_assessments', e.assessments, 'cina_assessment_start_date', 'cina_assessment_auth_date', 'cina_assessment_team'],
    ['section-47', 's47_enquiry', e.s47, 's47e_s47_start_date', 's47e_s47_end_date', 's47e_s47_completed_by_team'],
  ] as const) {
    for (const a of items) {
      const id = `${kind === 'single' ? 'assessment' : 's47'}-${a.id}`;
      const ms = ctx.ms(a.start);
      steps.push({
        ms,
        rank: RANK.assessmentStart,
        key: `${id}/start`,
        command: (holder) => ({ type: 'StartAssessment', data: { assessmentId: id, kind, team: byHolder(a.team)(holder), occurredAt: iso(ms) } }),
        source: { list, row: a.row, field: a.team ? teamField : startField },
      });
      if (a.end !== undefined) {
        const end = ctx.ms(a.end);
        steps.push({
          ms: end,
          rank: RANK.assessmentEnd,
          key: `${id}/complete`,
          command: { type: 'CompleteAssessment', data: { assessmentId: id, outcome: outcome(a.end, a.nfa), factors: [], occurredAt: iso(end) } },
          source: { list, row: a.row, field: endField },
        });
      }
    }
  }
  for (const [kind, list, items, startField, endField] of [
    ['child-in-need', 'cin_plans', e.cinPlans, 'cinp_cin_plan_start', 'cinp_cin_plan_end'],
    ['child-protection', 'cp_plans', e.cpPlans, 'cppl_cp_plan_start_date', 'cppl_cp_plan_end_date'],
  ] as const) {
    for (const p of items as readonly Row<{ id: string; start: string; end?: string; team?: string }>[]) {
      const id = `${kind === 'child-in-need' ? 'cin-plan' : 'cp-plan'}-${p.id}`;
      const ms = ctx.ms(p.start);
      steps.push({
        ms,
        rank: RANK.planStart,
        key: `${id}/start`,
        command: (holder) => ({ type: 'StartPlan', data: { planId: id, kind, team: byHolder(p.team)(holder), occurredAt: iso(ms) } }),
        source: { list, row: p.row, field: startField },
      });
      if (p.end !== undefined) {
        const end = ctx.ms(p.end);
        steps.push({
          ms: end,
          rank: RANK.planEnd,
          key: `${id}/end`,
          command: { type: 'EndPlan', data: { planId: id, reason: 'other', occurredAt: iso(end) } },
          source: { list, row: p.row, field: endField },
        });
      }
    }
  }
  if (e.closed !== undefined && e.reason !== undefined) {
    const ms = ctx.ms(e.closed);
    steps.push({
      ms,
      rank: RANK.closure,
      key: 'closure',
      command: { type: 'CloseJourney', data: { reason: e.reason, occurredAt: iso(ms) } },
      source: { list: 'cin_episodes', row: e.row, field: 'cine_close_date' },
    });
  } else if (e.nfa) {
    steps.push({
      ms: referralMs,
      rank: RANK.closure,
      key: 'closure',
      command: { type: 'CloseJourney', data: { reason: 'RC7', occurredAt: iso(referralMs) } },
      source: { list: 'cin_episodes', row: e.row, field: 'cine_referral_nfa' },
    });
  }
  return linkedJourney(personId, `ssd/${e.referralId}`, steps, ctx);
}
