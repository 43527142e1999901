import { Controller, Get, Module } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TenantRegistry, UnknownTenant } from '@journey-ledger/application';
import { REFERRAL_SOURCES, TEAM_TIERS } from '@journey-ledger/domain';
import { JOURNEY_OUTCOMES } from '@journey-ledger/read-models';
import { Roles } from '../auth/decorators';
import { Ctx, RequestContext } from '../auth/request-context';
import { ROLES } from '@journey-ledger/auth';

/**
 * The caller's council as configured: its teams (with tier and area), levels of need, time zone,
 * and the code lists the measures filter by. Configuration only, no journey data: every role may
 * read it, so that a client can label teams and offer filters without hard-coding them.
 */
@ApiTags('council')
@ApiBearerAuth()
@Roles(...ROLES)
@Controller('council')
export class CouncilController {
  constructor(private readonly tenants: TenantRegistry) {}

  @Get()
  @ApiOperation({ summary: 'The caller’s council: teams, tiers, levels of need, referral sources and outcomes to filter by' })
  council(@Ctx() ctx: RequestContext) {
    const tenant = this.tenants.get(ctx.tenantId);
    if (tenant === undefined) throw new UnknownTenant(ctx.tenantId);
    const c = tenant.config;
    return {
      id: c.id,
      name: c.name,
      timeZone: c.timeZone,
      officeHours: c.officeHours,
      levelsOfNeed: c.levelsOfNeed,
      teams: c.teams.map((t) => ({ id: t.id, name: t.name, tier: t.tier, area: t.area })),
      tiers: TEAM_TIERS,
      sources: Object.entries(REFERRAL_SOURCES).map(([code, label]) => ({ code, label })),
      outcomes: JOURNEY_OUTCOMES,
      roles: ctx.roles,
      userId: ctx.userId,
    };
  }
}

@Module({ controllers: [CouncilController] })
export class CouncilModule {}
