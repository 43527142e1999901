import { useState } from 'react';
import { api, ApiError } from '../api';
import { ErrorSummary, type SummaryError } from '../components/ErrorSummary';
import { Failure, Loading } from '../components/States';
import { ScrollRegion } from '../components/ScrollRegion';
import { href } from '../logic/route';
import { useApi } from '../useApi';

interface AuditEvent {
  eventId: string;
  revision: number;
  type: string;
  actor: { userId: string; role: string } | null;
  occurredAt: string | null;
  recordedAt: string;
  hash: string;
  previousHash: string | null;
  recomputedHash: string;
  valid: boolean;
}
interface AuditTrail {
  journeyId: string;
  verification: { status: string; eventCount: number; headHash: string | null; firstBroken: { revision: number; eventId: string; reason?: string } | null };
  events: AuditEvent[];
}
interface AccessEntries {
  count: number;
  entries: { accessId: string; at: string; userId: string; roles: string[]; action: string; route: string; journeyId: string | null }[];
}

/** The auditor's page: one journey's history with the chain's verdict per event, and the access logs. */
export function AuditPage({ journeyId }: { journeyId?: string }) {
  return (
    <>
      <h1 className="govuk-heading-l">Audit</h1>
      {journeyId === undefined ? (
        <p className="govuk-body">
          Open a journey's audit trail from the{' '}
          <a className="govuk-link" href={href('journeys')}>
            journey explorer
          </a>
          , or look up what a member of staff has read.
        </p>
      ) : (
        <JourneyAudit journeyId={journeyId} />
      )}
      <UserAccess />
      <Digest />
    </>
  );
}

