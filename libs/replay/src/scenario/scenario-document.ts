import { LineCounter, parseDocument } from 'yaml';
import { CONTACT_CHANNELS, REFERRAL_SOURCE_CODES, TEAM_TIERS, TeamDirectory } from '@journey-ledger/domain';
import type { ContactChannel, ReferralSource, Team, TeamTier } from '@journey-ledger/domain';

/**
 * A scenario: today's teams mapped to a redesigned front door. A document (YAML or JSON):
 *
 * ```yaml
 * format: journey-ledger/scenario@1
 * id: one-front-door
 * tenant: north-shire
 * title: MASH and CART as one front door
 * newTeams:
 *   - { id: front-door, name: Front Door, tier: front-door, area: County }
 * changes:
 *   - merge: [mash, cart]            # today's teams …
 *     into: front-door               # … become one (a new team or one of today's)
 *   - rename: customer-access
 *     to: contact-centre
 *   - remove: edt                    # a stage skipped: the case goes straight to the next team
 *     otherwise: front-door          # where journeys that never left it start instead
 *   - reroute: { source: ["6"], levelOfNeed: ["2"] }
 *     to: early-response             # such contacts go directly there
 * leadPractitioner: one-per-journey  # optional: the first lead practitioner stays to the end (or one-per-family)
 * ```
 *
 * `changes` may be empty when `leadPractitioner` is given (a redesign of who works with the family,
 * not of the team map).
 *
 * Changes chain (mash → cart, cart → front-door sends both to front-door); a team mapped twice,
 * a cycle, or an unknown team is refused with the line and field at fault.
 */
export const SCENARIO_FORMAT = 'journey-ledger/scenario@1';

export type ScenarioNewTeam = Team;

export type ScenarioChange =
  | { readonly merge: readonly string[]; readonly into: string }
  | { readonly rename: string; readonly to: string; readonly name?: string }
  | { readonly remove: string; readonly otherwise?: string }
  | { readonly reroute: RerouteMatch; readonly to: string };

export interface RerouteMatch {
  readonly source?: readonly ReferralSource[];
  readonly levelOfNeed?: readonly string[];
  readonly channel?: readonly ContactChannel[];
  /** Today's receiving teams the rule applies to (default: any). */
  readonly team?: readonly string[];
}

export interface ScenarioDocument {
  readonly format: typeof SCENARIO_FORMAT;
  readonly id: string;
  readonly tenant: string;
  readonly title: string;
  readonly description?: string;
  readonly newTeams: readonly ScenarioNewTeam[];
  readonly changes: readonly ScenarioChange[];
  readonly leadPractitioner?: LeadPractitionerRule;
}

/**
 * `one-per-journey`: each journey keeps its first lead practitioner to the end; later allocations
 * move the same practitioner with the case (team and role as recorded) and unallocations disappear.
 *
 * `one-per-family`: all the journeys of a family (siblings', and the same child's over time) share
 * one lead practitioner while the family's work stays in one tier of service; an allocation by a
 * team of another tier brings the family a new lead practitioner, who keeps it from then on
 * (`shareFamilyLeadPractitioner`, docs/families-first.md).
 */
export const LEAD_PRACTITIONER_RULES = ['one-per-journey', 'one-per-family'] as const;
export type LeadPractitionerRule = (typeof LEAD_PRACTITIONER_RULES)[number];

export interface ScenarioProblem {
  /** Path of the field at fault, e.g. `changes[1].merge[0]`. */
  readonly field: string;
  /** 1-based line in the source document, when known. */
  readonly line?: number;
  readonly message: string;
}

export class ScenarioValidationError extends Error {
  constructor(readonly problems: readonly ScenarioProblem[]) {
    super(`invalid scenario: ${problems.map((p) => `${p.line !== undefined ? `line ${p.line}, ` : ''}${p.field}: ${p.message}`).join('; ')}`);
    this.name = 'ScenarioValidationError';
  }
}

/** The scenario ready to replay: today's team → the team that holds in the redesign (`null`: stage removed). */
export interface CompiledScenario {
  readonly document: ScenarioDocument;
  /** Resolved map for every team of today. */
  readonly teamMap: ReadonlyMap<string, string | null>;
  /** For a removed team: where journeys that never leave it are held instead. */
  readonly otherwise: ReadonlyMap<string, string>;
  readonly reroutes: readonly { readonly match: RerouteMatch; readonly to: string }[];
  /** Today's teams (tiers decide when a re-routed contact leaves the front door). */
  readonly today: TeamDirectory;
  /** The redesigned team set. */
  readonly redesign: TeamDirectory;
  readonly leadPractitioner?: LeadPractitionerRule;
}

