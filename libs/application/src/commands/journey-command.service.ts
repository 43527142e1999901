import AsyncLock from 'async-lock';
import { backOff } from 'exponential-backoff';
import { LRUCache } from 'lru-cache';
import { decide, foldJourney, initialJourneyState, JourneyRuleViolation, journeyStreamId, toJourneyEvent } from '@journey-ledger/domain';
import type { JourneyCommand, TeamDirectory } from '@journey-ledger/domain';
import { DuplicateEventError, WrongExpectedRevisionError } from '@journey-ledger/event-store';
import type { EventStore, RecordedEvent } from '@journey-ledger/event-store';
import type { TenantRegistry } from '../tenants/tenant-registry';
import { CommandEnvelope, loadJourney, toEventsToAppend } from './journey-stream';
import type { LoadedJourney } from './journey-stream';

export interface RecordedEventSummary {
  readonly eventId: string;
  readonly type: string;
  readonly revision: number;
  readonly position: number;
  readonly occurredAt: string;
  readonly recordedAt: string;
}

export interface CommandResult {
  readonly journeyId: string;
  readonly commandId: string;
  readonly events: readonly RecordedEventSummary[];
  /** The journey's revision after the command: pass it back as `expectedRevision` to write again. */
  readonly revision: number;
  /** True when the command id had already been handled: nothing new was written. */
  readonly replayed: boolean;
}

export class ConcurrencyConflict extends Error {
  constructor(
    message: string,
    readonly expected?: number,
    readonly actual?: number,
  ) {
    super(message);
    this.name = 'ConcurrencyConflict';
  }
}

export class CommandIdReused extends Error {
  constructor(readonly commandId: string) {
    super(`command id ${commandId} was already used for a different journey or command`);
    this.name = 'CommandIdReused';
  }
}

export class UnknownTenant extends Error {
  constructor(readonly tenantId: string) {
    super(`tenant ${tenantId} is not configured`);
    this.name = 'UnknownTenant';
  }
}

const summarise = (e: RecordedEvent): RecordedEventSummary => ({
  eventId: e.eventId,
  type: e.type,
  revision: e.revision,
  position: e.position,
  occurredAt: (e.metadata as { occurredAt: string }).occurredAt,
  recordedAt: e.recordedAt,
});

export interface HandleOptions {
  /** The revision the client last saw; a stale one is a conflict (409) rather than a retry. */
  readonly expectedRevision?: number;
  /** Refuse (JourneyNotFound) rather than start a journey: for commands addressed to one that exists. */
  readonly journeyMustExist?: boolean;
  /**
   * The journey id is new (derived from this command's id): decide on an empty journey without
   * reading it first. A retried command finds its journey written, and is then answered from it.
   */
  readonly startsJourney?: boolean;
}

export interface CommandServiceOptions {
  /** How many journeys this process keeps as it last wrote them, to decide on without reading them again. 0 turns it off. */
  readonly recentJourneys?: number;
}

/** How a write that lost a race with another process is tried again. */
export interface ConflictRetry {
  /** Decisions in all before the conflict is reported (409). */
  readonly attempts?: number;
  /** The first wait's upper bound; each later one doubles, up to `maxDelayMs`. */
  readonly firstDelayMs?: number;
  readonly maxDelayMs?: number;
}

/** A decision taken on a remembered journey that the store did not confirm: take it again on the journey as stored. */
const UNCONFIRMED = Symbol('unconfirmed');

const EMPTY_JOURNEY: LoadedJourney = { events: [], state: initialJourneyState(), revision: undefined };

/** One command being handled, and where: what deciding it needs besides the journey. */
interface CommandInHand {
  readonly key: string;
  readonly envelope: CommandEnvelope;
  readonly request: JourneyCommandRequest;
  readonly options: HandleOptions;
  readonly teams: TeamDirectory;
}

/** A write that lost a race and will be decided again on the new state. */
class LostRace extends Error {
  constructor(override readonly cause: WrongExpectedRevisionError) {
    super(cause.message);
  }
}

/** A command as a client sends it: without `occurredAt`, it happened when it is decided. */
type Untimed<C> = C extends { readonly type: infer T; readonly data: infer D }
  ? { readonly type: T; readonly data: Omit<D, 'occurredAt'> & { readonly occurredAt?: string } }
  : never;
export type JourneyCommandRequest = Untimed<JourneyCommand>;

/**
 * Load the journey, decide, append with the revision it was decided on. A command id seen
 * before returns its first result.
 *
 * Two writers of one journey race only to lose: the loser's work is thrown away. So commands on
 * one journey are decided one at a time, first come first served, within this process; a race
 * can then only be lost to another process (a second API process, the command line). The loser
 * decides again on the new state after a random wait whose bound doubles each time (exponential
 * backoff with full jitter), so racing processes spread out instead of colliding again in step.
 *
 * A command without `occurredAt` happened "now": now is read after the journey is loaded, on
 * every attempt, so it can never be earlier than an entry already standing in the journey.
 */
export class JourneyCommandService {
  private readonly journeys = new AsyncLock({ maxPending: Infinity });
  private readonly retry: Required<ConflictRetry>;
  /**
   * The journeys this process wrote last, as it left them, least recently used out first. A copy
   * may be stale (another process may have written since): see `attempt` for why that is safe.
   */
  private readonly recent?: LRUCache<string, LoadedJourney>;

  constructor(
    private readonly store: EventStore,
    private readonly tenants: TenantRegistry,
    private readonly clock: () => Date = () => new Date(),
    retry: ConflictRetry = {},
    options: CommandServiceOptions = {},
  ) {
    this.retry = { attempts: 30, firstDelayMs: 2, maxDelayMs: 100, ...retry };
    const recentJourneys = options.recentJourneys ?? 2_000;
    if (recentJourneys > 0) this.recent = new LRUCache({ max: recentJourneys });
  }

