import { sankeyOf, visibleEdges, type MatrixRow } from './flows';

const edge = (fromTeam: string, toTeam: string, handovers: number | null): MatrixRow => ({
  fromTeam,
  toTeam,
  handovers,
  nfaShare: { numerator: null, denominator: null, rate: null },
  suppressed: handovers === null,
});

describe('process map data', () => {
  it('hides edges rarer than the slider, and never draws a withheld count as an edge', () => {
    const rows = [edge('a', 'b', 40), edge('b', 'c', 6), edge('c', 'd', null), edge('d', 'd', 9)];
    expect(visibleEdges(rows, 5).map((e) => `${e.fromTeam}>${e.toTeam}`)).toEqual(['a>b', 'b>c']);
    expect(visibleEdges(rows, 10).map((e) => `${e.fromTeam}>${e.toTeam}`)).toEqual(['a>b']);
  });

  it('keeps the Sankey acyclic when a path returns to a team, and adds up journeys over shared links', () => {
    const s = sankeyOf(
      [
        { path: 'mash>assessment>mash', journeys: 7, suppressed: false },
        { path: 'mash>assessment', journeys: 10, suppressed: false },
        { path: 'mash', journeys: 50, suppressed: false },
        { path: 'edt>mash', journeys: null, suppressed: true },
      ],
      (t) => t.toUpperCase(),
    );
    expect(s.links).toEqual([
      { source: '1. MASH', target: '2. ASSESSMENT', value: 17 },
      { source: '2. ASSESSMENT', target: '3. MASH', value: 7 },
    ]);
    expect(s.nodes.map((n) => n.name)).toEqual(['1. MASH', '2. ASSESSMENT', '3. MASH']);
  });
});
