import { setImmediate as nextTurnOfEventLoop } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';

/**
 * Cooperative time slicing for long computations on the server's one thread: call `yieldIfDue`
 * often (it is cheap); once the slice is used up it waits for the next turn of the event loop,
 * so requests that arrived meanwhile (a `/health` probe, a recorder's command) are served
 * between slices instead of after the whole computation.
 */
export class TimeSlice {
  private started = performance.now();

  constructor(private readonly sliceMs = 10) {}

  async yieldIfDue(): Promise<void> {
    if (performance.now() - this.started < this.sliceMs) return;
    await nextTurnOfEventLoop();
    this.started = performance.now();
  }
}
