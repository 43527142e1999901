import { decide, evolve, foldJourney, initialJourneyState, JourneyRuleViolation, journeyStreamId, toJourneyEvent } from '@journey-ledger/domain';
import type { JourneyCommand, JourneyEvent, JourneyState, TeamDirectory, Actor } from '@journey-ledger/domain';
import { DuplicateEventError, WrongExpectedRevisionError } from '@journey-ledger/event-store';
import type { AppendRequest, EventStore, EventToAppend } from '@journey-ledger/event-store';
import { toEventsToAppend } from '@journey-ledger/application';

/** One command of a journey, with the id that makes it idempotent (event ids derive from it). */
export interface IdentifiedCommand {
  readonly commandId: string;
  /**
   * The command, or a function of the journey's state just before it (e.g. a transfer whose
   * "from" team is whoever holds the journey then); null means there is nothing to do.
   */
  readonly command: JourneyCommand | ((state: JourneyState) => JourneyCommand | null);
}

/** Every command of one journey, in the order they are to be decided. */
export interface JourneyCommands<Ref = unknown> {
  readonly tenantId: string;
  readonly journeyId: string;
  readonly correlationId: string;
  readonly actor: Actor;
  readonly commands: readonly IdentifiedCommand[];
  /** Carried to the outcome untouched (e.g. the CSV lines a journey came from). */
  readonly ref?: Ref;
}

export type JourneyWriteResult =
  | { readonly status: 'written'; readonly events: number; readonly commands: number; readonly alreadyStored: number }
  /** Every command was already in the store (a re-run): nothing written. */
  | { readonly status: 'skipped'; readonly commands: number }
  /** The decider refused a command: nothing of the journey was written. */
  | {
      readonly status: 'rejected';
      readonly commandIndex: number;
      readonly code: string;
      readonly message: string;
      readonly field?: string;
    };

export interface BulkWriteReport {
  journeys: number;
  written: number;
  skipped: number;
  rejected: number;
  events: number;
  batches: number;
  /** Batches whose optimistic append failed and were retried journey by journey. */
  fallbacks: number;
}

export interface BulkWriterOptions<Ref = unknown> {
  readonly store: EventStore;
  /** The team map a tenant's commands are decided against; undefined for an unknown tenant. */
  readonly teamsFor: (tenantId: string) => TeamDirectory | undefined;
  /** The decision clock (the domain's `now`): occurredAt after it is refused. */
  readonly now?: () => Date;
  /** Journeys per `appendBatch` call (one transaction); `defaultBatchJourneys(store.kind)` by default. */
  readonly batchJourneys?: number;
  /** A batch is also cut when it holds this many events; `DEFAULT_BATCH_EVENTS` by default. */
  readonly batchEvents?: number;
  /**
   * True (default) when most journeys are expected to be new (generation, a first import): a batch
   * is appended with `no_stream` in one call, and only a refused batch is checked journey by
   * journey. False when most journeys already exist (adding a later list): each journey's stream is
   * read first.
   */
  readonly assumeNew?: boolean;
  /**
   * Decide the next batch while the store writes the last (default true). Off, each batch is
   * written before the next is read: what a benchmark timing only the store wants.
   */
  readonly overlap?: boolean;
  /** Parallel reads when journeys are checked one by one. */
  readonly readConcurrency?: number;
  readonly onOutcome?: (journey: JourneyCommands<Ref>, outcome: JourneyWriteResult) => void | Promise<void>;
  /** After each committed batch, with the running report. */
  readonly onProgress?: (report: Readonly<BulkWriteReport>) => void;
}

interface Planned<Ref> {
  readonly journey: JourneyCommands<Ref>;
  readonly events: EventToAppend[];
  readonly expectedRevision: AppendRequest['expectedRevision'];
  readonly alreadyStored: number;
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  });
  await Promise.all(workers);
  return out;
}

