import { createRoot } from 'react-dom/client';
import './styles.scss';
import { App } from './App';
import { firstRequestsOf } from './logic/first-requests';
import { parseRoute } from './logic/route';
import { getSession } from './session';
import { askEarly } from './useApi';

// A signed-in page opened from the address asks for its figures now, while React renders the page.
if (getSession() !== null) askEarly(firstRequestsOf(parseRoute(window.location.hash)));

document.body.classList.add('js-enabled', 'govuk-frontend-supported');
createRoot(document.getElementById('root') as HTMLElement).render(<App />);
