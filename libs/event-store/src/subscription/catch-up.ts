import { Observable, Subject } from 'rxjs';
import type { ReadAllOptions, RecordedEvent, SubscribeOptions } from '../port/event-store.port';

/**
 * A catch-up subscription over any store that can read its global log: read after the
 * checkpoint until the head, then wait for a wake-up (an append in this process, a NOTIFY from
 * another) or a poll interval, and read again. The next batch is read only after the
 * subscriber's `next` returns, so a slow consumer is never flooded.
 */
export function catchUpSubscription(
  readAll: (options: ReadAllOptions) => Promise<RecordedEvent[]>,
  appended: Subject<void>,
  options: SubscribeOptions,
  pollMs = 1000,
): Observable<RecordedEvent[]> {
  return new Observable<RecordedEvent[]>((subscriber) => {
    let after = options.after;
    let stopped = false;
    let wake: (() => void) | undefined;
    const sub = appended.subscribe({
      next: () => wake?.(),
      complete: () => {
        stopped = true;
        wake?.();
      },
    });
    const loop = async () => {
      while (!stopped) {
        const batch = await readAll({ after, maxCount: options.batchSize ?? 1000, tenantId: options.tenantId });
        if (stopped) break;
        if (batch.length > 0) {
          after = batch[batch.length - 1].position;
          subscriber.next(batch);
          continue;
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pollMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
      }
      subscriber.complete();
    };
    loop().catch((e) => subscriber.error(e));
    return () => {
      stopped = true;
      sub.unsubscribe();
      wake?.();
    };
  });
}