function JourneyAudit({ journeyId }: { journeyId: string }) {
  const trail = useApi<AuditTrail>(`/journeys/${journeyId}/audit`);
  const access = useApi<AccessEntries>(trail.state === 'ok' ? `/audit/access?journeyId=${journeyId}` : null);
  if (trail.state === 'loading') return <Loading what="the audit trail" />;
  if (trail.state === 'error') return <Failure error={trail.error} what="the audit trail" />;
  const t = trail.data;
  const intact = t.verification.status === 'intact';
  return (
    <section aria-labelledby="trail-heading">
      <h2 className="govuk-heading-m" id="trail-heading">
        History of journey {journeyId}
      </h2>
      {intact ? (
        <div className="govuk-panel govuk-panel--confirmation" style={{ padding: 15 }} id="chain-verdict" data-status="intact">
          <h3 className="govuk-panel__title govuk-!-font-size-27">Chain intact</h3>
          <div className="govuk-panel__body govuk-!-font-size-19">All {t.verification.eventCount} events match their recorded hashes.</div>
        </div>
      ) : (
        <div className="govuk-error-summary" role="alert" id="chain-verdict" data-status={t.verification.status}>
          <h3 className="govuk-error-summary__title">The chain is broken</h3>
          <div className="govuk-error-summary__body">
            <p className="govuk-body">
              The first broken event is revision {t.verification.firstBroken?.revision} ({t.verification.firstBroken?.eventId}): its stored content no longer
              matches its hash. Every later event is unverifiable until this is explained.
            </p>
          </div>
        </div>
      )}
      <ScrollRegion label="Every event, in recording order">
        <table className="govuk-table" id="audit-table">
          <caption className="govuk-table__caption govuk-table__caption--m">Every event, in recording order</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Revision
              </th>
              <th scope="col" className="govuk-table__header">
                Event
              </th>
              <th scope="col" className="govuk-table__header">
                Actor (role)
              </th>
              <th scope="col" className="govuk-table__header">
                Business time
              </th>
              <th scope="col" className="govuk-table__header">
                Recorded
              </th>
              <th scope="col" className="govuk-table__header">
                Hash
              </th>
              <th scope="col" className="govuk-table__header">
                Chain
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {t.events.map((e) => (
              <tr key={e.eventId} className={`govuk-table__row${e.valid ? '' : ' app-broken'}`} data-revision={e.revision} data-valid={String(e.valid)}>
                <th scope="row" className="govuk-table__header">
                  {e.revision}
                </th>
                <td className="govuk-table__cell">{e.type}</td>
                <td className="govuk-table__cell">{e.actor ? `${e.actor.userId} (${e.actor.role})` : '–'}</td>
                <td className="govuk-table__cell">{e.occurredAt ?? '–'}</td>
                <td className="govuk-table__cell">{e.recordedAt}</td>
                <td className="govuk-table__cell app-hash">
                  <span title={e.hash}>{e.hash.slice(0, 12)}…</span>
                </td>
                <td className="govuk-table__cell">
                  {e.valid ? <strong className="govuk-tag govuk-tag--green">verified</strong> : <strong className="govuk-tag govuk-tag--red">broken</strong>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      <h3 className="govuk-heading-s">Who has read this journey</h3>
      {access.state === 'loading' && <Loading what="the access log" />}
      {access.state === 'error' && <Failure error={access.error} what="the access log" />}
      {access.state === 'ok' && <AccessTable data={access.data} caption="Reads of this journey, oldest first" />}
    </section>
  );
}

function AccessTable({ data, caption }: { data: AccessEntries; caption: string }) {
  if (data.count === 0) return <div className="govuk-inset-text">No reads recorded.</div>;
  return (
    <table className="govuk-table">
      <caption className="govuk-table__caption govuk-table__caption--s">{caption}</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">
            When
          </th>
          <th scope="col" className="govuk-table__header">
            Who
          </th>
          <th scope="col" className="govuk-table__header">
            What
          </th>
          <th scope="col" className="govuk-table__header">
            Journey
          </th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {data.entries.map((e) => (
          <tr key={e.accessId} className="govuk-table__row">
            <th scope="row" className="govuk-table__header">
              {e.at}
            </th>
            <td className="govuk-table__cell">
              {e.userId} ({e.roles.join(', ')})
            </td>
            <td className="govuk-table__cell">
              {e.action}: {e.route}
            </td>
            <td className="govuk-table__cell">
              {e.journeyId ? (
                <a className="govuk-link" href={href('audit', e.journeyId)}>
                  {e.journeyId.slice(0, 8)}…
                </a>
              ) : (
                '–'
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A user's reads: the user id is typed in the form and sent in the request, never put in the address. */
function UserAccess() {
  const [user, setUser] = useState('');
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [result, setResult] = useState<{ state: 'idle' } | { state: 'loading' } | { state: 'ok'; data: AccessEntries } | { state: 'error'; error: Error }>({
    state: 'idle',
  });
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (user.trim() === '') return setErrors([{ href: 'access-user', text: 'Enter the user id to look up' }]);
    setErrors([]);
    setResult({ state: 'loading' });
    try {
      setResult({ state: 'ok', data: await api.get<AccessEntries>(`/audit/access?userId=${encodeURIComponent(user.trim())}`) });
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) {
        setErrors([{ href: 'access-user', text: err.errors[0]?.messages[0] ?? err.message }]);
        setResult({ state: 'idle' });
      } else setResult({ state: 'error', error: err as Error });
    }
  };
  return (
    <section aria-labelledby="user-access-heading">
      <h2 className="govuk-heading-m" id="user-access-heading">
        What a member of staff has read
      </h2>
      <ErrorSummary errors={errors} />
      <form onSubmit={submit} noValidate>
        <div className={`govuk-form-group${errors.length ? ' govuk-form-group--error' : ''}`}>
          <label className="govuk-label" htmlFor="access-user">
            User id
          </label>
          {errors.length > 0 && (
            <p className="govuk-error-message">
              <span className="govuk-visually-hidden">Error:</span> {errors[0].text}
            </p>
          )}
          <input
            className="govuk-input govuk-input--width-20"
            id="access-user"
            type="text"
            autoComplete="off"
            value={user}
            onChange={(e) => setUser(e.target.value)}
          />
        </div>
        <button type="submit" className="govuk-button govuk-button--secondary">
          Show reads
        </button>
      </form>
      {result.state === 'loading' && <Loading what="the access log" />}
      {result.state === 'error' && <Failure error={result.error} what="the access log" />}
      {result.state === 'ok' && <AccessTable data={result.data} caption="Reads by this user, oldest first" />}
    </section>
  );
}

function Digest() {
  const [state, setState] = useState<{ state: 'idle' } | { state: 'loading' } | { state: 'ok'; summary: string } | { state: 'error'; error: Error }>({
    state: 'idle',
  });
  const download = async () => {
    setState({ state: 'loading' });
    try {
      const digest = await api.get<Record<string, unknown>>('/audit/digest');
      const blob = new Blob([JSON.stringify(digest, null, 2)], { type: 'application/json' });
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = 'journey-ledger-digest.json';
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      setState({
        state: 'ok',
        summary: `Signed digest downloaded (${String((digest as { streams?: unknown }).streams ?? '')} streams). Keep it, and check the store against it later with: npm run cli -- verify --against journey-ledger-digest.json`,
      });
    } catch (e) {
      setState({ state: 'error', error: e as Error });
    }
  };
  return (
    <section aria-labelledby="digest-heading">
      <h2 className="govuk-heading-m" id="digest-heading">
        Signed digest of the council's ledger
      </h2>
      <p className="govuk-body">
        Every stream verified and summarised in one Ed25519-signed root. Download it now to prove later that nothing has been rewritten since.
      </p>
      <button type="button" className="govuk-button" onClick={download} disabled={state.state === 'loading'}>
        Download signed digest
      </button>
      {state.state === 'loading' && <Loading what="the digest" />}
      {state.state === 'ok' && (
        <p className="govuk-body" role="status">
          {state.summary}
        </p>
      )}
      {state.state === 'error' && <Failure error={state.error} what="the digest" />}
    </section>
  );
}
