import { useState } from 'react';
import { api, ApiError } from '../api';
import { ErrorSummary, type SummaryError } from '../components/ErrorSummary';
import { Failure, Loading } from '../components/States';
import { teamName, useCouncil } from '../council';
import { href } from '../logic/route';

export interface JourneyPageResult {
  page: number;
  pageSize: number;
  total: number;
  journeys: {
    journeyId: string;
    childRef: string | null;
    status: string;
    outcome: string;
    handovers: number;
    holderPath: string[];
    startedAt: string | null;
    closedAt: string | null;
  }[];
}

const FIELDS = ['childRef', 'team', 'outcome', 'minHandovers', 'from', 'to'] as const;
type Search = Partial<Record<(typeof FIELDS)[number], string>>;

/**
 * Finding journeys. Everything but the child reference is kept in the page's address, so a search
 * can be shared; a child reference is typed, sent in the request and kept nowhere else.
 */
export function JourneySearchPage({ params }: { params: URLSearchParams }) {
  const council = useCouncil();
  const fromUrl: Search = Object.fromEntries(FIELDS.filter((f) => f !== 'childRef' && params.get(f)).map((f) => [f, params.get(f) as string]));
  const [draft, setDraft] = useState<Search>(fromUrl);
  const [page, setPage] = useState(1);
  const [result, setResult] = useState<{ state: 'idle' } | { state: 'loading' } | { state: 'ok'; data: JourneyPageResult } | { state: 'error'; error: Error }>({
    state: 'idle',
  });
  const [errors, setErrors] = useState<SummaryError[]>([]);

  const run = async (search: Search, pageNo: number) => {
    const q = new URLSearchParams(Object.entries(search).filter(([, v]) => v));
    q.set('page', String(pageNo));
    q.set('pageSize', '25');
    setResult({ state: 'loading' });
    setErrors([]);
    try {
      setResult({ state: 'ok', data: await api.get<JourneyPageResult>(`/journeys?${q}`) });
      setPage(pageNo);
    } catch (e) {
      if (e instanceof ApiError && e.status === 400 && e.errors.length > 0) {
        setErrors(e.errors.map((x) => ({ href: `search-${x.field}`, text: x.messages.join('; ') })));
        setResult({ state: 'idle' });
      } else setResult({ state: 'error', error: e as Error });
    }
  };
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const shareable = Object.fromEntries(Object.entries(draft).filter(([k, v]) => k !== 'childRef' && v));
    // Update the address without the child reference, then search with it.
    history.replaceState(null, '', href('journeys', undefined, shareable));
    void run(draft, 1);
  };
  const set = (k: keyof Search) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setDraft({ ...draft, [k]: e.target.value });
  const errorFor = (k: string) => errors.find((x) => x.href === `search-${k}`);
  const input = (k: keyof Search, label: string, hint?: string, width = 10) => (
    <div
      className={`govuk-form-group${errorFor(k) ? ' govuk-form-group--error' : ''}`}
      style={{ display: 'inline-block', marginRight: 20, verticalAlign: 'top' }}
    >
      <label className="govuk-label" htmlFor={`search-${k}`}>
        {label}
      </label>
      {hint && (
        <div className="govuk-hint" id={`search-${k}-hint`}>
          {hint}
        </div>
      )}
      {errorFor(k) && (
        <p className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {errorFor(k)?.text}
        </p>
      )}
      <input
        className={`govuk-input govuk-input--width-${width}`}
        id={`search-${k}`}
        name={k}
        type="text"
        autoComplete="off"
        value={draft[k] ?? ''}
        onChange={set(k)}
        aria-describedby={hint ? `search-${k}-hint` : undefined}
      />
    </div>
  );
  return (
    <>
      <h1 className="govuk-heading-l">Journey explorer</h1>
      <ErrorSummary errors={errors} />
      <form onSubmit={submit} noValidate aria-label="Find journeys">
        {input('childRef', 'Child reference', 'Pseudonymous, for example SYN-7ba0359f-8', 20)}
        <div className="govuk-form-group" style={{ display: 'inline-block', marginRight: 20, verticalAlign: 'top' }}>
          <label className="govuk-label" htmlFor="search-team">
            Team that held the journey
          </label>
          <select className="govuk-select" id="search-team" value={draft.team ?? ''} onChange={set('team')}>
            <option value="">Any</option>
            {council.teams.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </div>
        <div className="govuk-form-group" style={{ display: 'inline-block', marginRight: 20, verticalAlign: 'top' }}>
          <label className="govuk-label" htmlFor="search-outcome">
            Outcome
          </label>
          <select className="govuk-select" id="search-outcome" value={draft.outcome ?? ''} onChange={set('outcome')}>
            <option value="">Any</option>
            {council.outcomes.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </div>
        {input('minHandovers', 'At least this many handovers', undefined, 3)}
        {input('from', 'First contact from', 'YYYY-MM-DD')}
        {input('to', 'First contact before', 'YYYY-MM-DD')}
        <div>
          <button type="submit" className="govuk-button">
            Find journeys
          </button>
        </div>
      </form>
      {result.state === 'idle' && <p className="govuk-body">Search to list journeys. Each journey listed is recorded in the access log under your name.</p>}
      {result.state === 'loading' && <Loading what="journeys" />}
      {result.state === 'error' && <Failure error={result.error} what="journeys" />}
      {result.state === 'ok' && <JourneyList data={result.data} teamLabel={(id) => teamName(council, id)} onPage={(p) => run(draft, p)} page={page} />}
    </>
  );
}

export function JourneyList({
  data,
  teamLabel,
  onPage,
  page,
}: {
  data: JourneyPageResult;
  teamLabel: (id: string) => string;
  onPage?: (p: number) => void;
  page: number;
}) {
  if (data.total === 0) return <div className="govuk-inset-text">No journeys match. Try fewer filters.</div>;
  const pages = Math.ceil(data.total / data.pageSize);
  return (
    <>
      <table className="govuk-table" id="journey-results">
        <caption className="govuk-table__caption govuk-table__caption--m">
          {data.total} journeys{pages > 1 ? `, page ${page} of ${pages}` : ''}
        </caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              Child reference
            </th>
            <th scope="col" className="govuk-table__header">
              First contact
            </th>
            <th scope="col" className="govuk-table__header">
              Teams, in order
            </th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">
              Handovers
            </th>
            <th scope="col" className="govuk-table__header">
              Outcome
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {data.journeys.map((j) => (
            <tr className="govuk-table__row" key={j.journeyId}>
              <th scope="row" className="govuk-table__header">
                <a className="govuk-link" href={href('journey', j.journeyId)}>
                  {j.childRef ?? j.journeyId}
                </a>
              </th>
              <td className="govuk-table__cell">{j.startedAt?.slice(0, 10) ?? '–'}</td>
              <td className="govuk-table__cell">{j.holderPath.map(teamLabel).join(' → ')}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{j.handovers}</td>
              <td className="govuk-table__cell">{j.outcome}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {onPage && pages > 1 && (
        <nav className="govuk-pagination" aria-label="Pages of journeys">
          {page > 1 && (
            <div className="govuk-pagination__prev">
              <button type="button" className="govuk-button govuk-button--secondary" onClick={() => onPage(page - 1)}>
                Previous page
              </button>
            </div>
          )}
          {page < pages && (
            <div className="govuk-pagination__next">
              <button type="button" className="govuk-button govuk-button--secondary" onClick={() => onPage(page + 1)}>
                Next page
              </button>
            </div>
          )}
        </nav>
      )}
    </>
  );
}
