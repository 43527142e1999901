import { useEffect, useMemo, useRef, useState } from 'react';
import cytoscape from 'cytoscape';
import dagre from 'cytoscape-dagre';
import { Chart, preloadCharts } from '../components/Chart';
import { DataTable } from '../components/DataTable';
import { Failure, Loading } from '../components/States';
import { teamName, useCouncil } from '../council';
import { count, number, rate } from '../logic/figures';
import { filtersFromParams, type Filters } from '../logic/filters';
import { mapRequests } from '../logic/first-requests';
import { sankeyOf, visibleEdges, type MatrixRow, type PathRow } from '../logic/flows';
import { href } from '../logic/route';
import { useApi } from '../useApi';
import { api } from '../api';
import { JourneyList, type JourneyPageResult } from './JourneySearch';

cytoscape.use(dagre);

interface Report<R> {
  rows: R[];
  suppression: { threshold: number; applied: boolean };
}
type Waiting = Report<{ team: string; timeWithTeam: { medianDays: number | null }; suppressed: boolean }>;

const TIER_COLOURS: Record<string, string> = {
  'front-door': '#1d70b8',
  'early-help': '#00703c',
  statutory: '#d4351c',
  partner: '#4c2c92',
  universal: '#505a5f',
};

/** The team-to-team handover network (directly-follows graph) and the Sankey of the commonest paths. */
export function ProcessMap({ params, roles }: { params: URLSearchParams; roles: readonly string[] }) {
  const council = useCouncil();
  const mode = params.get('view') === 'time' ? 'time' : 'frequency';
  const min = Math.max(0, Number(params.get('min') ?? 5) || 0);
  // The dashboard's filters (period, source, team, tier, level of need) narrow the map as they narrow the charts.
  const requests = useMemo(() => mapRequests(filtersFromParams(params)), [params.toString()]);
  const filters = requests.filters;
  const matrix = useApi<Report<MatrixRow>>(requests.matrix);
  const waiting = useApi<Waiting>(requests.waiting);
  const paths = useApi<Report<PathRow>>(requests.paths);
  // After the requests above are sent: the library is parsed while the answers are on their way.
  useEffect(preloadCharts, []);
  const [selected, setSelected] = useState<MatrixRow | null>(null);
  const label = (id: string) => teamName(council, id);
  const set = (next: Record<string, string>) => {
    window.location.hash = href('map', undefined, { ...(filters as Record<string, string>), view: mode, min: String(min), ...next });
  };

  const medianDays = useMemo(() => new Map((waiting.state === 'ok' ? waiting.data.rows : []).map((r) => [r.team, r.timeWithTeam.medianDays])), [waiting]);
  const edges = matrix.state === 'ok' ? visibleEdges(matrix.data.rows, min) : [];
  const maxCount = matrix.state === 'ok' ? Math.max(1, ...matrix.data.rows.map((r) => r.handovers ?? 0)) : 1;
  const threshold = matrix.state === 'ok' ? matrix.data.suppression.threshold : 5;
  const mayListJourneys = roles.includes('designer') || roles.includes('auditor');

  return (
    <>
      <h1 className="govuk-heading-l">Process map</h1>
      <p className="govuk-body">
        Teams are the boxes, coloured by tier; each arrow is a handover from one team to the next, with how often it happens or how long the sending team held
        the journey first.
      </p>
      <FiltersShown filters={filters} />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-half">
          <div className="govuk-form-group">
            <fieldset className="govuk-fieldset">
              <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Label the arrows with</legend>
              <div className="govuk-radios govuk-radios--small govuk-radios--inline">
                {(['frequency', 'time'] as const).map((m) => (
                  <div className="govuk-radios__item" key={m}>
                    <input className="govuk-radios__input" id={`view-${m}`} type="radio" name="view" checked={mode === m} onChange={() => set({ view: m })} />
                    <label className="govuk-label govuk-radios__label" htmlFor={`view-${m}`}>
                      {m === 'frequency' ? 'Number of handovers' : 'Median days with the sending team'}
                    </label>
                  </div>
                ))}
              </div>
            </fieldset>
          </div>
        </div>
        <div className="govuk-grid-column-one-half">
          <div className="govuk-form-group">
            <label className="govuk-label govuk-label--s" htmlFor="min-edge">
              Hide handovers seen fewer than {min} times
            </label>
            <input
              id="min-edge"
              type="range"
              min={0}
              max={Math.min(maxCount, 200)}
              value={Math.min(min, 200)}
              onChange={(e) => set({ min: e.target.value })}
              style={{ width: '100%' }}
            />
          </div>
        </div>
      </div>
      {matrix.state === 'loading' && <Loading what="the process map" />}
      {matrix.state === 'error' && <Failure error={matrix.error} what="the process map" />}
      {matrix.state === 'ok' && edges.length === 0 && <div className="govuk-inset-text">No handovers at or above this count. Move the slider left.</div>}
      {matrix.state === 'ok' && edges.length > 0 && (
        <Graph edges={edges} mode={mode} maxCount={maxCount} medianDays={medianDays} teams={council.teams} onSelect={setSelected} />
      )}
      {selected && <EdgeDetail edge={selected} label={label} mayListJourneys={mayListJourneys} threshold={threshold} />}
      {matrix.state === 'ok' && (
        <DataTable
          caption="Handovers between teams (the arrows of the map)"
          head={['From', 'To', 'Handovers', 'NFA share of journeys on this handover', 'Median days with the sending team']}
          rows={matrix.data.rows.map((r) => [
            label(r.fromTeam),
            label(r.toTeam),
            count(r.handovers, r.suppressed, threshold),
            rate(r.nfaShare, r.suppressed, threshold),
            number(medianDays.get(r.fromTeam) ?? null, false, threshold),
          ])}
          numeric={[2, 3, 4]}
          csvName="handovers-between-teams.csv"
          id="table-edges"
        />
      )}
      <h2 className="govuk-heading-m">Commonest paths</h2>
      {paths.state === 'loading' && <Loading what="paths" />}
      {paths.state === 'error' && <Failure error={paths.error} what="paths" />}
      {paths.state === 'ok' &&
        (() => {
          const s = sankeyOf(paths.data.rows, label);
          return (
            <>
              {s.links.length > 0 && (
                <Chart
                  label="Sankey diagram of the commonest paths between teams"
                  height={420}
                  option={{
                    tooltip: { trigger: 'item' },
                    series: [
                      {
                        type: 'sankey',
                        data: s.nodes,
                        links: s.links,
                        nodeAlign: 'left',
                        emphasis: { focus: 'adjacency' },
                        lineStyle: { color: 'gradient', opacity: 0.4 },
                      },
                    ],
                  }}
                />
              )}
              <DataTable
                caption="The commonest paths, as the teams that held the journey in turn"
                head={['Path', 'Journeys']}
                rows={paths.data.rows.map((p) => [p.path.split('>').map(label).join(' → '), count(p.journeys, p.suppressed, paths.data.suppression.threshold)])}
                numeric={[1]}
                csvName="paths.csv"
                id="table-paths"
              />
            </>
          );
        })()}
    </>
  );
}

