import { TEAM_TIERS, TeamTier } from '../codes/cin-codes';
import { parseCostModel } from './cost-model';
import type { CostModel } from './cost-model';

/** A unit that can hold a case (a "service point"). */
export interface Team {
  readonly id: string;
  readonly name: string;
  readonly tier: TeamTier;
  /** Locality the team serves, as the council names it (e.g. "North", "Preston"). */
  readonly area: string;
}

export interface OfficeHours {
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  readonly days: readonly number[];
  /** Local time, "HH:mm". */
  readonly opens: string;
  readonly closes: string;
}

/** One local authority: its team map, office hours and time zone. */
export interface TenantConfig {
  readonly id: string;
  readonly name: string;
  readonly timeZone: string;
  readonly officeHours: OfficeHours;
  readonly teams: readonly Team[];
  /** Continuum-of-need levels as this council names them (e.g. "1", "2", "3", "4a"). */
  readonly levelsOfNeed: readonly string[];
  /** Staff hours and hourly costs of the front door's work (defaults: DEFAULT_COST_MODEL). */
  readonly costModel?: CostModel;
}

export const DEFAULT_OFFICE_HOURS: OfficeHours = { days: [1, 2, 3, 4, 5], opens: '09:00', closes: '17:00' };
export const DEFAULT_TIME_ZONE = 'Europe/London';

/** Read-only lookup over a tenant's team map, used by the decider and the projections. */
export class TeamDirectory {
  private readonly byId: ReadonlyMap<string, Team>;

  constructor(readonly teams: readonly Team[]) {
    this.byId = new Map(teams.map((t) => [t.id, t]));
  }

  has(teamId: string): boolean {
    return this.byId.has(teamId);
  }

  get(teamId: string): Team | undefined {
    return this.byId.get(teamId);
  }

  tierOf(teamId: string): TeamTier | undefined {
    return this.byId.get(teamId)?.tier;
  }
}

export class TenantConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid tenant configuration: ${problems.join('; ')}`);
    this.name = 'TenantConfigError';
  }
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * Validates an untrusted tenant document (parsed from YAML/JSON) and fills the defaults.
 * Every problem is reported with the path of the field, so an administrator can fix the file.
 */
export function parseTenantConfig(raw: unknown, where = 'tenant'): TenantConfig {
  const problems: string[] = [];
  const obj = (raw ?? {}) as Record<string, unknown>;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new TenantConfigError([`${where}: must be an object`]);
  }
  const id = obj.id;
  if (typeof id !== 'string' || !ID.test(id)) problems.push(`${where}.id: must be a lower-case slug`);
  const name = obj.name;
  if (typeof name !== 'string' || name.trim() === '') problems.push(`${where}.name: required`);
  const timeZone = obj.timeZone === undefined ? DEFAULT_TIME_ZONE : obj.timeZone;
  if (typeof timeZone !== 'string' || !isValidTimeZone(timeZone)) problems.push(`${where}.timeZone: unknown IANA time zone`);

  let officeHours: OfficeHours = DEFAULT_OFFICE_HOURS;
  if (obj.officeHours !== undefined) {
    const oh = obj.officeHours as Record<string, unknown>;
    const days = oh?.days ?? DEFAULT_OFFICE_HOURS.days;
    if (!Array.isArray(days) || days.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) {
      problems.push(`${where}.officeHours.days: ISO weekdays 1-7`);
    }
    for (const k of ['opens', 'closes'] as const) {
      if (typeof oh?.[k] !== 'string' || !TIME.test(oh[k] as string)) problems.push(`${where}.officeHours.${k}: "HH:mm"`);
    }
    if (typeof oh?.opens === 'string' && typeof oh?.closes === 'string' && oh.opens >= oh.closes) {
      problems.push(`${where}.officeHours: opens must be before closes`);
    }
    officeHours = { days: days as number[], opens: oh?.opens as string, closes: oh?.closes as string };
  }

  const teams: Team[] = [];
  if (!Array.isArray(obj.teams) || obj.teams.length === 0) {
    problems.push(`${where}.teams: at least one team`);
  } else {
    const seen = new Set<string>();
    obj.teams.forEach((t: Record<string, unknown>, i: number) => {
      const at = `${where}.teams[${i}]`;
      if (typeof t?.id !== 'string' || !ID.test(t.id)) problems.push(`${at}.id: must be a lower-case slug`);
      else if (seen.has(t.id)) problems.push(`${at}.id: duplicate team id "${t.id}"`);
      else seen.add(t.id);
      if (typeof t?.name !== 'string' || t.name.trim() === '') problems.push(`${at}.name: required`);
      if (!TEAM_TIERS.includes(t?.tier as TeamTier)) problems.push(`${at}.tier: one of ${TEAM_TIERS.join(', ')}`);
      if (typeof t?.area !== 'string' || t.area.trim() === '') problems.push(`${at}.area: required`);
      teams.push({ id: t?.id as string, name: t?.name as string, tier: t?.tier as TeamTier, area: t?.area as string });
    });
  }
  const levelsOfNeed = obj.levelsOfNeed ?? ['1', '2', '3', '4'];
  if (!Array.isArray(levelsOfNeed) || levelsOfNeed.some((l) => typeof l !== 'string')) {
    problems.push(`${where}.levelsOfNeed: list of strings`);
  }
  const costModel = parseCostModel(obj.costModel, `${where}.costModel`, problems);
  if (problems.length > 0) throw new TenantConfigError(problems);
  return {
    id: id as string,
    name: name as string,
    timeZone: timeZone as string,
    officeHours,
    teams,
    levelsOfNeed: levelsOfNeed as string[],
    costModel,
  };
}
