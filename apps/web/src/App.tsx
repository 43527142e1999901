import { lazy, Suspense, useEffect, useState, useSyncExternalStore } from 'react';
import { CouncilContext, type Council } from './council';
import { useApi } from './useApi';
import { getSession, onSessionChange, setSession } from './session';
import { href, parseRoute, type Route } from './logic/route';
import { mayOpen, menuPageOf, pagesFor } from './logic/pages';
import { Failure, Loading, NotAllowed } from './components/States';
import { SignIn } from './pages/SignIn';
import { Dashboard } from './pages/Dashboard';
import { JourneySearchPage } from './pages/JourneySearch';
import { JourneyPage } from './pages/Journey';
import { AuditPage } from './pages/Audit';
import { ScenariosPage } from './pages/Scenarios';
import { FamiliesPage } from './pages/Families';
import { ChangeEvaluationPage } from './pages/ChangeEvaluation';

// The process map brings the graph library: loaded only when the map is opened.
const loadProcessMap = () => import('./pages/ProcessMap');
const ProcessMap = lazy(() => loadProcessMap().then((m) => ({ default: m.ProcessMap })));

function useRoute(): Route {
  const [hash, setHash] = useState(window.location.hash);
  useEffect(() => {
    const on = () => setHash(window.location.hash);
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return parseRoute(hash);
}

const TITLES: Record<string, string> = {
  dashboard: 'Front door dashboard',
  map: 'Process map',
  journeys: 'Journey explorer',
  journey: 'Journey',
  audit: 'Audit',
  scenarios: 'Scenarios',
  families: 'Families',
  changes: 'Change evaluation',
  'sign-in': 'Sign in',
  home: 'Home',
  'not-found': 'Page not found',
};

export function App() {
  const route = useRoute();
  const session = useSyncExternalStore(onSessionChange, getSession);
  useEffect(() => {
    document.title = `${TITLES[route.page] ?? 'Journey Ledger'} – Journey Ledger`;
    // Move focus to the top on a new page, as a full page load would.
    document.getElementById('skip-target')?.focus({ preventScroll: true });
  }, [route.page, route.id]);
  return (
    <>
      <a
        href="#main-content"
        className="govuk-skip-link"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main-content')?.focus();
        }}
      >
        Skip to main content
      </a>
      <span id="skip-target" tabIndex={-1} />
      {session === null || route.page === 'sign-in' ? (
        <>
          <ServiceNavigation />
          <Main>
            <SignIn />
          </Main>
        </>
      ) : (
        <SignedIn route={route} />
      )}
      <footer className="govuk-footer">
        <div className="govuk-width-container">
          <p className="govuk-footer__meta-custom govuk-body-s">Journey Ledger: children's journeys through the front door. Pseudonymous references only.</p>
        </div>
      </footer>
    </>
  );
}

/** The service's name and, once signed in, the menu of what the role may use (GOV.UK service navigation). */
function ServiceNavigation({ children }: { children?: React.ReactNode }) {
  return (
    <section aria-label="Service information" className="govuk-service-navigation">
      <div className="govuk-width-container">
        <div className="govuk-service-navigation__container">
          <span className="govuk-service-navigation__service-name">
            <a href={href('home')} className="govuk-service-navigation__link">
              Journey Ledger
            </a>
          </span>
          {children && (
            <nav aria-label="Menu" className="govuk-service-navigation__wrapper">
              <ul className="govuk-service-navigation__list" id="navigation">
                {children}
              </ul>
            </nav>
          )}
        </div>
      </div>
    </section>
  );
}

