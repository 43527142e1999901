/**
 * Who is signed in. The token lives in this tab's session storage (gone when the tab closes) and
 * in memory; never in a URL, a cookie or a log line.
 */
export interface Session {
  readonly token: string;
  readonly userId: string;
  readonly roles: readonly string[];
}

const KEY = 'journey-ledger.session';
let current: Session | null = null;
const listeners = new Set<() => void>();

export function getSession(): Session | null {
  if (current === null) {
    const raw = sessionStorage.getItem(KEY);
    if (raw !== null) {
      try {
        current = JSON.parse(raw) as Session;
      } catch {
        sessionStorage.removeItem(KEY);
      }
    }
  }
  return current;
}

export function setSession(s: Session | null): void {
  current = s;
  if (s === null) sessionStorage.removeItem(KEY);
  else sessionStorage.setItem(KEY, JSON.stringify(s));
  listeners.forEach((l) => l());
}

export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Roles and subject from the token's payload, for the menu only: the API verifies the token itself. */
export function sessionFromToken(token: string): Session {
  const part = token.split('.')[1];
  if (part === undefined) throw new Error('not a token');
  const payload = JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/'))) as { sub?: unknown; roles?: unknown };
  if (typeof payload.sub !== 'string' || !Array.isArray(payload.roles)) throw new Error('the token names no user or roles');
  return { token, userId: payload.sub, roles: payload.roles.map(String) };
}
