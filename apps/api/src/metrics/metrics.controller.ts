import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import type { EventStore } from '@journey-ledger/event-store';
import { handoverMetrics, nfaRates, ProjectionRunner } from '@journey-ledger/projections';
import type { SqlDatabase } from '@journey-ledger/sql';
import { Roles } from '../auth/decorators';
import { Ctx, RequestContext } from '../auth/request-context';
import { EVENT_STORE, SQL_DATABASE } from '../infrastructure/tokens';
import { readYourWrites } from '../journeys/journey-queries';

export class DateRangeQuery {
  @ApiPropertyOptional({ description: 'Inclusive start (ISO date or instant)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'Exclusive end (ISO date or instant)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

/** Aggregate measures, from the read models (never by scanning the log at query time). */
@ApiTags('metrics')
@ApiBearerAuth()
@Roles('analyst', 'designer', 'auditor')
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly runner: ProjectionRunner,
  ) {}

  @Get('handovers')
  @ApiOperation({ summary: 'Handovers per child journey: total, mean, maximum, distribution, handovers before help' })
  async handovers(@Ctx() ctx: RequestContext, @Query() range: DateRangeQuery) {
    await readYourWrites(this.runner, this.store);
    return handoverMetrics(this.db, ctx.tenantId, range);
  }

  @Get('nfa-rates')
  @ApiOperation({ summary: 'NFA rates at contact, referral and assessment level, each with numerator and denominator' })
  async nfa(@Ctx() ctx: RequestContext, @Query() range: DateRangeQuery) {
    await readYourWrites(this.runner, this.store);
    return nfaRates(this.db, ctx.tenantId, range);
  }
}
