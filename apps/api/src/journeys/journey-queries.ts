import { Inject, NotFoundException } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { journeyStreamId } from '@journey-ledger/domain';
import type { EventStore } from '@journey-ledger/event-store';
import { journeyView, ProjectionRunner } from '@journey-ledger/read-models';
import type { JourneyView } from '@journey-ledger/read-models';
import type { SqlDatabase } from '@journey-ledger/sql';
import { EVENT_STORE, SQL_DATABASE } from '../infrastructure/tokens';

export class GetJourney extends Query<JourneyView> {
  constructor(
    readonly tenantId: string,
    readonly journeyId: string,
  ) {
    super();
  }
}

export class GetJourneyEvents extends Query<unknown[]> {
  constructor(
    readonly tenantId: string,
    readonly journeyId: string,
  ) {
    super();
  }
}

/**
 * Reads wait (for at most a few seconds) until the read models have applied everything committed
 * when the request arrived, so a client reads its own writes. The target is the committed head,
 * not the visible one: on PostgreSQL a long transaction elsewhere may hide a fresh commit from
 * readers for a while, and the wait must cover that too.
 */
export async function readYourWrites(runner: ProjectionRunner, store: EventStore): Promise<void> {
  await runner.waitFor(await store.committedPosition(), 5000);
}

@QueryHandler(GetJourney)
export class GetJourneyHandler implements IQueryHandler<GetJourney, JourneyView> {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly runner: ProjectionRunner,
  ) {}

  async execute({ tenantId, journeyId }: GetJourney): Promise<JourneyView> {
    await readYourWrites(this.runner, this.store);
    const view = await journeyView(this.db, tenantId, journeyId);
    if (view === undefined) throw new NotFoundException(`no journey ${journeyId}`);
    return view;
  }
}

@QueryHandler(GetJourneyEvents)
export class GetJourneyEventsHandler implements IQueryHandler<GetJourneyEvents, unknown[]> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ tenantId, journeyId }: GetJourneyEvents): Promise<unknown[]> {
    const events = await this.store.readStream(tenantId, journeyStreamId(journeyId));
    if (events.length === 0) throw new NotFoundException(`no journey ${journeyId}`);
    return events.map((e) => ({
      eventId: e.eventId,
      type: e.type,
      version: e.version,
      revision: e.revision,
      position: e.position,
      data: e.data,
      metadata: e.metadata,
      recordedAt: e.recordedAt,
    }));
  }
}