function Graph({
  edges,
  mode,
  maxCount,
  medianDays,
  teams,
  onSelect,
}: {
  edges: MatrixRow[];
  mode: 'frequency' | 'time';
  maxCount: number;
  medianDays: Map<string, number | null>;
  teams: { id: string; name: string; tier: string }[];
  onSelect: (e: MatrixRow) => void;
}) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (el.current === null) return;
    const used = new Set(edges.flatMap((e) => [e.fromTeam, e.toTeam]));
    const cy = cytoscape({
      container: el.current,
      elements: [
        ...teams.filter((t) => used.has(t.id)).map((t) => ({ data: { id: t.id, label: t.name, colour: TIER_COLOURS[t.tier] ?? '#505a5f' } })),
        ...edges.map((e, i) => ({
          data: {
            id: `edge-${i}`,
            source: e.fromTeam,
            target: e.toTeam,
            label: mode === 'frequency' ? String(e.handovers) : `${medianDays.get(e.fromTeam) ?? '–'} d`,
            width: 1 + (9 * (e.handovers ?? 0)) / maxCount,
            index: i,
          },
        })),
      ],
      style: [
        {
          selector: 'node',
          style: {
            label: 'data(label)',
            'background-color': 'data(colour)',
            color: '#0b0c0c',
            'text-valign': 'bottom',
            'text-margin-y': 4,
            'font-size': 11,
            width: 24,
            height: 24,
            'text-wrap': 'wrap',
            'text-max-width': '120px',
          },
        },
        {
          selector: 'edge',
          style: {
            label: 'data(label)',
            width: 'data(width)',
            'curve-style': 'bezier',
            'target-arrow-shape': 'triangle',
            'line-color': '#b1b4b6',
            'target-arrow-color': '#505a5f',
            'font-size': 11,
            'text-background-color': '#ffffff',
            'text-background-opacity': 1,
          },
        },
        { selector: 'edge:selected', style: { 'line-color': '#ffdd00', 'target-arrow-color': '#0b0c0c' } },
      ],
      layout: { name: 'dagre', rankDir: 'LR', nodeSep: 30, rankSep: 110 } as cytoscape.LayoutOptions,
      wheelSensitivity: 0.2,
    });
    cy.on('tap', 'edge', (evt) => onSelect(edges[evt.target.data('index') as number]));
    return () => cy.destroy();
  }, [edges, mode]);
  return (
    <>
      <div
        ref={el}
        className="app-map"
        id="process-map"
        role="img"
        aria-label="Process map of handovers between teams. The same handovers are listed in the table below, each with a button to show its journeys."
      />
      <details className="govuk-details">
        <summary className="govuk-details__summary">
          <span className="govuk-details__summary-text">Choose a handover with the keyboard</span>
        </summary>
        <div className="govuk-details__text">
          <ul className="govuk-list">
            {edges.map((e, i) => (
              <li key={i}>
                <button
                  type="button"
                  className="govuk-button govuk-button--secondary govuk-!-margin-bottom-1"
                  data-edge={`${e.fromTeam}>${e.toTeam}`}
                  onClick={() => onSelect(e)}
                >
                  {teams.find((t) => t.id === e.fromTeam)?.name ?? e.fromTeam} to {teams.find((t) => t.id === e.toTeam)?.name ?? e.toTeam} ({e.handovers})
                </button>
              </li>
            ))}
          </ul>
        </div>
      </details>
    </>
  );
}

