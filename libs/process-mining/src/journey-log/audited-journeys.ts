import type { AccessLog, AccessRecord } from '@journey-ledger/audit';

/**
 * Passes journeys (folded, or their traces kept ready) on only once their export is in the access log: each batch of journeys is
 * recorded (one page access event naming them all, `action: export`) before any of it is handed on, so an
 * export that cannot be logged sends nothing more. Holds at most one batch.
 */
export async function* auditedJourneys<T extends { readonly journeyId: string }>(
  journeys: AsyncIterable<T>,
  accessLog: AccessLog,
  access: Omit<AccessRecord, 'journeyId' | 'childRef' | 'action'>,
  batch = 1000,
): AsyncGenerator<T> {
  let pending: T[] = [];
  const flush = async () => {
    await accessLog.recordPage(
      { ...access, action: 'export' },
      pending.map((c) => c.journeyId),
    );
    const out = pending;
    pending = [];
    return out;
  };
  for await (const c of journeys) {
    pending.push(c);
    if (pending.length >= batch) yield* await flush();
  }
  if (pending.length > 0) yield* await flush();
}
