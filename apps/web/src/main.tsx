import { createRoot } from 'react-dom/client';
import './styles.scss';
import { App } from './App';
import { firstRequestsOf } from './logic/first-requests';
import { parseRoute } from './logic/route';
import { isProviderReturn } from './oidc';
import { getSession, setSession } from './session';
import { askEarly } from './useApi';

// Back from the identity provider while still signed in: the new sign-in replaces the old one (and
// the sign-in page takes the code out of the address).
if (isProviderReturn() && getSession() !== null) setSession(null);
// A signed-in page opened from the address asks for its figures now, while React renders the page.
if (getSession() !== null) askEarly(firstRequestsOf(parseRoute(window.location.hash)));

document.body.classList.add('js-enabled', 'govuk-frontend-supported');
createRoot(document.getElementById('root') as HTMLElement).render(<App />);
