import { englandAndWalesCalendar, journeyStreamId, toJourneyEvent } from '@journey-ledger/domain';
import { Controller, Get, Inject, NotFoundException, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TenantRegistry, UnknownTenant } from '@journey-ledger/application';
import type { EventStore } from '@journey-ledger/event-store';
import { stepThrough } from '@journey-ledger/replay';
import type { JourneyReplay } from '@journey-ledger/replay';
import { Roles } from '../auth/decorators';
import { Ctx, RequestContext } from '../auth/request-context';
import type { LedgerOptions } from '../infrastructure/ledger.module';
import { EVENT_STORE, LEDGER_OPTIONS } from '../infrastructure/tokens';
import { mapped } from './replay-errors';
import { ReplayQuery } from './replay.dto';

/** Step-through and as-of replay of one journey, straight from its stream (the log is the truth). */
@ApiTags('replay')
@ApiBearerAuth()
@Controller('journeys')
export class ReplayController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly tenants: TenantRegistry,
    @Inject(LEDGER_OPTIONS) private readonly options: LedgerOptions,
  ) {}

  @Get(':journeyId/replay')
  @Roles('designer', 'auditor')
  @ApiNotFoundResponse({ description: 'No such journey in the caller’s council.' })
  @ApiOperation({ summary: 'The journey step by step: holder, teams touched, handovers, open assessment and wait with the holder after each event' })
  async replay(
    @Ctx() ctx: RequestContext,
    @Param('journeyId', new ParseUUIDPipe()) journeyId: string,
    @Query() query: ReplayQuery,
  ): Promise<JourneyReplay & { journeyId: string }> {
    const tenant = this.tenants.get(ctx.tenantId);
    if (tenant === undefined) throw new UnknownTenant(ctx.tenantId);
    const events = await this.store.readStream(ctx.tenantId, journeyStreamId(journeyId));
    if (events.length === 0) throw new NotFoundException(`no journey ${journeyId}`);
    const now = (this.options.clock ?? (() => new Date()))().toISOString();
    return mapped(async () => ({
      journeyId,
      ...stepThrough(
        events.map((e) => ({ revision: e.revision, event: toJourneyEvent(e) })),
        { order: query.order, asKnownAt: query.asKnownAt, asAt: query.asAt, calendar: englandAndWalesCalendar(), timeZone: tenant.config.timeZone, now },
      ),
    }));
  }
}
