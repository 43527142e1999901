import { useEffect, useState } from 'react';
import { api, ApiError } from '../api';
import { DataTable } from '../components/DataTable';
import { ErrorSummary, type SummaryError } from '../components/ErrorSummary';
import { Failure, Loading } from '../components/States';
import { teamName, useCouncil } from '../council';
import { href } from '../logic/route';
import { useApi } from '../useApi';

interface Stored {
  id: string;
  version: number;
  title: string;
  source: string;
  versions: { version: number; title: string; recordedAt: string }[];
  teamMap: Record<string, string>;
}
interface Listed {
  id: string;
  version: number;
  title: string;
  recordedAt: string;
  recordedBy: string;
  summary: { changes: number; newTeams: number; leadPractitioner: string | null };
}
interface ScenarioPage {
  scenarios: Listed[];
  total: number;
  limit: number;
  offset: number;
}
interface Summary {
  total: number;
  mean: number | null;
  median: number | null;
  p90: number | null;
}
interface StaffCost {
  hours: number;
  cost: number;
}
interface GroupImpact {
  group: string;
  journeys: number | null;
  withheld: boolean;
  measures: Record<string, { today: number | null; scenario: number | null; change: number | null }>;
}
interface Run {
  scenario: { id: string; version: number; title: string };
  journeys: number;
  measures: { measure: string; today: Summary; scenario: Summary; difference: { total: number; mean: number | null; percent: number | null } }[];
  byGroup?: Record<string, GroupImpact[]>;
  cost?: { today: StaffCost; scenario: StaffCost; saved: StaffCost & { handovers: number } };
  elapsedMs: number;
}

const CHARACTERISTICS: Record<string, string> = { sex: 'Sex', ageBand: 'Age band', ethnicity: 'Ethnicity', disability: 'Disability' };
const IMPACT: Record<string, string> = {
  handovers: 'Handovers',
  frontDoorWorkingDays: 'Working days at the front door',
  longestWaitWorkingDays: 'Longest wait with one team (working days)',
};
const hours = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
const pounds = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 0 });
const signedNumber = (x: number | null) => (x === null ? '–' : `${x > 0 ? '+' : ''}${x}`);
const GROUP_WITHHELD = 'Withheld: a group of fewer journeys than the threshold, or one that could be worked out from the others, is not shown.';

/** What the redesign saves or adds in staff time and money, beside the handovers it saves (the council's cost model). */
function CostOfRun({ cost }: { cost: NonNullable<Run['cost']> }) {
  return (
    <DataTable
      id="scenario-cost"
      caption="Staff time and cost, today and in the scenario"
      head={['Figure', 'Today', 'Scenario', 'Saved (a minus sign: added)']}
      numeric={[1, 2, 3]}
      rows={[
        [
          'Staff hours',
          { text: hours.format(cost.today.hours), value: cost.today.hours },
          { text: hours.format(cost.scenario.hours), value: cost.scenario.hours },
          { text: hours.format(cost.saved.hours), value: cost.saved.hours },
        ],
        [
          'Staff cost',
          { text: pounds.format(cost.today.cost), value: cost.today.cost },
          { text: pounds.format(cost.scenario.cost), value: cost.scenario.cost },
          { text: pounds.format(cost.saved.cost), value: cost.saved.cost },
        ],
        ['Handovers', '', '', { text: String(cost.saved.handovers), value: cost.saved.handovers }],
      ]}
      csvName="scenario-cost.csv"
    />
  );
}

