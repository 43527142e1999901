import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import type { TeamDirectory } from '@journey-ledger/domain';

const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * Turns the team names a council's case system writes (Annex A "Allocated Team", SSD team ids)
 * into ids of the tenant's team map: an entry of the council's own mapping first, then a team id,
 * then a team's name, compared without regard to case or repeated spaces.
 */
export class TeamNames {
  private readonly byKey = new Map<string, string>();

  constructor(teams: TeamDirectory, mapping: ReadonlyMap<string, string> = new Map()) {
    for (const t of teams.teams) {
      this.byKey.set(norm(t.name), t.id);
      this.byKey.set(norm(t.id), t.id);
    }
    for (const [name, id] of mapping) {
      if (!teams.has(id)) throw new Error(`the team mapping maps "${name}" to "${id}", which is not in the council's team map`);
      this.byKey.set(norm(name), id);
    }
  }

  /** The team id, or undefined when the name is not the council's. */
  resolve(name: string): string | undefined {
    return this.byKey.get(norm(name));
  }
}

/** Reads a team mapping: a CSV with the columns `name` (as the case system writes it) and `team` (a team id). */
export async function readTeamMapping(path: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const parser = createReadStream(path).pipe(parse({ columns: (h: string[]) => h.map(norm), bom: true, skip_empty_lines: true, trim: true }));
  for await (const row of parser as AsyncIterable<Record<string, string>>) {
    if (row.name === undefined || row.team === undefined) throw new Error(`${path}: a team mapping needs the columns "name" and "team"`);
    if (row.name !== '' && row.team !== '') out.set(row.name, row.team);
  }
  return out;
}