  async handle(envelope: CommandEnvelope, command: JourneyCommandRequest, options: HandleOptions = {}): Promise<CommandResult> {
    const tenant = this.tenants.get(envelope.tenantId);
    if (tenant === undefined) throw new UnknownTenant(envelope.tenantId);
    return this.journeys.acquire(`${envelope.tenantId}\u0000${envelope.journeyId}`, async () => {
      try {
        return await backOff(() => this.attempt(envelope, command, options, tenant.teams), {
          numOfAttempts: this.retry.attempts,
          startingDelay: this.retry.firstDelayMs,
          maxDelay: this.retry.maxDelayMs,
          jitter: 'full',
          // Only a lost race is tried again, and only when the client did not pin the revision.
          retry: (e) => e instanceof LostRace && options.expectedRevision === undefined,
        });
      } catch (e) {
        if (e instanceof LostRace) throw new ConcurrencyConflict(`journey changed while the command was decided (${e.message})`);
        throw e;
      }
    });
  }

  /**
   * On the journey as this process last wrote it, when it has it (or on an empty one, for a
   * command that starts a journey): one round trip to the store instead of two. Only an append
   * the store accepts confirms such a decision, as the store takes it only at the remembered
   * revision; any other outcome (a refusal, nothing to write, a replay, a conflict) is decided
   * again on the journey read from the store, so no answer ever rests on a stale copy.
   */
  private async attempt(envelope: CommandEnvelope, request: JourneyCommandRequest, options: HandleOptions, teams: TeamDirectory): Promise<CommandResult> {
    const command: CommandInHand = { key: `${envelope.tenantId}\u0000${envelope.journeyId}`, envelope, request, options, teams };
    const remembered = this.recent?.get(command.key) ?? (options.startsJourney ? EMPTY_JOURNEY : undefined);
    if (remembered !== undefined) {
      const outcome = await this.decideOnRemembered(command, remembered);
      if (outcome !== UNCONFIRMED) return outcome;
      this.recent?.delete(command.key);
    }
    return this.decideAndAppend(command, await loadJourney(this.store, envelope.tenantId, envelope.journeyId));
  }

  /** A new entry the store accepted, or UNCONFIRMED for anything else. */
  private async decideOnRemembered(command: CommandInHand, journey: LoadedJourney): Promise<CommandResult | typeof UNCONFIRMED> {
    try {
      const result = await this.decideAndAppend(command, journey);
      return result.events.length > 0 && !result.replayed ? result : UNCONFIRMED;
    } catch {
      return UNCONFIRMED;
    }
  }

  private async decideAndAppend({ key, envelope, request, options, teams }: CommandInHand, journey: LoadedJourney): Promise<CommandResult> {
    const earlier = journey.events.filter((e) => (e.metadata as { causationId?: string }).causationId === envelope.commandId);
    if (earlier.length > 0) {
      return {
        journeyId: envelope.journeyId,
        commandId: envelope.commandId,
        events: earlier.map(summarise),
        revision: journey.revision as number,
        replayed: true,
      };
    }
    if (options.expectedRevision !== undefined && options.expectedRevision !== journey.revision) {
      throw new ConcurrencyConflict(
        `journey is at revision ${journey.revision ?? 'none'}, not ${options.expectedRevision}: reload it and decide again`,
        options.expectedRevision,
        journey.revision,
      );
    }
    if (options.journeyMustExist && journey.state.status === 'empty') {
      throw new JourneyRuleViolation('JourneyNotFound', `no journey ${envelope.journeyId}`);
    }
    const now = this.decisionTime(request, journey.state.lastOccurredAt);
    const command = (request.data.occurredAt === undefined ? { ...request, data: { ...request.data, occurredAt: now } } : request) as JourneyCommand;
    const decided = decide(command, journey.state, { teams, now });
    if (decided.length === 0) {
      return { journeyId: envelope.journeyId, commandId: envelope.commandId, events: [], revision: journey.revision ?? -1, replayed: false };
    }
    let appended;
    try {
      appended = await this.store.appendToStream({
        tenantId: envelope.tenantId,
        streamId: journeyStreamId(envelope.journeyId),
        events: toEventsToAppend(decided, envelope),
        expectedRevision: journey.revision ?? 'no_stream',
      });
    } catch (e) {
      if (e instanceof WrongExpectedRevisionError) throw new LostRace(e);
      if (e instanceof DuplicateEventError) throw new CommandIdReused(envelope.commandId);
      throw e;
    }
    this.recent?.set(key, {
      events: [...journey.events, ...appended.events],
      state: foldJourney(appended.events.map(toJourneyEvent), journey.state),
      revision: appended.nextExpectedRevision,
    });
    return {
      journeyId: envelope.journeyId,
      commandId: envelope.commandId,
      events: appended.events.map(summarise),
      revision: appended.nextExpectedRevision,
      replayed: false,
    };
  }

  /**
   * The clock, read now. For a command that happened "now", never earlier than the journey's
   * latest business time: another process's clock may run a little ahead of this one, and an
   * entry made now must not be refused as out of order (equal times keep recording order).
   */
  private decisionTime(request: JourneyCommandRequest, lastOccurredAt: string | undefined): string {
    const now = this.clock().toISOString();
    if (request.data.occurredAt !== undefined || lastOccurredAt === undefined) return now;
    return Date.parse(lastOccurredAt) > Date.parse(now) ? new Date(lastOccurredAt).toISOString() : now;
  }
}

export { JourneyRuleViolation };
