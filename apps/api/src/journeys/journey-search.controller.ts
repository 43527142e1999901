import { BadRequestException, Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, Matches } from 'class-validator';
import { AccessLog } from '@journey-ledger/audit';
import { JOURNEY_OUTCOMES } from '@journey-ledger/read-models';
import type { EventStore } from '@journey-ledger/event-store';
import { ProjectionRunner } from '@journey-ledger/read-models';
import type { SqlDatabase } from '@journey-ledger/sql';
import { Roles } from '../auth/decorators';
import { Ctx, RequestContext } from '../auth/request-context';
import { EVENT_STORE, SQL_DATABASE } from '../infrastructure/tokens';
import { readYourWrites } from './journey-queries';
import { searchJourneys } from '@journey-ledger/read-models';
import type { JourneyPage } from '@journey-ledger/read-models';

const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;
const CHILD_REF = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
const COUNT = /^(?:0|[1-9]\d{0,3})$/;

export class JourneySearchQuery {
  @ApiPropertyOptional({ description: 'The child’s pseudonymous reference' })
  @IsOptional()
  @Matches(CHILD_REF, { message: 'childRef: a child reference (letters, digits, . _ : -)' })
  childRef?: string;

  @ApiPropertyOptional({ description: 'A team that held the journey' })
  @IsOptional()
  @Matches(SLUG, { message: 'team: a team id' })
  team?: string;

  @ApiPropertyOptional({ description: 'With toTeam: journeys handed straight from this team to that one' })
  @IsOptional()
  @Matches(SLUG, { message: 'fromTeam: a team id' })
  fromTeam?: string;

  @ApiPropertyOptional({ description: 'With fromTeam: see fromTeam' })
  @IsOptional()
  @Matches(SLUG, { message: 'toTeam: a team id' })
  toTeam?: string;

  @ApiPropertyOptional({ enum: JOURNEY_OUTCOMES })
  @IsOptional()
  @IsIn(JOURNEY_OUTCOMES, { message: `outcome: one of ${JOURNEY_OUTCOMES.join(', ')}` })
  outcome?: string;

  @ApiPropertyOptional({ description: 'At least this many handovers' })
  @IsOptional()
  @Matches(COUNT, { message: 'minHandovers: a whole number from 0 to 9999' })
  minHandovers?: string;

  @ApiPropertyOptional({ description: 'At most this many handovers' })
  @IsOptional()
  @Matches(COUNT, { message: 'maxHandovers: a whole number from 0 to 9999' })
  maxHandovers?: string;

  @ApiPropertyOptional({ description: 'First contact on or after (ISO-8601)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from: must be an ISO-8601 date such as 2025-04-01' })
  from?: string;

  @ApiPropertyOptional({ description: 'First contact before (ISO-8601)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to: must be an ISO-8601 date such as 2026-04-01' })
  to?: string;

  @ApiPropertyOptional({ description: 'Page number, from 1' })
  @IsOptional()
  @Matches(/^[1-9]\d{0,5}$/, { message: 'page: a whole number from 1' })
  page?: string;

  @ApiPropertyOptional({ description: 'Journeys per page, 1–100 (default 25)' })
  @IsOptional()
  @Matches(/^(?:[1-9]\d?|100)$/, { message: 'pageSize: a whole number from 1 to 100' })
  pageSize?: string;
}

/**
 * Finding journeys to replay or audit. Every journey listed counts as read: each is written to the
 * access log (action `read`) before the page is returned, as a single journey's view would be.
 */
@ApiTags('journeys')
@ApiBearerAuth()
@Controller('journeys')
export class JourneySearchController {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly runner: ProjectionRunner,
    private readonly accessLog: AccessLog,
  ) {}

  @Get()
  @Roles('designer', 'auditor')
  @ApiOperation({
    summary: 'Find journeys by child reference, team, handover edge, outcome, handover count or date of first contact (paginated, newest first)',
  })
  async search(@Ctx() ctx: RequestContext, @Query() q: JourneySearchQuery): Promise<JourneyPage> {
    if ((q.fromTeam === undefined) !== (q.toTeam === undefined)) {
      const field = q.fromTeam === undefined ? 'fromTeam' : 'toTeam';
      throw new BadRequestException({
        message: 'fromTeam and toTeam go together',
        errors: [{ field, messages: [`${field}: required with the other end of the handover`] }],
      });
    }
    if (q.from !== undefined && q.to !== undefined && Date.parse(q.from) >= Date.parse(q.to)) {
      throw new BadRequestException({ message: 'from must be before to', errors: [{ field: 'to', messages: ['to: must be after from'] }] });
    }
    await readYourWrites(this.runner, this.store);
    const page = await searchJourneys(this.db, ctx.tenantId, {
      childRef: q.childRef,
      team: q.team,
      fromTeam: q.fromTeam,
      toTeam: q.toTeam,
      outcome: q.outcome,
      minHandovers: q.minHandovers === undefined ? undefined : Number(q.minHandovers),
      maxHandovers: q.maxHandovers === undefined ? undefined : Number(q.maxHandovers),
      from: q.from,
      to: q.to,
      page: q.page === undefined ? 1 : Number(q.page),
      pageSize: q.pageSize === undefined ? 25 : Number(q.pageSize),
    });
    // One durable append for the whole page (up to 100 journeys), before the page is sent.
    await this.accessLog.recordMany(
      { tenantId: ctx.tenantId, userId: ctx.userId, roles: ctx.roles, correlationId: ctx.correlationId, action: 'read', route: 'GET /journeys' },
      page.journeys.map((j) => j.journeyId),
    );
    return page;
  }
}
