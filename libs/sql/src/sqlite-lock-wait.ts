import { backOff } from 'exponential-backoff';

/**
 * Another process holds the SQLite file's write lock (SQLite admits one writer), and it was not
 * released within the wait allowed. Nothing was written: try again shortly.
 */
export class StoreBusyError extends Error {
  constructor(readonly waitedMs: number) {
    super(`the embedded store is busy with another writer (waited ${waitedMs} ms); nothing was written, try again shortly`);
    this.name = 'StoreBusyError';
  }
}

/** SQLITE_BUSY and its extended codes: another connection holds a lock this statement needs. */
export const isBusy = (e: unknown): boolean => {
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'string' && (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_'));
};

/**
 * Runs `work` (synchronous SQLite work that fails at once when the file is locked: busy_timeout 0)
 * until it gets the lock or `deadline` passes. The wait between tries is a timer, never SQLite's
 * own busy handler, which sleeps inside the call and would freeze the event loop for every other
 * request. Waits grow exponentially with full jitter, capped low so that a short gap between
 * another process's transactions is not missed.
 */
export async function whenUnlocked<T>(work: () => T, deadline: number): Promise<T> {
  const started = Date.now();
  try {
    return await backOff(async () => work(), {
      numOfAttempts: Number.MAX_SAFE_INTEGER,
      startingDelay: 2,
      timeMultiple: 2,
      maxDelay: 50,
      jitter: 'full',
      retry: (e) => isBusy(e) && Date.now() < deadline,
    });
  } catch (e) {
    if (isBusy(e)) throw new StoreBusyError(Date.now() - started);
    throw e;
  }
}
