import { decide, JourneyRuleViolation } from '@journey-ledger/domain';
import type { JourneyCommand } from '@journey-ledger/domain';
import { DuplicateEventError, WrongExpectedRevisionError } from '@journey-ledger/event-store';
import type { EventStore, RecordedEvent } from '@journey-ledger/event-store';
import type { TenantRegistry } from '../tenants/tenant-registry';
import { CommandEnvelope, journeyStreamId, loadJourney, toEventsToAppend } from './journey-stream';

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
}

/**
 * Load the journey, decide, append with the revision it was decided on. A concurrent writer
 * makes the append fail; the command is then decided again on the new state, a few times,
 * before the conflict is reported. A command id seen before returns its first result.
 */
export class JourneyCommandService {
  constructor(
    private readonly store: EventStore,
    private readonly tenants: TenantRegistry,
    private readonly clock: () => Date = () => new Date(),
    private readonly maxAttempts = 4,
  ) {}

  async handle(envelope: CommandEnvelope, command: JourneyCommand, options: HandleOptions = {}): Promise<CommandResult> {
    const tenant = this.tenants.get(envelope.tenantId);
    if (tenant === undefined) throw new UnknownTenant(envelope.tenantId);
    for (let attempt = 1; ; attempt++) {
      const journey = await loadJourney(this.store, envelope.tenantId, envelope.journeyId);
      const earlier = journey.events.filter((e) => (e.metadata as { causationId?: string }).causationId === envelope.commandId);
      if (earlier.length > 0) {
        return { journeyId: envelope.journeyId, commandId: envelope.commandId, events: earlier.map(summarise), revision: journey.revision as number, replayed: true };
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
      const decided = decide(command, journey.state, { teams: tenant.teams, now: this.clock().toISOString() });
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
        if (e instanceof WrongExpectedRevisionError) {
          if (options.expectedRevision === undefined && attempt < this.maxAttempts) continue;
          throw new ConcurrencyConflict(`journey changed while the command was decided (${e.message})`);
        }
        if (e instanceof DuplicateEventError) throw new CommandIdReused(envelope.commandId);
        throw e;
      }
      return {
        journeyId: envelope.journeyId,
        commandId: envelope.commandId,
        events: appended.events.map(summarise),
        revision: appended.nextExpectedRevision,
        replayed: false,
      };
    }
  }
}

export { JourneyRuleViolation };