/** The equality impact: handovers and waiting per journey today and in the scenario, by group of one characteristic. */
function ImpactByGroup({ byGroup }: { byGroup: NonNullable<Run['byGroup']> }) {
  const offered = Object.keys(CHARACTERISTICS).filter((c) => byGroup[c] !== undefined);
  const [characteristic, setCharacteristic] = useState(offered[0] ?? 'sex');
  const groups = byGroup[characteristic] ?? [];
  if (offered.length === 0) return null;
  return (
    <>
      <div className="govuk-form-group">
        <label className="govuk-label" htmlFor="scenario-group-by">
          Equality impact by
        </label>
        <select className="govuk-select" id="scenario-group-by" value={characteristic} onChange={(e) => setCharacteristic(e.target.value)}>
          {offered.map((c) => (
            <option key={c} value={c}>
              {CHARACTERISTICS[c]}
            </option>
          ))}
        </select>
      </div>
      <DataTable
        id="scenario-by-group"
        caption={`Mean per journey today and in the scenario, by ${CHARACTERISTICS[characteristic].toLowerCase()}`}
        head={['Group', 'Journeys', ...Object.values(IMPACT).flatMap((m) => [`${m}: today`, `${m}: scenario`, `${m}: change`])]}
        numeric={Array.from({ length: 1 + 3 * Object.keys(IMPACT).length }, (_, i) => i + 1)}
        rows={groups.map((g) => [
          g.group,
          g.withheld || g.journeys === null
            ? { text: 'suppressed', value: null, suppressed: true, reason: GROUP_WITHHELD }
            : { text: String(g.journeys), value: g.journeys },
          ...Object.keys(IMPACT).flatMap((m) => {
            const v = g.measures[m];
            if (g.withheld) return ['–', '–', '–'];
            return [String(v?.today ?? '–'), String(v?.scenario ?? '–'), signedNumber(v?.change ?? null)];
          }),
        ])}
        csvName={`scenario-equality-${characteristic}.csv`}
      />
    </>
  );
}

const MEASURES: Record<string, string> = {
  handovers: 'Handovers per journey',
  handoversBeforeHelp: 'Handovers before help',
  teamsTouched: 'Teams per journey',
  spells: 'Spells with a team per journey',
  longestWaitWorkingDays: 'Longest wait with one team (working days)',
};

/** Scenario documents: the stored list, upload (validated line by line), view, and run against the real log. */
export function ScenariosPage({ scenarioId, run = false }: { scenarioId?: string; run?: boolean; roles: readonly string[] }) {
  return (
    <>
      <h1 className="govuk-heading-l">Scenarios</h1>
      {scenarioId === undefined ? (
        <>
          <StoredScenarios />
          <Upload />
        </>
      ) : (
        <Scenario id={scenarioId} runAtOnce={run} />
      )}
    </>
  );
}

const PAGE_SIZE = 20;
const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
const count = (n: number, one: string, many: string) => ({ text: `${n} ${n === 1 ? one : many}`, value: n });

/** The council's stored scenarios, most recently saved first, a page at a time. */
function StoredScenarios() {
  const [offset, setOffset] = useState(0);
  const page = useApi<ScenarioPage>(`/scenarios?limit=${PAGE_SIZE}&offset=${offset}`);
  if (page.state === 'loading') return <Loading what="the stored scenarios" />;
  if (page.state === 'error') return <Failure error={page.error} what="the stored scenarios" />;
  const { scenarios, total } = page.data;
  if (total === 0) {
    return (
      <>
        <h2 className="govuk-heading-m">Stored scenarios</h2>
        <p className="govuk-body" id="no-scenarios">
          No scenarios are stored for your council yet. Upload one below.
        </p>
      </>
    );
  }
  return (
    <>
      <h2 className="govuk-heading-m">Stored scenarios</h2>
      <DataTable
        id="stored-scenarios"
        caption={`Showing ${offset + 1} to ${offset + scenarios.length} of ${total}, most recently saved first`}
        head={['Scenario', 'Version', 'Team changes', 'New teams', 'Saved', 'Saved by', 'Run']}
        // Saved sorts by the instant, not by its text.
        numeric={[1, 2, 3, 4]}
        rows={scenarios.map((s) => [
          { text: s.title, value: null, href: href('scenarios', s.id) },
          { text: String(s.version), value: s.version },
          count(s.summary.changes, 'change', 'changes'),
          count(s.summary.newTeams, 'team', 'teams'),
          { text: when.format(new Date(s.recordedAt)), value: Date.parse(s.recordedAt) },
          s.recordedBy,
          { text: `Run ${s.id}`, value: null, href: href('scenarios', s.id, { run: 'now' }) },
        ])}
      />
      {total > PAGE_SIZE && (
        <div className="govuk-button-group">
          {offset > 0 && (
            <button type="button" className="govuk-button govuk-button--secondary" onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
              Newer scenarios
            </button>
          )}
          {offset + PAGE_SIZE < total && (
            <button type="button" className="govuk-button govuk-button--secondary" onClick={() => setOffset(offset + PAGE_SIZE)}>
              Older scenarios
            </button>
          )}
        </div>
      )}
    </>
  );
}

