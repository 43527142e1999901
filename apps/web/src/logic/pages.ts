import type { PageId } from './route';

/** What each role may open: the README's role matrix, page by page. */
export const MENU: { page: Exclude<PageId, 'home' | 'sign-in' | 'not-found' | 'journey'>; label: string; roles: string[] }[] = [
  { page: 'dashboard', label: 'Front door dashboard', roles: ['analyst', 'designer'] },
  { page: 'map', label: 'Process map', roles: ['analyst', 'designer'] },
  { page: 'journeys', label: 'Journey explorer', roles: ['designer', 'auditor'] },
  { page: 'scenarios', label: 'Scenarios', roles: ['designer'] },
  { page: 'families', label: 'Families', roles: ['designer', 'auditor'] },
  { page: 'changes', label: 'Change evaluation', roles: ['analyst', 'designer'] },
  { page: 'audit', label: 'Audit', roles: ['auditor'] },
];

export const pagesFor = (roles: readonly string[]) => MENU.filter((m) => m.roles.some((r) => roles.includes(r)));

/** The page a route belongs to in the menu (a journey belongs to the explorer). */
export const menuPageOf = (page: PageId): PageId => (page === 'journey' ? 'journeys' : page);

export function mayOpen(page: PageId, roles: readonly string[]): boolean {
  const entry = MENU.find((m) => m.page === menuPageOf(page));
  return entry === undefined || entry.roles.some((r) => roles.includes(r));
}
