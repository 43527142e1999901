import type { LoadedJourney } from './journey-stream';

/**
 * The journeys this process wrote last, as it left them: a bounded map, least recently used
 * first out. What it holds may be stale (another process may have written since), so a decision
 * taken on it is only ever trusted when the store accepts the append it leads to, which the store
 * does only if the journey is still at the remembered revision.
 */
export class RecentJourneys {
  private readonly journeys = new Map<string, LoadedJourney>();

  constructor(private readonly capacity: number) {}

  get(key: string): LoadedJourney | undefined {
    const journey = this.journeys.get(key);
    if (journey !== undefined) {
      // Re-inserted to mark it as the most recently used: a Map iterates in insertion order.
      this.journeys.delete(key);
      this.journeys.set(key, journey);
    }
    return journey;
  }

  remember(key: string, journey: LoadedJourney): void {
    if (this.capacity <= 0) return;
    this.journeys.delete(key);
    this.journeys.set(key, journey);
    if (this.journeys.size > this.capacity) this.journeys.delete(this.journeys.keys().next().value as string);
  }

  forget(key: string): void {
    this.journeys.delete(key);
  }
}