function Upload() {
  const [source, setSource] = useState('');
  const [open, setOpen] = useState('');
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [busy, setBusy] = useState(false);
  const readFile = async (e: React.ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    if (f) setSource(await f.text());
  };
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (source.trim() === '') return setErrors([{ href: 'scenario-source', text: 'Enter or choose a scenario document' }]);
    setBusy(true);
    try {
      const stored = await api.post<{ id: string }>('/scenarios', { commandId: crypto.randomUUID(), source });
      setErrors([]);
      window.location.hash = href('scenarios', stored.id);
    } catch (err) {
      if (err instanceof ApiError && err.errors.length > 0)
        setErrors(err.errors.flatMap((x) => x.messages.map((m) => ({ href: 'scenario-source', text: `${x.field}: ${m}` }))));
      else setErrors([{ href: 'scenario-source', text: err instanceof ApiError ? err.message : 'The scenario could not be saved: try again' }]);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <ErrorSummary errors={errors} />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h2 className="govuk-heading-m">Open a stored scenario</h2>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (/^[a-z0-9][a-z0-9-]{0,63}$/.test(open.trim())) window.location.hash = href('scenarios', open.trim());
            }}
          >
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor="scenario-id">
                Scenario id
              </label>
              <div className="govuk-hint" id="scenario-id-hint">
                For example one-front-door
              </div>
              <input
                className="govuk-input govuk-input--width-20"
                id="scenario-id"
                type="text"
                value={open}
                onChange={(e) => setOpen(e.target.value)}
                aria-describedby="scenario-id-hint"
              />
            </div>
            <button type="submit" className="govuk-button govuk-button--secondary">
              Open
            </button>
          </form>
          <h2 className="govuk-heading-m">Upload a scenario</h2>
          <form onSubmit={submit} noValidate>
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor="scenario-file">
                Choose a scenario file (YAML)
              </label>
              <input className="govuk-file-upload" id="scenario-file" type="file" accept=".yaml,.yml,text/yaml" onChange={readFile} />
            </div>
            <div className={`govuk-form-group${errors.length ? ' govuk-form-group--error' : ''}`}>
              <label className="govuk-label" htmlFor="scenario-source">
                Scenario document
              </label>
              <div className="govuk-hint" id="scenario-source-hint">
                The format is described in docs/replay.md: merge, rename, remove or reroute teams.
              </div>
              {errors.map((x) => (
                <p className="govuk-error-message" key={x.text}>
                  <span className="govuk-visually-hidden">Error:</span> {x.text}
                </p>
              ))}
              <textarea
                className={`govuk-textarea${errors.length ? ' govuk-textarea--error' : ''}`}
                id="scenario-source"
                rows={14}
                spellCheck={false}
                value={source}
                onChange={(e) => setSource(e.target.value)}
                aria-describedby="scenario-source-hint"
              />
            </div>
            <button type="submit" className="govuk-button" disabled={busy}>
              Save scenario
            </button>
          </form>
        </div>
      </div>
    </>
  );
}

