import type { Ratio } from './figures';

export interface MatrixRow {
  readonly fromTeam: string;
  readonly toTeam: string;
  readonly handovers: number | null;
  readonly nfaShare: Ratio;
  readonly suppressed: boolean;
}

export interface PathRow {
  readonly path: string;
  readonly journeys: number | null;
  readonly suppressed: boolean;
}

/** Edges of the directly-follows graph that are shown: at least `minCount` handovers (a withheld count is never shown as an edge). */
export function visibleEdges(rows: readonly MatrixRow[], minCount: number): MatrixRow[] {
  return rows.filter((r) => r.handovers !== null && r.handovers >= minCount && r.fromTeam !== r.toTeam);
}

/**
 * The Sankey of the commonest paths. A path may return to a team (A→B→A), and a Sankey must be
 * acyclic, so each node is a team at a position: "1. A", "2. B", "3. A".
 */
export function sankeyOf(
  paths: readonly PathRow[],
  label: (team: string) => string,
): { nodes: { name: string }[]; links: { source: string; target: string; value: number }[] } {
  const links = new Map<string, { source: string; target: string; value: number }>();
  const nodes = new Set<string>();
  for (const p of paths) {
    if (p.journeys === null || p.journeys === 0) continue;
    const teams = p.path.split('>').filter(Boolean);
    const names = teams.map((t, i) => `${i + 1}. ${label(t)}`);
    names.forEach((n) => nodes.add(n));
    for (let i = 0; i + 1 < names.length; i++) {
      const key = `${names[i]}→${names[i + 1]}`;
      const link = links.get(key) ?? { source: names[i], target: names[i + 1], value: 0 };
      link.value += p.journeys;
      links.set(key, link);
    }
  }
  const linked = new Set([...links.values()].flatMap((l) => [l.source, l.target]));
  return { nodes: [...nodes].filter((n) => linked.has(n)).map((name) => ({ name })), links: [...links.values()] };
}