function Main({ children }: { children: React.ReactNode }) {
  return (
    <div className="govuk-width-container">
      <main className="govuk-main-wrapper" id="main-content" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

function SignedIn({ route }: { route: Route }) {
  const council = useApi<Council>('/council');
  // Fetched beside the council's settings rather than after them.
  useEffect(() => {
    if (route.page === 'map') void loadProcessMap();
  }, [route.page]);
  const session = getSession();
  const roles = session?.roles ?? [];
  const menu = pagesFor(roles);
  const current = menuPageOf(route.page);
  return (
    <>
      <ServiceNavigation>
        {menu.map((m) => (
          <li key={m.page} className={`govuk-service-navigation__item${current === m.page ? ' govuk-service-navigation__item--active' : ''}`}>
            <a className="govuk-service-navigation__link" href={href(m.page)} aria-current={current === m.page ? 'page' : undefined}>
              {current === m.page ? <strong className="govuk-service-navigation__active-fallback">{m.label}</strong> : m.label}
            </a>
          </li>
        ))}
        <li className="govuk-service-navigation__item">
          <a className="govuk-service-navigation__link" href={href('sign-in')} onClick={() => setSession(null)}>
            Sign out<span className="govuk-visually-hidden"> ({session?.userId})</span>
          </a>
        </li>
      </ServiceNavigation>
      <Main>
        <p className="govuk-body-s govuk-!-margin-bottom-2">
          Signed in as <strong>{session?.userId}</strong> ({roles.join(', ')}){council.state === 'ok' ? `, ${council.data.name}` : ''}
        </p>
        {council.state === 'error' && <Failure error={council.error} what="your council" />}
        {/* The dashboard asks for its figures while the council's settings are on their way; other pages wait for them. */}
        {council.state === 'loading' && route.page !== 'dashboard' && <Loading what="your council" />}
        {(council.state === 'ok' || (council.state === 'loading' && route.page === 'dashboard')) && (
          <CouncilContext.Provider value={council.state === 'ok' ? council.data : null}>
            <Page route={route} roles={roles} menu={menu} />
          </CouncilContext.Provider>
        )}
      </Main>
    </>
  );
}

/** Home is the first page the role may use (replacing the history entry, so Back does not loop). */
function Redirect({ to }: { to: string }) {
  useEffect(() => window.location.replace(to), [to]);
  return null;
}

function Page({ route, roles, menu }: { route: Route; roles: readonly string[]; menu: ReturnType<typeof pagesFor> }) {
  if (route.page === 'home') {
    if (menu.length > 0) return <Redirect to={href(menu[0].page)} />;
    return (
      <>
        <h1 className="govuk-heading-l">Nothing to show for your role</h1>
        <p className="govuk-body">The web pages are for designers, analysts and auditors. Recording happens in your case management system.</p>
      </>
    );
  }
  if (route.page === 'not-found') {
    return (
      <>
        <h1 className="govuk-heading-l">Page not found</h1>
        <p className="govuk-body">
          If you followed a link, check it is complete.{' '}
          <a className="govuk-link" href={href('home')}>
            Go to your first page
          </a>
          .
        </p>
      </>
    );
  }
  if (!mayOpen(route.page, roles)) {
    return (
      <>
        <h1 className="govuk-heading-l">{TITLES[route.page]}</h1>
        <NotAllowed what="this page" />
      </>
    );
  }
  switch (route.page) {
    case 'dashboard':
      return <Dashboard params={route.params} />;
    case 'map':
      return (
        <Suspense fallback={<Loading what="the process map" />}>
          <ProcessMap params={route.params} roles={roles} />
        </Suspense>
      );
    case 'journeys':
      return <JourneySearchPage params={route.params} />;
    case 'journey':
      return <JourneyPage journeyId={route.id as string} params={route.params} roles={roles} />;
    case 'audit':
      return <AuditPage journeyId={route.id} />;
    case 'scenarios':
      return <ScenariosPage scenarioId={route.id} run={route.params.get('run') === 'now'} roles={roles} />;
    case 'families':
      return <FamiliesPage key={route.id ?? ''} familyRef={route.id} params={route.params} />;
    case 'changes':
      return <ChangeEvaluationPage changeId={route.id} params={route.params} />;
    default:
      return null;
  }
}
