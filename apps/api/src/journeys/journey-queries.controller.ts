import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/decorators';
import { Ctx, RequestContext } from '../auth/request-context';
import { GetJourney, GetJourneyEvents } from './journey-queries';

@ApiTags('journeys')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'No such journey in the caller’s council.' })
@Controller('journeys')
export class JourneyQueriesController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':journeyId')
  @Roles('recorder', 'designer', 'auditor')
  @ApiOperation({ summary: 'The journey as it stands: holder, teams touched, handovers, outcome, NFA flags' })
  journey(@Ctx() ctx: RequestContext, @Param('journeyId', new ParseUUIDPipe()) journeyId: string) {
    return this.queries.execute(new GetJourney(ctx.tenantId, journeyId));
  }

  @Get(':journeyId/events')
  @Roles('recorder', 'auditor')
  @ApiOperation({ summary: 'Every event of the journey in recording order, with its metadata' })
  events(@Ctx() ctx: RequestContext, @Param('journeyId', new ParseUUIDPipe()) journeyId: string) {
    return this.queries.execute(new GetJourneyEvents(ctx.tenantId, journeyId));
  }
}
