import { useEffect, useState } from 'react';
import { api } from './api';

export type Loaded<T> = { state: 'loading' } | { state: 'ok'; data: T } | { state: 'error'; error: Error };

/** Answers asked for before the first render (`askEarly`), each taken once by the first `useApi` of its path. */
const early = new Map<string, { answer: Promise<unknown>; at: number }>();
/** An early answer older than this is not taken: the page asks again. */
const EARLY_MS = 10_000;

/**
 * Sends these GETs now, before the page renders, for the `useApi` calls that will want them: a
 * page opened from the address then waits for its answers from the moment the script runs, not
 * from after its first paint.
 */
export function askEarly(paths: readonly string[]): void {
  for (const path of paths) {
    const answer = api.get(path);
    // Nobody may take it (the page changed): its failure is not an error of its own.
    answer.catch(() => undefined);
    early.set(path, { answer, at: Date.now() });
  }
}

function takeEarly<T>(path: string): Promise<T> | undefined {
  const found = early.get(path);
  early.delete(path);
  return found !== undefined && Date.now() - found.at < EARLY_MS ? (found.answer as Promise<T>) : undefined;
}

/** Fetches `path` (null: nothing to fetch yet); a newer path cancels the older request. */
export function useApi<T>(path: string | null): Loaded<T> {
  const [result, setResult] = useState<Loaded<T>>({ state: 'loading' });
  useEffect(() => {
    if (path === null) return;
    const abort = new AbortController();
    setResult({ state: 'loading' });
    (takeEarly<T>(path) ?? api.get<T>(path, abort.signal))
      .then((data) => {
        if (!abort.signal.aborted) setResult({ state: 'ok', data });
      })
      .catch((error: Error) => {
        if (!abort.signal.aborted) setResult({ state: 'error', error });
      });
    return () => abort.abort();
  }, [path]);
  return result;
}