/** The events a journey's commands decide, from a given state: or the refusal, with the command at fault. Pure. */
export function planJourney(
  journey: JourneyCommands<unknown>,
  teams: TeamDirectory | undefined,
  from: JourneyState,
  stored: ReadonlySet<string>,
  now: string,
): { events: EventToAppend[]; alreadyStored: number } | JourneyWriteResult {
  if (teams === undefined) {
    return { status: 'rejected', commandIndex: 0, code: 'UnknownTenant', message: `tenant ${journey.tenantId} is not configured` };
  }
  const ctx = { teams, now };
  let state = from;
  const events: EventToAppend[] = [];
  let alreadyStored = 0;
  for (let i = 0; i < journey.commands.length; i++) {
    const { commandId, command: given } = journey.commands[i];
    if (stored.has(commandId)) {
      alreadyStored += 1;
      continue;
    }
    let decided: JourneyEvent[];
    try {
      const command = typeof given === 'function' ? given(state) : given;
      if (command === null) continue;
      decided = decide(command, state, ctx);
    } catch (e) {
      if (e instanceof JourneyRuleViolation) return { status: 'rejected', commandIndex: i, code: e.code, message: e.message, field: e.field };
      throw e;
    }
    const toAppend = toEventsToAppend(decided, {
      tenantId: journey.tenantId,
      journeyId: journey.journeyId,
      commandId,
      correlationId: journey.correlationId,
      actor: journey.actor,
    });
    for (let k = 0; k < decided.length; k++) {
      const e = decided[k];
      state = evolve(state, { ...e, metadata: { ...e.metadata, eventId: toAppend[k].eventId } } as JourneyEvent);
      events.push(toAppend[k]);
    }
  }
  if (events.length === 0) return { status: 'skipped', commands: journey.commands.length };
  return { events, alreadyStored };
}

/** A batch decided from an empty state, ready for `BulkWriter.writePlanned`. */
export interface PrePlannedBatch<Ref = unknown> {
  readonly journeys: JourneyCommands<Ref>[];
  readonly plans: ({ readonly events: EventToAppend[] } | JourneyWriteResult)[];
  /** The decision clock the batch was decided at. */
  readonly now: string;
}

/** Decides a batch of journeys as new (the optimistic plan): what a worker thread runs. */
export function planFromEmpty<Ref>(
  journeys: JourneyCommands<Ref>[],
  teamsFor: (tenantId: string) => TeamDirectory | undefined,
  now: string,
): PrePlannedBatch<Ref> {
  const plans = journeys.map((j) => {
    const p = planJourney(j, teamsFor(j.tenantId), initialJourneyState(), new Set(), now);
    return 'status' in p ? p : { events: p.events };
  });
  return { journeys, plans, now };
}

/** Where a batch is cut by default when its journeys have not reached `defaultBatchJourneys` first. */
export const DEFAULT_BATCH_EVENTS = 20_000;

/**
 * Journeys per `appendBatch` call by default: 1000, and 4000 on the embedded store
 * (`DEFAULT_BATCH_EVENTS` then cuts most batches first). The embedded store's unique indexes take
 * an import's keys in random order, so each commit writes back pages all over them, and fewer,
 * larger commits write each page fewer times. The same 5.4 M event rows (1M journeys) inserted by
 * the bare driver: 321 s at 5,400 a transaction, 256 s at 21,600 (both with the bulk checkpoint
 * threshold). PostgreSQL's `COPY` was slower with larger batches.
 */
export const defaultBatchJourneys = (storeKind: string): number => (storeKind === 'embedded' ? 4000 : 1000);

/**
 * The bulk path. Every command is decided by the domain's own `decide`/`evolve`, in memory, on
 * the journey's state (the same rules as the API), and many journeys go to the store in one
 * `appendBatch` call: no round trip per event or per journey. Event ids derive from command ids
 * (`toEventsToAppend`), so a re-run writes nothing twice. A journey is all or nothing: a refused
 * command leaves nothing of its journey in the store. Input is consumed batch by batch, so memory
 * stays flat whatever the number of journeys.
 */
export class BulkWriter<Ref = unknown> {
  private readonly batchJourneys: number;
  private readonly batchEvents: number;
  private readonly now: () => Date;
  private readonly assumeNew: boolean;
  private readonly readConcurrency: number;

  constructor(private readonly options: BulkWriterOptions<Ref>) {
    this.batchJourneys = options.batchJourneys ?? defaultBatchJourneys(options.store.kind);
    this.batchEvents = options.batchEvents ?? DEFAULT_BATCH_EVENTS;
    this.now = options.now ?? (() => new Date());
    this.assumeNew = options.assumeNew ?? true;
    this.readConcurrency = options.readConcurrency ?? 8;
  }

