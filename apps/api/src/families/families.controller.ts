import { BadRequestException, Controller, Get, Inject, NotFoundException, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessLog } from '@journey-ledger/audit';
import { PSEUDONYMOUS_REF } from '@journey-ledger/domain';
import type { EventStore } from '@journey-ledger/event-store';
import { familyTimeline, ProjectionRunner } from '@journey-ledger/read-models';
import type { FamilyTimeline } from '@journey-ledger/read-models';
import type { SqlDatabase } from '@journey-ledger/sql';
import { Roles } from '../auth/decorators';
import { Ctx, RequestContext } from '../auth/request-context';
import { EVENT_STORE, SQL_DATABASE } from '../infrastructure/tokens';
import { readYourWrites } from '../journeys/journey-queries';

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
  @ApiOperation({ summary: 'A family’s journeys side by side: each child’s membership, the teams that held the journey and its lead practitioners' })
  async timeline(@Ctx() ctx: RequestContext, @Param('familyRef') familyRef: string): Promise<FamilyTimeline> {
    if (!PSEUDONYMOUS_REF.test(familyRef))
      throw new BadRequestException({
        message: 'the request is invalid',
        errors: [{ field: 'familyRef', messages: ['familyRef must be a pseudonymous reference'] }],
      });
    await readYourWrites(this.runner, this.store);
    const timeline = await familyTimeline(this.db, ctx.tenantId, familyRef);
    if (timeline === undefined) throw new NotFoundException(`no family ${familyRef}`);
    // One durable append for every journey shown, before any is sent.
    await this.accessLog.recordMany(
      { tenantId: ctx.tenantId, userId: ctx.userId, roles: ctx.roles, correlationId: ctx.correlationId, action: 'read', route: 'GET /families/:familyRef' },
      [...new Set(timeline.journeys.map((j) => j.journeyId))],
    );
    return timeline;
  }
}