function EdgeDetail({
  edge,
  label,
  mayListJourneys,
  threshold,
}: {
  edge: MatrixRow;
  label: (id: string) => string;
  mayListJourneys: boolean;
  threshold: number;
}) {
  const [journeys, setJourneys] = useState<{ state: 'loading' } | { state: 'ok'; data: JourneyPageResult } | { state: 'error'; error: Error } | null>(null);
  useEffect(() => {
    if (!mayListJourneys) return;
    const abort = new AbortController();
    setJourneys({ state: 'loading' });
    api
      .get<JourneyPageResult>(`/journeys?fromTeam=${edge.fromTeam}&toTeam=${edge.toTeam}&pageSize=10`, abort.signal)
      .then((data) => setJourneys({ state: 'ok', data }))
      .catch((error: Error) => !abort.signal.aborted && setJourneys({ state: 'error', error }));
    return () => abort.abort();
  }, [edge.fromTeam, edge.toTeam, mayListJourneys]);
  return (
    <section aria-labelledby="edge-heading" id="edge-detail" tabIndex={-1}>
      <h2 className="govuk-heading-m" id="edge-heading">
        {label(edge.fromTeam)} to {label(edge.toTeam)}
      </h2>
      <p className="govuk-body">
        {count(edge.handovers, edge.suppressed, threshold).text} handovers; journeys on this handover that ended in no further action:{' '}
        {rate(edge.nfaShare, edge.suppressed, threshold).text}.
      </p>
      {!mayListJourneys && <p className="govuk-body">Single journeys are for designers and auditors: your role sees the counts only.</p>}
      {journeys?.state === 'loading' && <Loading what="journeys on this handover" />}
      {journeys?.state === 'error' && <Failure error={journeys.error} what="journeys on this handover" />}
      {journeys?.state === 'ok' && <JourneyList data={journeys.data} teamLabel={label} page={1} />}
    </section>
  );
}

const FILTER_NAMES: Record<keyof Filters, string> = {
  from: 'from',
  to: 'to (exclusive)',
  source: 'referral source',
  team: 'team',
  tier: 'tier',
  levelOfNeed: 'level of need',
};

/** Which of the dashboard's filters the map shows, and the way back to change them. */
function FiltersShown({ filters }: { filters: Filters }) {
  const council = useCouncil();
  const set = (Object.keys(FILTER_NAMES) as (keyof Filters)[]).filter((k) => filters[k] !== undefined);
  const value = (k: keyof Filters) => (k === 'team' ? teamName(council, filters.team as string) : (filters[k] as string));
  return (
    <p className="govuk-body" id="map-filters">
      {set.length === 0 ? 'All journeys. ' : `Journeys with ${set.map((k) => `${FILTER_NAMES[k]} ${value(k)}`).join(', ')}. `}
      <a className="govuk-link" href={href('dashboard', undefined, filters as Record<string, string>)}>
        {set.length === 0 ? 'Filter them on the dashboard' : 'Change the filters on the dashboard'}
      </a>
    </p>
  );
}
