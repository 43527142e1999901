/**
 * Pages live in the URL fragment (`#/dashboard?from=…`): the fragment never reaches the server, so
 * no page path can shadow an API route and no filter ends up in a server or proxy log. A deep
 * link holds the page, its filters and the journey id or family reference (pseudonymous); never a child reference.
 */
export type PageId = 'home' | 'sign-in' | 'dashboard' | 'map' | 'journeys' | 'journey' | 'audit' | 'scenarios' | 'families' | 'changes' | 'not-found';

export interface Route {
  readonly page: PageId;
  /** The journey or scenario the page is about, when it is about one. */
  readonly id?: string;
  readonly params: URLSearchParams;
}

const PAGES: Record<string, PageId> = {
  '': 'home',
  'sign-in': 'sign-in',
  dashboard: 'dashboard',
  map: 'map',
  journeys: 'journeys',
  audit: 'audit',
  scenarios: 'scenarios',
  families: 'families',
  changes: 'changes',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** A pseudonymous family reference, as the API accepts it. */
const FAMILY_REF = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

/** A path segment decoded; a malformed escape is kept as it is (and then matches no reference). */
function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const [path, query = ''] = raw.split('?', 2);
  const [first = '', second, ...rest] = path.split('/').filter((p, i) => p !== '' || i === 0);
  const params = new URLSearchParams(query);
  const page = PAGES[first];
  if (page === undefined || rest.length > 0) return { page: 'not-found', params };
  if (second === undefined) return { page, params };
  if (page === 'journeys' && UUID.test(second)) return { page: 'journey', id: second.toLowerCase(), params };
  if (page === 'audit' && UUID.test(second)) return { page: 'audit', id: second.toLowerCase(), params };
  if (page === 'scenarios' && SLUG.test(second)) return { page: 'scenarios', id: second, params };
  if (page === 'families' && FAMILY_REF.test(decoded(second))) return { page: 'families', id: decoded(second), params };
  if (page === 'changes' && SLUG.test(second)) return { page: 'changes', id: second, params };
  return { page: 'not-found', params };
}

/** The fragment for a page: `href('journey', id, { step: '3' })` → `#/journeys/<id>?step=3`. */
export function href(page: Exclude<PageId, 'not-found'>, id?: string, params?: Record<string, string | undefined> | URLSearchParams): string {
  const base = page === 'home' ? '' : page === 'journey' ? 'journeys' : page;
  const path = `#/${base}${id !== undefined ? `/${encodeURIComponent(id)}` : ''}`;
  const entries =
    params instanceof URLSearchParams
      ? [...params.entries()]
      : Object.entries(params ?? {}).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '');
  const query = new URLSearchParams(entries).toString();
  return query === '' ? path : `${path}?${query}`;
}