  async write(source: AsyncIterable<JourneyCommands<Ref>> | Iterable<JourneyCommands<Ref>>): Promise<BulkWriteReport> {
    const { batchJourneys, batchEvents } = this;
    const now = () => this.now().toISOString();
    async function* batches(): AsyncGenerator<{ journeys: JourneyCommands<Ref>[]; plans?: (Planned<Ref> | JourneyWriteResult)[]; now: string }> {
      let batch: JourneyCommands<Ref>[] = [];
      let events = 0;
      for await (const journey of source as AsyncIterable<JourneyCommands<Ref>>) {
        batch.push(journey);
        events += journey.commands.length;
        if (batch.length >= batchJourneys || events >= batchEvents) {
          yield { journeys: batch, now: now() };
          batch = [];
          events = 0;
        }
      }
      if (batch.length > 0) yield { journeys: batch, now: now() };
    }
    return this.run(batches());
  }

  /**
   * Writes batches already decided from an empty state elsewhere (`planFromEmpty`, e.g. in a worker
   * thread, so that deciding and writing use both cores). The same checks follow as in `write`.
   */
  async writePlanned(source: AsyncIterable<PrePlannedBatch<Ref>>): Promise<BulkWriteReport> {
    async function* batches() {
      for await (const b of source) {
        const plans = b.plans.map((p, i): Planned<Ref> | JourneyWriteResult =>
          'status' in p ? p : { journey: b.journeys[i], events: p.events, expectedRevision: 'no_stream', alreadyStored: 0 },
        );
        yield { journeys: b.journeys, plans, now: b.now };
      }
    }
    return this.run(batches());
  }

  private async run(
    batches: AsyncIterable<{ journeys: JourneyCommands<Ref>[]; plans?: (Planned<Ref> | JourneyWriteResult)[]; now: string }>,
  ): Promise<BulkWriteReport> {
    const report: BulkWriteReport = { journeys: 0, written: 0, skipped: 0, rejected: 0, events: 0, batches: 0, fallbacks: 0 };
    // One batch in flight while the next is collected and decided: the store works while we decide.
    let inFlight: Promise<void> = Promise.resolve();
    for await (const b of batches) {
      report.journeys += b.journeys.length;
      let planned: (Planned<Ref> | JourneyWriteResult)[] | undefined;
      if (b.plans !== undefined) planned = await this.recheckRefused(b.journeys, b.plans, b.now);
      else if (this.assumeNew) planned = await this.planNew(b.journeys, b.now);
      await inFlight;
      inFlight = (async () => {
        await this.commit(b.journeys, planned, b.now, report);
        report.batches += 1;
        this.options.onProgress?.(report);
      })();
      // Surface a failure of the in-flight batch at the next batch rather than never.
      inFlight.catch(() => undefined);
      if (this.options.overlap === false) await inFlight;
    }
    await inFlight;
    return report;
  }

  /**
   * Decides every journey of the batch from an empty state (the optimistic plan). A journey refused
   * there may exist already (a closures file for journeys imported before): those few are decided
   * again on their stored state.
   */
  private async planNew(journeys: readonly JourneyCommands<Ref>[], now: string): Promise<(Planned<Ref> | JourneyWriteResult)[]> {
    const plans = journeys.map((j) => this.plan(j, initialJourneyState(), 'no_stream', new Set(), now));
    return this.recheckRefused(journeys, plans, now);
  }

  private async recheckRefused(
    journeys: readonly JourneyCommands<Ref>[],
    plans: (Planned<Ref> | JourneyWriteResult)[],
    now: string,
  ): Promise<(Planned<Ref> | JourneyWriteResult)[]> {
    const refused = plans.map((p, i) => ('status' in p && p.status === 'rejected' ? i : -1)).filter((i) => i >= 0);
    if (refused.length > 0) {
      const again = await this.planAgainstStore(
        refused.map((i) => journeys[i]),
        now,
      );
      refused.forEach((i, k) => (plans[i] = again[k]));
    }
    return plans;
  }