type Path = (string | number)[];
const fieldOf = (path: Path) => path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;

export interface ScenarioContext {
  readonly tenantId: string;
  readonly teams: TeamDirectory;
  /** The council's continuum-of-need levels; reroute rules are checked against them. */
  readonly levelsOfNeed?: readonly string[];
}

/** Parses a YAML or JSON scenario text and validates it against the tenant's team map. */
export function parseScenario(text: string, ctx: ScenarioContext): CompiledScenario {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ScenarioValidationError(
      doc.errors.map((e) => ({ field: '(document)', line: lineCounter.linePos(e.pos[0]).line, message: e.message.split('\n')[0] })),
    );
  }
  const lineOf = (path: Path): number | undefined => {
    for (let p = path; ; p = p.slice(0, -1)) {
      const node = p.length === 0 ? doc.contents : doc.getIn(p, true);
      const range = (node as { range?: [number, number, number] } | undefined)?.range;
      if (range) return lineCounter.linePos(range[0]).line;
      if (p.length === 0) return undefined;
    }
  };
  return compileScenario(toPlain(doc), ctx, lineOf);
}

/** Aliases a scenario may resolve: plenty for reuse, far too few for an exponential alias bomb. */
const MAX_ALIAS_COUNT = 100;

/** The document as plain data; a resource-exhaustion attempt (an alias bomb) is an invalid document, not a crash. */
function toPlain(doc: ReturnType<typeof parseDocument>): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const why =
      e instanceof ReferenceError && /alias/i.test(e.message) ? `too many aliases (at most ${MAX_ALIAS_COUNT} resolved)` : 'the document could not be read';
    throw new ScenarioValidationError([{ field: '(document)', message: why }]);
  }
}