function Scenario({ id, runAtOnce }: { id: string; runAtOnce: boolean }) {
  const council = useCouncil();
  const stored = useApi<Stored>(`/scenarios/${id}`);
  const [run, setRun] = useState<{ state: 'idle' } | { state: 'loading' } | { state: 'ok'; data: Run } | { state: 'error'; error: Error }>({ state: 'idle' });
  const start = async () => {
    setRun({ state: 'loading' });
    try {
      setRun({ state: 'ok', data: await api.post<Run>(`/scenarios/${id}/runs`, {}) });
    } catch (e) {
      setRun({ state: 'error', error: e as Error });
    }
  };
  // Opened from the list's Run link: run once the scenario has loaded.
  useEffect(() => {
    if (runAtOnce && stored.state === 'ok' && run.state === 'idle') void start();
  }, [runAtOnce, stored.state]);
  if (stored.state === 'loading') return <Loading what="the scenario" />;
  if (stored.state === 'error') return <Failure error={stored.error} what="the scenario" />;
  const s = stored.data;
  const renamed = Object.entries(s.teamMap).filter(([from, to]) => from !== to);
  return (
    <>
      <a className="govuk-back-link" href={href('scenarios')}>
        All scenarios
      </a>
      <h2 className="govuk-heading-m">
        {s.title} <span className="govuk-caption-m">version {s.version}</span>
      </h2>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--s">How teams change</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              Today
            </th>
            <th scope="col" className="govuk-table__header">
              In the scenario
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {renamed.map(([from, to]) => (
            <tr className="govuk-table__row" key={from}>
              <th scope="row" className="govuk-table__header">
                {teamName(council, from)}
              </th>
              <td className="govuk-table__cell">{to}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <details className="govuk-details">
        <summary className="govuk-details__summary">
          <span className="govuk-details__summary-text">The scenario document</span>
        </summary>
        <div className="govuk-details__text">
          <pre className="govuk-body-s" style={{ whiteSpace: 'pre-wrap' }}>
            {s.source}
          </pre>
        </div>
      </details>
      <button type="button" className="govuk-button" onClick={start} disabled={run.state === 'loading'}>
        Run scenario
      </button>
      {run.state === 'loading' && <Loading what="the scenario run (it replays the whole log)" />}
      {run.state === 'error' && <Failure error={run.error} what="the scenario run" />}
      {run.state === 'ok' && (
        <table className="govuk-table" id="scenario-results">
          <caption className="govuk-table__caption govuk-table__caption--m">Today and in the scenario, over {run.data.journeys} journeys</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Measure (mean per journey)
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Today
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Scenario
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Difference
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {run.data.measures.map((m) => {
              const d = m.difference.mean ?? 0;
              // Every measure here is better lower: fewer handovers, teams, spells, shorter waits.
              const cls = d < 0 ? 'app-diff--better' : d > 0 ? 'app-diff--worse' : '';
              return (
                <tr className="govuk-table__row" key={m.measure} data-measure={m.measure}>
                  <th scope="row" className="govuk-table__header">
                    {MEASURES[m.measure] ?? m.measure}
                  </th>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{m.today.mean}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{m.scenario.mean}</td>
                  <td className={`govuk-table__cell govuk-table__cell--numeric ${cls}`}>
                    {d > 0 ? '+' : ''}
                    {d}
                    {m.difference.percent !== null ? ` (${m.difference.percent > 0 ? '+' : ''}${m.difference.percent}%)` : ''}
                    {cls === 'app-diff--better' ? (
                      <span className="govuk-visually-hidden"> (better)</span>
                    ) : cls === 'app-diff--worse' ? (
                      <span className="govuk-visually-hidden"> (worse)</span>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {run.state === 'ok' && run.data.cost !== undefined && <CostOfRun cost={run.data.cost} />}
      {run.state === 'ok' && run.data.byGroup !== undefined && <ImpactByGroup byGroup={run.data.byGroup} />}
    </>
  );
}
