import { TEAM_TIERS } from '../codes/cin-codes';
import type { TeamTier } from '../codes/cin-codes';

/**
 * What the front door costs: staff hours per piece of work, by the tier of the team doing it, and
 * an hourly cost per tier. Hours and cost are a model, not a timesheet: a council replaces the
 * defaults below with its own figures in its configuration (`costModel:`), and every figure the
 * ledger gives says which model it came from (docs/equality-and-cost.md).
 */
export const COST_ACTIVITIES = ['contactScreening', 'handover', 'assessment', 'strategyDiscussion', 'closure'] as const;
export type CostActivity = (typeof COST_ACTIVITIES)[number];

/** A figure per tier: `default` for any tier not named. */
export type PerTier = { readonly default: number } & Partial<Readonly<Record<TeamTier, number>>>;

export interface CostModel {
  /** Where the figures come from, for the report's footnote (e.g. "PSSRU 2013-14 prices; hours assumed"). */
  readonly basis: string;
  /** Pounds sterling per staff hour, by tier. */
  readonly hourlyCost: PerTier;
  /** Staff hours per activity, by the tier of the team doing the work. */
  readonly hours: Readonly<Record<CostActivity, PerTier>>;
}

/**
 * The defaults. Hourly cost of a social worker (front door, statutory, multi-agency child
 * protection): £55 per hour of client-related work, children's services social worker, PSSRU
 * Unit Costs of Health and Social Care (2013-14 prices, excluding qualification costs; £40 per
 * working hour). Every other figure is an assumption, to be replaced by the council's own:
 * early help and family help at £40, partner and universal services at £0 (not on the council's
 * budget); hours per activity as listed.
 */
export const DEFAULT_COST_MODEL: CostModel = {
  basis:
    'PSSRU Unit Costs of Health and Social Care (social worker, children’s services, 2013-14 prices) for social work tiers; other rates and all hours are assumptions',
  hourlyCost: { default: 55, 'early-help': 40, 'family-help': 40, partner: 0, universal: 0 },
  hours: {
    contactScreening: { default: 1 },
    handover: { default: 2 },
    assessment: { default: 15, 'early-help': 8, 'family-help': 10 },
    strategyDiscussion: { default: 3 },
    closure: { default: 1 },
  },
};

/** The figure for a tier (the default when the tier is not named, or unknown). */
export const forTier = (figures: PerTier, tier: TeamTier | undefined): number => (tier !== undefined ? figures[tier] : undefined) ?? figures.default;

/** Staff hours and their cost for one piece of work done by a team of `tier`. */
export function costOfActivity(model: CostModel, activity: CostActivity, tier: TeamTier | undefined): { hours: number; cost: number } {
  const hours = forTier(model.hours[activity], tier);
  return { hours, cost: hours * forTier(model.hourlyCost, tier) };
}

function parsePerTier(raw: unknown, fallback: PerTier, where: string, problems: string[]): PerTier {
  if (raw === undefined) return fallback;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push(`${where}: a figure per tier (default, ${TEAM_TIERS.join(', ')})`);
    return fallback;
  }
  const out: Record<string, number> = { ...fallback };
  for (const [k, v] of Object.entries(raw)) {
    if (k !== 'default' && !(TEAM_TIERS as readonly string[]).includes(k)) problems.push(`${where}.${k}: not a tier (default, ${TEAM_TIERS.join(', ')})`);
    else if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 10_000) problems.push(`${where}.${k}: a number from 0 to 10000`);
    else out[k] = v;
  }
  return out as PerTier;
}

/** Validates a council's `costModel:` (untrusted), filling what it leaves out from the defaults. */
export function parseCostModel(raw: unknown, where: string, problems: string[]): CostModel {
  if (raw === undefined) return DEFAULT_COST_MODEL;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push(`${where}: must be an object (basis, hourlyCost, hours)`);
    return DEFAULT_COST_MODEL;
  }
  const obj = raw as Record<string, unknown>;
  for (const k of Object.keys(obj)) if (!['basis', 'hourlyCost', 'hours'].includes(k)) problems.push(`${where}.${k}: unknown field (basis, hourlyCost, hours)`);
  const basis = obj.basis ?? DEFAULT_COST_MODEL.basis;
  if (typeof basis !== 'string' || basis.trim() === '' || basis.length > 300)
    problems.push(`${where}.basis: a short description of where the figures come from`);
  const hoursRaw = (obj.hours ?? {}) as Record<string, unknown>;
  if (typeof hoursRaw !== 'object' || hoursRaw === null || Array.isArray(hoursRaw))
    problems.push(`${where}.hours: hours per activity (${COST_ACTIVITIES.join(', ')})`);
  else
    for (const k of Object.keys(hoursRaw))
      if (!(COST_ACTIVITIES as readonly string[]).includes(k)) problems.push(`${where}.hours.${k}: not an activity (${COST_ACTIVITIES.join(', ')})`);
  const hours = Object.fromEntries(
    COST_ACTIVITIES.map((a) => [a, parsePerTier((hoursRaw as Record<string, unknown>)?.[a], DEFAULT_COST_MODEL.hours[a], `${where}.hours.${a}`, problems)]),
  ) as Record<CostActivity, PerTier>;
  return {
    basis: String(basis),
    hourlyCost: parsePerTier(obj.hourlyCost, DEFAULT_COST_MODEL.hourlyCost, `${where}.hourlyCost`, problems),
    hours,
  };
}

/** The tier of a team, as a team map gives it. */
type TierOf = (team: string) => TeamTier | undefined;

/** What the cost model needs of a journey: who did which piece of work. */
interface CostedJourney {
  readonly contacts: readonly { readonly team: string }[];
  readonly assessments: readonly { readonly team: string; readonly kind: string }[];
  readonly holders: readonly { readonly team: string }[];
  readonly status: string;
}

/**
 * Staff hours and cost of one journey's work under a cost model: the same pieces of work as
 * GET /metrics/cost (screening, re-reading after each handover by the receiving team, assessments,
 * a strategy discussion before a section 47 enquiry, closure), priced by the tier of the team
 * doing it. A scenario compares this today and under the redesign.
 */
export function journeyCost(journey: CostedJourney, tierOf: TierOf, model: CostModel): { hours: number; cost: number } {
  let hours = 0;
  let cost = 0;
  const add = (activity: CostActivity, team: string) => {
    const priced = costOfActivity(model, activity, tierOf(team));
    hours += priced.hours;
    cost += priced.cost;
  };
  for (const c of journey.contacts) add('contactScreening', c.team);
  // Every holder spell after the first began with a handover to its team.
  journey.holders.slice(1).forEach((h) => add('handover', h.team));
  for (const a of journey.assessments) {
    add('assessment', a.team);
    if (a.kind === 'section-47') add('strategyDiscussion', a.team);
  }
  const last = journey.holders[journey.holders.length - 1];
  if (journey.status === 'closed' && last !== undefined) add('closure', last.team);
  return { hours, cost };
}
