import { Inject, NotFoundException } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { journeyStreamId } from '@journey-ledger/application';
import type { EventStore } from '@journey-ledger/event-store';
import { ProjectionRunner } from '@journey-ledger/projections';
import type { SqlDatabase } from '@journey-ledger/sql';
import { EVENT_STORE, SQL_DATABASE } from '../infrastructure/tokens';

export interface JourneyView {
  readonly journeyId: string;
  readonly childRef: string | null;
  readonly status: string;
  readonly holder: string | null;
  readonly teamsTouched: string[];
  readonly handovers: number;
  readonly handoversBeforeHelp: number;
  readonly outcome: string;
  readonly nfa: { readonly contact: boolean; readonly referral: boolean; readonly assessedNotInNeed: boolean };
  readonly startedAt: string | null;
  readonly firstHelpAt: string | null;
  readonly closedAt: string | null;
  readonly closureReason: string | null;
  readonly revision: number;
  readonly holderSpells: { team: string; from: string; to: string | null }[];
}

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
    const [row] = await this.db.query<Record<string, unknown>>('select * from journey_summary where tenant_id = $1 and journey_id = $2', [tenantId, journeyId]);
    if (row === undefined) throw new NotFoundException(`no journey ${journeyId}`);
    const spells = await this.db.query<{ team: string; started_at: string; ended_at: string | null }>(
      'select team, started_at, ended_at from journey_holder_spells where tenant_id = $1 and journey_id = $2 order by seq',
      [tenantId, journeyId],
    );
    return {
      journeyId,
      childRef: row.child_ref as string | null,
      status: row.status as string,
      holder: row.holder as string | null,
      teamsTouched: JSON.parse(row.teams_touched as string),
      handovers: Number(row.handovers),
      handoversBeforeHelp: Number(row.handovers_before_help),
      outcome: row.outcome as string,
      nfa: { contact: Number(row.contact_nfa) === 1, referral: Number(row.referral_nfa) === 1, assessedNotInNeed: Number(row.assessed_not_in_need) === 1 },
      startedAt: row.started_at as string | null,
      firstHelpAt: row.first_help_at as string | null,
      closedAt: row.closed_at as string | null,
      closureReason: row.closure_reason as string | null,
      revision: Number(row.revision),
      holderSpells: spells.map((s) => ({ team: s.team, from: s.started_at, to: s.ended_at })),
    };
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