  private plan(
    journey: JourneyCommands<Ref>,
    from: JourneyState,
    expectedRevision: AppendRequest['expectedRevision'],
    stored: ReadonlySet<string>,
    now: string,
  ): Planned<Ref> | JourneyWriteResult {
    const p = planJourney(journey, this.options.teamsFor(journey.tenantId), from, stored, now);
    return 'status' in p ? p : { journey, events: p.events, expectedRevision, alreadyStored: p.alreadyStored };
  }

  /** Reads each journey's stream, drops commands it already holds, decides the rest on its state. */
  private async planAgainstStore(journeys: readonly JourneyCommands<Ref>[], now: string): Promise<(Planned<Ref> | JourneyWriteResult)[]> {
    const { store } = this.options;
    return mapLimit(journeys, this.readConcurrency, async (j) => {
      const streamId = journeyStreamId(j.journeyId);
      const revision = await store.streamRevision(j.tenantId, streamId);
      if (revision === undefined) return this.plan(j, initialJourneyState(), 'no_stream', new Set(), now);
      const recorded = await store.readStream(j.tenantId, streamId);
      const stored = new Set(recorded.map((e) => (e.metadata as { causationId?: string }).causationId as string));
      const state = foldJourney(recorded.map(toJourneyEvent));
      return this.plan(j, state, recorded[recorded.length - 1].revision, stored, now);
    });
  }

  private async commit(
    journeys: readonly JourneyCommands<Ref>[],
    planned: (Planned<Ref> | JourneyWriteResult)[] | undefined,
    now: string,
    report: BulkWriteReport,
  ): Promise<void> {
    let plans = planned;
    if (plans !== undefined) {
      try {
        await this.appendPlans(plans);
      } catch (e) {
        if (!(e instanceof WrongExpectedRevisionError || e instanceof DuplicateEventError)) throw e;
        report.fallbacks += 1;
        plans = undefined;
      }
    }
    if (plans === undefined) {
      plans = await this.planAgainstStore(journeys, now);
      try {
        await this.appendPlans(plans);
      } catch (e) {
        if (!(e instanceof WrongExpectedRevisionError || e instanceof DuplicateEventError)) throw e;
        // Someone else is writing the same journeys, or a command id is reused across journeys:
        // settle each journey on its own so one conflict cannot sink the batch.
        plans = await this.appendOneByOne(journeys, now);
      }
    }
    // Plans are one per journey, in the batch's order, whichever path made them.
    for (let i = 0; i < plans.length; i++) {
      const p = plans[i];
      const outcome: JourneyWriteResult =
        'status' in p ? p : { status: 'written', events: p.events.length, commands: p.journey.commands.length, alreadyStored: p.alreadyStored };
      if (outcome.status === 'written') {
        report.written += 1;
        report.events += outcome.events;
      } else if (outcome.status === 'skipped') report.skipped += 1;
      else report.rejected += 1;
      if (this.options.onOutcome) await this.options.onOutcome(journeys[i], outcome);
    }
  }

  private async appendPlans(plans: readonly (Planned<Ref> | JourneyWriteResult)[]): Promise<void> {
    const requests: AppendRequest[] = [];
    for (const p of plans) {
      if ('status' in p) continue;
      requests.push({ tenantId: p.journey.tenantId, streamId: journeyStreamId(p.journey.journeyId), events: p.events, expectedRevision: p.expectedRevision });
    }
    if (requests.length > 0) await this.options.store.appendBatch(requests);
  }

  private async appendOneByOne(journeys: readonly JourneyCommands<Ref>[], now: string): Promise<(Planned<Ref> | JourneyWriteResult)[]> {
    const out: (Planned<Ref> | JourneyWriteResult)[] = [];
    for (const j of journeys) {
      const [p] = await this.planAgainstStore([j], now);
      if ('status' in p) {
        out.push(p);
        continue;
      }
      try {
        await this.appendPlans([p]);
        out.push(p);
      } catch (e) {
        if (e instanceof DuplicateEventError) {
          out.push({
            status: 'rejected',
            commandIndex: 0,
            code: 'CommandIdReused',
            message: `event ${e.eventId} is already stored in another journey: a command id is reused`,
          });
        } else if (e instanceof WrongExpectedRevisionError) {
          out.push({ status: 'rejected', commandIndex: 0, code: 'ConcurrencyConflict', message: e.message });
        } else throw e;
      }
    }
    return out;
  }
}
