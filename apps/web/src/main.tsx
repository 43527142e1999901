import { createRoot } from 'react-dom/client';
import './styles.scss';
import { App } from './App';

document.body.classList.add('js-enabled', 'govuk-frontend-supported');
createRoot(document.getElementById('root') as HTMLElement).render(<App />);
