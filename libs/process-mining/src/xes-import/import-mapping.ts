import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { CLOSURE_REASON_CODES, TEAM_TIERS } from '@journey-ledger/domain';
import type { ClosureReason, Team, TeamTier } from '@journey-ledger/domain';

/** What an activity of the log becomes in the ledger. */
export type ActivityMapping =
  { readonly event: 'ActivityRecorded' } | { readonly event: 'JourneyClosed'; readonly reason: ClosureReason } | { readonly event: 'ignore' };

export interface TeamMapping {
  readonly id: string;
  readonly name?: string;
  readonly tier?: TeamTier;
  readonly area?: string;
}

/**
 * How an XES log's traces become journeys (documented in docs/process-mining.md):
 * - `holderAttribute`: the event attribute naming who holds the case (`org:group` by default);
 * - `activities`: an activity label → `ActivityRecorded` (the default), `JourneyClosed` with a
 *   closure reason, or `ignore` (left out, and counted in the report);
 * - `teams`: a holder value → a team id, with its tier and area (else tier `unknown`);
 * - `holderIds`: `slug` (the value, lower-cased) or `pseudonym` (a keyed hash: the default for
 *   `org:resource`, which names people).
 */
export interface ImportMapping {
  readonly holderAttribute: string;
  readonly holderIds: 'slug' | 'pseudonym';
  readonly activities: ReadonlyMap<string, ActivityMapping>;
  readonly teams: ReadonlyMap<string, TeamMapping>;
}

export class MappingError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid import mapping: ${problems.join('; ')}`);
    this.name = 'MappingError';
  }
}

const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;

export function defaultMapping(holderAttribute = 'org:group'): ImportMapping {
  return { holderAttribute, holderIds: holderAttribute === 'org:resource' ? 'pseudonym' : 'slug', activities: new Map(), teams: new Map() };
}

/** Validates a mapping document (parsed YAML or JSON); every problem is named with its path. */
export function parseMapping(raw: unknown, overrides: { holderAttribute?: string } = {}): ImportMapping {
  const doc = (raw ?? {}) as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new MappingError(['mapping: must be an object']);
  const holderAttribute = overrides.holderAttribute ?? (doc.holderAttribute as string | undefined) ?? 'org:group';
  if (typeof holderAttribute !== 'string' || holderAttribute === '') problems.push('holderAttribute: an attribute key');
  const holderIds = (doc.holderIds as string | undefined) ?? (holderAttribute === 'org:resource' ? 'pseudonym' : 'slug');
  if (holderIds !== 'slug' && holderIds !== 'pseudonym') problems.push('holderIds: slug or pseudonym');
  const activities = new Map<string, ActivityMapping>();
  for (const [label, m] of Object.entries((doc.activities ?? {}) as Record<string, Record<string, unknown>>)) {
    const at = `activities["${label}"]`;
    const event = m?.event;
    if (event === 'ActivityRecorded' || event === 'ignore') activities.set(label, { event });
    else if (event === 'JourneyClosed') {
      const reason = (m.reason ?? 'RC8') as ClosureReason;
      if (!CLOSURE_REASON_CODES.includes(reason)) problems.push(`${at}.reason: one of ${CLOSURE_REASON_CODES.join(', ')}`);
      activities.set(label, { event, reason });
    } else problems.push(`${at}.event: ActivityRecorded, JourneyClosed or ignore`);
  }
  const teams = new Map<string, TeamMapping>();
  for (const [value, t] of Object.entries((doc.teams ?? {}) as Record<string, Record<string, unknown>>)) {
    const at = `teams["${value}"]`;
    if (typeof t?.id !== 'string' || !SLUG.test(t.id)) problems.push(`${at}.id: a lower-case slug`);
    if (t?.tier !== undefined && !TEAM_TIERS.includes(t.tier as TeamTier)) problems.push(`${at}.tier: one of ${TEAM_TIERS.join(', ')}`);
    teams.set(value, { id: t?.id as string, name: t?.name as string | undefined, tier: t?.tier as TeamTier | undefined, area: t?.area as string | undefined });
  }
  if (problems.length > 0) throw new MappingError(problems);
  return { holderAttribute, holderIds: holderIds as 'slug' | 'pseudonym', activities, teams };
}

export const loadMapping = (path: string, overrides: { holderAttribute?: string } = {}) => parseMapping(parse(readFileSync(path, 'utf8')), overrides);

/**
 * Turns holder values into team ids, the same way on every run (so a re-import finds its teams).
 * Pseudonyms are keyed (`JOURNEY_LEDGER_PSEUDONYM_KEY`) when a key is set: without one they are
 * a plain hash, which anyone holding the log can recompute.
 */
export class HolderTeams {
  private readonly ids = new Map<string, string>();
  private readonly taken = new Map<string, string>();

  constructor(
    private readonly mapping: ImportMapping,
    private readonly key: Buffer | undefined,
  ) {}

  teamFor(value: string): string {
    let id = this.ids.get(value);
    if (id !== undefined) return id;
    id = this.mapping.teams.get(value)?.id ?? (this.mapping.holderIds === 'pseudonym' ? this.pseudonym(value) : this.slug(value));
    this.ids.set(value, id);
    this.taken.set(id, value);
    return id;
  }

  /** The teams the log introduced, as team-map entries (tier `unknown` unless the mapping places them). */
  teams(): Team[] {
    return [...this.ids.entries()].map(([value, id]) => {
      const m = this.mapping.teams.get(value);
      const name = m?.name ?? (this.mapping.holderIds === 'pseudonym' ? id : value.slice(0, 200) || id);
      return { id, name, tier: m?.tier ?? 'unknown', area: m?.area ?? 'imported' };
    });
  }

  private pseudonym(value: string): string {
    const h = this.key ? createHmac('sha256', this.key).update(value) : createHash('sha256').update(value);
    return `h-${h.digest('hex').slice(0, 16)}`;
  }

  private slug(value: string): string {
    const base =
      value
        .toLowerCase()
        .normalize('NFKD')
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 50) || 'team';
    const hashed = () => `${base.slice(0, 40)}-${createHash('sha256').update(value).digest('hex').slice(0, 8)}`;
    const owner = this.taken.get(base);
    // Two values slugging alike ("Group 1", "group-1") must stay two teams.
    return owner === undefined || owner === value ? base : hashed();
  }
}
