import { useEffect, useState } from 'react';
import { api } from './api';

export type Loaded<T> = { state: 'loading' } | { state: 'ok'; data: T } | { state: 'error'; error: Error };

/** Fetches `path` (null: nothing to fetch yet); a newer path cancels the older request. */
export function useApi<T>(path: string | null): Loaded<T> {
  const [result, setResult] = useState<Loaded<T>>({ state: 'loading' });
  useEffect(() => {
    if (path === null) return;
    const abort = new AbortController();
    setResult({ state: 'loading' });
    api
      .get<T>(path, abort.signal)
      .then((data) => setResult({ state: 'ok', data }))
      .catch((error: Error) => {
        if (!abort.signal.aborted) setResult({ state: 'error', error });
      });
    return () => abort.abort();
  }, [path]);
  return result;
}
