import { getSession, setSession } from './session';

export interface FieldProblem {
  readonly field: string;
  readonly messages: string[];
}

/** An answer other than 2xx, with what the API said (never the request's URL or token). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: FieldProblem[] = [],
  ) {
    super(message);
  }
}

async function call<T>(method: string, path: string, body?: unknown, signal?: AbortSignal, accept = 'application/json'): Promise<T> {
  const session = getSession();
  const headers: Record<string, string> = { Accept: accept };
  if (session !== null) headers.Authorization = `Bearer ${session.token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal, cache: 'no-store' });
  if (!res.ok) {
    let message = res.statusText;
    let errors: FieldProblem[] = [];
    try {
      const problem = (await res.json()) as { message?: unknown; errors?: unknown };
      if (typeof problem.message === 'string') message = problem.message;
      if (Array.isArray(problem.message)) message = problem.message.join('; ');
      if (Array.isArray(problem.errors)) errors = problem.errors as FieldProblem[];
    } catch {
      // not JSON: keep the status text
    }
    // An expired or revoked token: back to sign-in, with the reason on the page.
    if (res.status === 401 && session !== null) setSession(null);
    throw new ApiError(res.status, message, errors);
  }
  return accept === 'application/json' ? ((await res.json()) as T) : ((await res.text()) as T);
}

export const api = {
  get: <T>(path: string, signal?: AbortSignal) => call<T>('GET', path, undefined, signal),
  post: <T>(path: string, body: unknown, signal?: AbortSignal) => call<T>('POST', path, body, signal),
};