/** Validates an already-parsed document (e.g. a JSON request body). `lineOf` maps a field path to its line. */
export function compileScenario(raw: unknown, ctx: ScenarioContext, lineOf: (path: Path) => number | undefined = () => undefined): CompiledScenario {
  const problems: ScenarioProblem[] = [];
  const problem = (path: Path, message: string) => problems.push({ field: fieldOf(path) || '(document)', line: lineOf(path), message });
  const fail = () => {
    throw new ScenarioValidationError(problems);
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problem([], 'a scenario is a mapping with format, id, tenant, title, newTeams and changes');
    fail();
  }
  const obj = raw as Record<string, unknown>;
  const format = obj.format ?? SCENARIO_FORMAT;
  if (format !== SCENARIO_FORMAT) problem(['format'], `unsupported format "${String(format)}" (this ledger reads ${SCENARIO_FORMAT})`);
  if (typeof obj.id !== 'string' || !SLUG.test(obj.id)) problem(['id'], 'a lower-case slug, e.g. one-front-door');
  const tenant = obj.tenant ?? ctx.tenantId;
  if (tenant !== ctx.tenantId) problem(['tenant'], `this scenario is for "${String(tenant)}", not "${ctx.tenantId}"`);
  if (typeof obj.title !== 'string' || obj.title.trim() === '') problem(['title'], 'required');
  if (obj.description !== undefined && typeof obj.description !== 'string') problem(['description'], 'text');

  const today = ctx.teams;
  const todayIds = today.teams.map((t) => t.id);
  const known = (id: string) => today.has(id) || newTeams.has(id);
  const unknownTeam = (path: Path, id: unknown) =>
    problem(path, `unknown team "${String(id)}": not one of today's teams (${todayIds.join(', ')}) nor declared under newTeams`);

  // New teams.
  const newTeams = new Map<string, Team>();
  const rawNew = obj.newTeams ?? [];
  if (!Array.isArray(rawNew)) problem(['newTeams'], 'a list of teams');
  else
    rawNew.forEach((t: Record<string, unknown>, i) => {
      const at: Path = ['newTeams', i];
      if (typeof t !== 'object' || t === null) return problem(at, 'a team: { id, name, tier, area }');
      if (typeof t.id !== 'string' || !SLUG.test(t.id)) return problem([...at, 'id'], 'a lower-case slug');
      if (today.has(t.id)) return problem([...at, 'id'], `"${t.id}" is already one of today's teams: refer to it directly`);
      if (newTeams.has(t.id)) return problem([...at, 'id'], `"${t.id}" is declared twice`);
      if (!TEAM_TIERS.includes(t.tier as TeamTier)) problem([...at, 'tier'], `one of ${TEAM_TIERS.join(', ')}`);
      newTeams.set(t.id, {
        id: t.id,
        name: typeof t.name === 'string' ? t.name : t.id,
        tier: t.tier as TeamTier,
        area: typeof t.area === 'string' ? t.area : '',
      });
    });

  // Changes → edges from today's teams.
  const edges = new Map<string, { to: string | null; where: Path }>();
  const otherwise = new Map<string, { team: string; where: Path }>();
  const reroutes: { match: RerouteMatch; to: string; where: Path }[] = [];
  const renamed = new Map<string, Team>();
  const addEdge = (from: unknown, to: string | null, where: Path) => {
    if (typeof from !== 'string' || !today.has(from)) {
      if (typeof from === 'string' && newTeams.has(from))
        return problem(where, `"${from}" is a new team: only today's teams can be merged, renamed or removed`);
      return unknownTeam(where, from);
    }
    const earlier = edges.get(from);
    if (earlier !== undefined) {
      return problem(
        where,
        `team "${from}" is already mapped by ${fieldOf(earlier.where)} (to ${earlier.to === null ? 'nothing: removed' : `"${earlier.to}"`}); a team maps to one team only`,
      );
    }
    edges.set(from, { to, where });
  };
  const list = (v: unknown): string[] | undefined => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined);

  const leadPractitioner = obj.leadPractitioner as LeadPractitionerRule | undefined;
  if (leadPractitioner !== undefined && !LEAD_PRACTITIONER_RULES.includes(leadPractitioner))
    problem(['leadPractitioner'], `one of ${LEAD_PRACTITIONER_RULES.join(', ')}`);
  const rawChanges = obj.changes ?? (leadPractitioner !== undefined ? [] : undefined);
  if (!Array.isArray(rawChanges) || (rawChanges.length === 0 && leadPractitioner === undefined))
    problem(['changes'], 'at least one change: merge, rename, remove or reroute (or a leadPractitioner rule)');
  else
    rawChanges.forEach((c: Record<string, unknown>, i) => {
      const at: Path = ['changes', i];
      const kinds = ['merge', 'rename', 'remove', 'reroute'].filter((k) => c !== null && typeof c === 'object' && k in c);
      if (kinds.length !== 1)
        return problem(at, `each change is exactly one of merge, rename, remove, reroute (found ${kinds.length === 0 ? 'none' : kinds.join(' and ')})`);
      const kind = kinds[0];
      if (kind === 'merge') {
        const teams = list(c.merge);
        if (teams === undefined || teams.length === 0) return problem([...at, 'merge'], "a list of today's teams");
        if (typeof c.into !== 'string') return problem([...at, 'into'], 'the team they become');
        if (!known(c.into)) return unknownTeam([...at, 'into'], c.into);
        teams.forEach((t, j) => (t === c.into ? undefined : addEdge(t, c.into as string, [...at, 'merge', j])));
      } else if (kind === 'rename') {
        if (typeof c.to !== 'string' || !SLUG.test(c.to)) return problem([...at, 'to'], 'the new id, a lower-case slug');
        if (today.has(c.to)) return problem([...at, 'to'], `"${c.to}" is one of today's teams: to fold one team into another use merge`);
        const from = typeof c.rename === 'string' ? today.get(c.rename) : undefined;
        if (from !== undefined && !newTeams.has(c.to)) {
          renamed.set(c.to, { ...from, id: c.to, name: typeof c.name === 'string' ? c.name : c.to });
        }
        addEdge(c.rename, c.to, [...at, 'rename']);
      } else if (kind === 'remove') {
        addEdge(c.remove, null, [...at, 'remove']);
        if (c.otherwise !== undefined) {
          if (typeof c.otherwise !== 'string' || !known(c.otherwise)) return unknownTeam([...at, 'otherwise'], c.otherwise);
          if (typeof c.remove === 'string') otherwise.set(c.remove, { team: c.otherwise, where: [...at, 'otherwise'] });
        }
      } else {
        const m = c.reroute as Record<string, unknown>;
        if (typeof m !== 'object' || m === null || Array.isArray(m))
          return problem([...at, 'reroute'], 'the kind of contact: source, levelOfNeed, channel and/or team');
        const match: { -readonly [K in keyof RerouteMatch]: RerouteMatch[K] } = {};
        for (const key of Object.keys(m)) {
          const values = list(m[key]);
          const p: Path = [...at, 'reroute', key];
          if (values === undefined || values.length === 0) {
            problem(p, 'a non-empty list');
            continue;
          }
          if (key === 'source') {
            values.forEach((v, j) =>
              REFERRAL_SOURCE_CODES.includes(v as ReferralSource) ? undefined : problem([...p, j], `"${v}" is not a CIN referral source code`),
            );
            match.source = values as ReferralSource[];
          } else if (key === 'levelOfNeed') {
            values.forEach((v, j) =>
              ctx.levelsOfNeed && !ctx.levelsOfNeed.includes(v)
                ? problem([...p, j], `"${v}" is not one of this council's levels (${ctx.levelsOfNeed.join(', ')})`)
                : undefined,
            );
            match.levelOfNeed = values;
          } else if (key === 'channel') {
            values.forEach((v, j) => (CONTACT_CHANNELS.includes(v as ContactChannel) ? undefined : problem([...p, j], `"${v}" is not a contact channel`)));
            match.channel = values as ContactChannel[];
          } else if (key === 'team') {
            values.forEach((v, j) => (today.has(v) ? undefined : unknownTeam([...p, j], v)));
            match.team = values;
          } else problem(p, 'unknown criterion: use source, levelOfNeed, channel or team');
        }
        if (Object.keys(m).length === 0) problem([...at, 'reroute'], 'name at least one criterion');
        if (typeof c.to !== 'string' || !known(c.to)) return unknownTeam([...at, 'to'], c.to);
        reroutes.push({ match, to: c.to, where: [...at, 'to'] });
      }
    });
  if (problems.length > 0) fail();

  // Resolve chains; a chain that comes back to where it started is a cycle.
  const teamMap = new Map<string, string | null>();
  const reported = new Set<string>();
  const resolve = (team: string): string | null => {
    const seen: string[] = [team];
    let current: string | null = team;
    while (current !== null && edges.has(current)) {
      current = edges.get(current)!.to;
      if (current !== null && seen.includes(current)) {
        const cycle = [...seen.slice(seen.indexOf(current)), current];
        const key = [...cycle].slice(0, -1).sort().join('|');
        if (!reported.has(key)) {
          reported.add(key);
          problem(edges.get(team)!.where, `cycle: ${cycle.join(' → ')}`);
        }
        return team;
      }
      if (current !== null) seen.push(current);
    }
    return current;
  };
  for (const id of todayIds) teamMap.set(id, resolve(id));
  if (problems.length > 0) fail();

  const finalTeam = (id: string): string | null => (teamMap.has(id) ? teamMap.get(id)! : id);
  const resolvedOtherwise = new Map<string, string>();
  for (const [removed, o] of otherwise) {
    const target = finalTeam(o.team);
    if (target === null) problem(o.where, `"${o.team}" is removed too: name a team that remains`);
    else resolvedOtherwise.set(removed, target);
  }
  const resolvedReroutes = reroutes.map((r) => {
    const target = finalTeam(r.to);
    if (target === null) problem(r.where, `"${r.to}" is removed in this scenario`);
    return { match: r.match, to: target as string };
  });
  if (problems.length > 0) fail();

  const remaining = new Set<string>([...teamMap.values()].filter((t): t is string => t !== null));
  for (const r of resolvedReroutes) remaining.add(r.to);
  for (const t of resolvedOtherwise.values()) remaining.add(t);
  const redesignTeams: Team[] = [...remaining].map(
    (id) => today.get(id) ?? newTeams.get(id) ?? renamed.get(id) ?? { id, name: id, tier: 'front-door', area: '' },
  );

  const document: ScenarioDocument = {
    format: SCENARIO_FORMAT,
    id: obj.id as string,
    tenant: ctx.tenantId,
    title: obj.title as string,
    description: obj.description as string | undefined,
    newTeams: [...newTeams.values()],
    changes: rawChanges as ScenarioChange[],
    ...(leadPractitioner !== undefined ? { leadPractitioner } : {}),
  };
  return {
    document,
    teamMap,
    otherwise: resolvedOtherwise,
    reroutes: resolvedReroutes,
    today,
    redesign: new TeamDirectory(redesignTeams),
    ...(leadPractitioner !== undefined ? { leadPractitioner } : {}),
  };
}
