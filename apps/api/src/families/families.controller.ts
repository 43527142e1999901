import { BadRequestException, Controller, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';
import { AccessLog } from '@journey-ledger/audit';
import { journeyStreamId, PSEUDONYMOUS_REF, toJourneyEvent } from '@journey-ledger/domain';
import type { EventStore } from '@journey-ledger/event-store';
import { byJoining, familyJourneysOf, familyTimeline, ProjectionRunner } from '@journey-ledger/read-models';
import { journeyAsOf } from '@journey-ledger/replay';
import type { FamilyTimeline } from '@journey-ledger/read-models';
import type { SqlDatabase } from '@journey-ledger/sql';
import { Roles } from '../auth/decorators';
import { Ctx, RequestContext } from '../auth/request-context';
import { EVENT_STORE, SQL_DATABASE } from '../infrastructure/tokens';
import { readYourWrites } from '../journeys/journey-queries';

export class FamilyQuery {
  @ApiPropertyOptional({
    description:
      'ISO instant: the family as it was recorded then (entries recorded later left out, entries withdrawn later still shown), over the journeys of the family today',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  asKnownAt?: string;
}

/** A family's journeys side by side. Each journey shown is a read of that journey, so each is access-logged. */
@ApiTags('families')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'No journey of the caller’s council belongs to this family.' })
@Controller('families')
export class FamiliesController {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly runner: ProjectionRunner,
    private readonly accessLog: AccessLog,
  ) {}

  @Get(':familyRef')
  @Roles('designer', 'auditor')
  @ApiOperation({
    summary:
      'A family’s journeys side by side: each child’s membership, the teams that held the journey and its lead practitioners; as recorded at ?asKnownAt=',
  })
  async timeline(@Ctx() ctx: RequestContext, @Param('familyRef') familyRef: string, @Query() query: FamilyQuery): Promise<FamilyTimeline> {
    if (!PSEUDONYMOUS_REF.test(familyRef))
      throw new BadRequestException({
        message: 'the request is invalid',
        errors: [{ field: 'familyRef', messages: ['familyRef must be a pseudonymous reference'] }],
      });
    await readYourWrites(this.runner, this.store);
    const timeline = await familyTimeline(this.db, ctx.tenantId, familyRef);
    if (timeline === undefined) throw new NotFoundException(`no family ${familyRef}`);
    const journeyIds = [...new Set(timeline.journeys.map((j) => j.journeyId))];
    // One durable append for every journey shown, before any is sent.
    await this.accessLog.recordMany(
      { tenantId: ctx.tenantId, userId: ctx.userId, roles: ctx.roles, correlationId: ctx.correlationId, action: 'read', route: 'GET /families/:familyRef' },
      journeyIds,
    );
    if (query.asKnownAt === undefined) return timeline;
    // As recorded then: each journey of the family folded from its entries known at that instant, from its stream (the log is the truth).
    const journeys = [];
    for (const journeyId of journeyIds) {
      const events = await this.store.readStream(ctx.tenantId, journeyStreamId(journeyId));
      const known = journeyAsOf(
        events.map((e) => ({ revision: e.revision, event: toJourneyEvent(e) })),
        { asKnownAt: query.asKnownAt },
      );
      journeys.push(...familyJourneysOf(familyRef, journeyId, known.state));
    }
    return { familyRef, journeys: journeys.sort(byJoining) };
  }
}
