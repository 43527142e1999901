import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { JourneyCommandService, loadJourney, TenantRegistry } from '@journey-ledger/application';
import { AccessLog } from '@journey-ledger/audit';
import { ageBandOn, JourneyRuleViolation, localDate } from '@journey-ledger/domain';
import type { AgeBand } from '@journey-ledger/domain';
import type { EventStore } from '@journey-ledger/event-store';
import { ChildErased, PersonalDataVault } from '@journey-ledger/vault';
import { Roles } from '../auth/decorators';
import { Ctx, RequestContext } from '../auth/request-context';
import { EVENT_STORE, LEDGER_OPTIONS } from '../infrastructure/tokens';
import type { LedgerOptions } from '../infrastructure/ledger.module';
import { ChildCharacteristicsBody } from './child-characteristics.dto';

const ROUTE = 'POST /journeys/:journeyId/child-characteristics';

/**
 * The child's characteristics for the equality breakdowns. The age band is worked out here, when
 * the characteristics are recorded, from the date of birth in the personal-data vault: the date
 * never leaves this process, and the event holds only the band (docs/equality-and-cost.md).
 */
@ApiTags('journey commands')
@ApiBearerAuth()
@Roles('recorder')
@Controller('journeys')
export class ChildCharacteristicsController {
  constructor(
    private readonly commands: JourneyCommandService,
    private readonly vault: PersonalDataVault,
    private readonly accessLog: AccessLog,
    private readonly tenants: TenantRegistry,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_OPTIONS) private readonly options: LedgerOptions,
  ) {}

  /** The band on the local date the characteristics are recorded; `unknown` without a date of birth (never stored, or erased). */
  private async ageBand(ctx: RequestContext, childRef: string, occurredAt: string): Promise<AgeBand> {
    let dateOfBirth: string | undefined;
    try {
      dateOfBirth = (await this.vault.get(ctx.tenantId, childRef))?.dateOfBirth;
    } catch (e) {
      if (!(e instanceof ChildErased)) throw e;
    }
    if (dateOfBirth === undefined) return 'unknown';
    // Reading the date of birth is a read of personal data, even though only the band goes on.
    await this.accessLog.record({
      tenantId: ctx.tenantId,
      userId: ctx.userId,
      roles: ctx.roles,
      correlationId: ctx.correlationId,
      action: 'personal-data',
      route: ROUTE,
      childRef,
    });
    const tz = this.tenants.get(ctx.tenantId)?.config.timeZone ?? 'Europe/London';
    return ageBandOn(dateOfBirth, localDate(occurredAt, tz));
  }

  @Post(':journeyId/child-characteristics')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record the child’s sex, ethnicity and disabilities (CIN census codes); the age band is derived from the vault’s date of birth' })
  async record(@Ctx() ctx: RequestContext, @Param('journeyId', new ParseUUIDPipe()) journeyId: string, @Body() b: ChildCharacteristicsBody) {
    const { state } = await loadJourney(this.store, ctx.tenantId, journeyId);
    if (state.childRef === undefined) throw new JourneyRuleViolation('JourneyNotFound', `no journey ${journeyId}`);
    const ageBand = await this.ageBand(ctx, state.childRef, b.occurredAt ?? (this.options.clock ?? (() => new Date()))().toISOString());
    return this.commands.handle(
      { tenantId: ctx.tenantId, journeyId, commandId: b.commandId, correlationId: ctx.correlationId, actor: { userId: ctx.userId, role: 'recorder' } },
      { type: 'RecordChildCharacteristics', data: { sex: b.sex, ethnicity: b.ethnicity, disabilities: b.disabilities, ageBand, occurredAt: b.occurredAt } },
      { expectedRevision: b.expectedRevision, journeyMustExist: true },
    );
  }
}
