import { englandAndWalesCalendar } from '@journey-ledger/domain';
import { BadRequestException, Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TenantRegistry, UnknownTenant } from '@journey-ledger/application';
import type { EventStore } from '@journey-ledger/event-store';
import { parseScenario, runScenario, ScenarioRepository } from '@journey-ledger/replay';
import type { CompiledScenario, ScenarioContext } from '@journey-ledger/replay';
import { Roles } from '../auth/decorators';
import { Ctx, RequestContext } from '../auth/request-context';
import { EVENT_STORE } from '../infrastructure/tokens';
import { recordSpecialCategoryRead } from '../metrics/special-category-access';
import { mapped } from './replay-errors';
import { CreateScenarioBody, ScenarioListQuery, ScenarioRunBody, ScenarioVersionQuery } from './replay.dto';

const SCENARIO_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

const describeScenario = (s: CompiledScenario) => ({
  teamMap: Object.fromEntries(s.teamMap),
  removedFallbacks: Object.fromEntries(s.otherwise),
  reroutes: s.reroutes,
  redesignTeams: s.redesign.teams,
});

/**
 * What-if replay. Scenario documents are stored as versions in the tenant's `scenario-<id>`
 * stream; a run reads the real log and keeps its results in memory: it writes nothing.
 */
@ApiTags('scenarios')
@ApiBearerAuth()
@Roles('designer')
@Controller('scenarios')
export class ScenariosController {
  private readonly repository: ScenarioRepository;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly tenants: TenantRegistry,
  ) {
    this.repository = new ScenarioRepository(store);
  }

  private context(tenantId: string, scenarioId?: string): ScenarioContext & { timeZone: string } {
    if (scenarioId !== undefined && !SCENARIO_ID.test(scenarioId)) throw new BadRequestException('a scenario id is a lower-case slug');
    const tenant = this.tenants.get(tenantId);
    if (tenant === undefined) throw new UnknownTenant(tenantId);
    return { tenantId, teams: tenant.teams, levelsOfNeed: tenant.config.levelsOfNeed, timeZone: tenant.config.timeZone };
  }

  @Post()
  @ApiOperation({ summary: 'Validate and store a scenario document as a new version' })
  async create(@Ctx() ctx: RequestContext, @Body() body: CreateScenarioBody) {
    const context = this.context(ctx.tenantId);
    return mapped(async () => {
      const { stored, scenario } = await this.repository.save(body.source, context, { userId: ctx.userId, role: 'designer' }, body.commandId);
      return { ...stored, ...describeScenario(scenario) };
    });
  }

  @Get()
  @ApiOperation({ summary: 'The council’s stored scenarios, most recently saved first (latest version of each), a page at a time' })
  async list(@Ctx() ctx: RequestContext, @Query() query: ScenarioListQuery) {
    this.context(ctx.tenantId);
    return this.repository.list(ctx.tenantId, { limit: Number(query.limit ?? 20), offset: Number(query.offset ?? 0) });
  }

  @Get(':scenarioId')
  @ApiOperation({ summary: 'A stored scenario (latest version, or ?version=) with its resolved team map and the list of versions' })
  async get(@Ctx() ctx: RequestContext, @Param('scenarioId') scenarioId: string, @Query() query: ScenarioVersionQuery) {
    const context = this.context(ctx.tenantId, scenarioId);
    return mapped(async () => {
      const stored = await this.repository.get(ctx.tenantId, scenarioId, query.version);
      const versions = (await this.repository.versions(ctx.tenantId, scenarioId)).map((v) => ({
        version: v.version,
        title: v.title,
        recordedAt: v.recordedAt,
      }));
      return { ...stored, versions, ...describeScenario(parseScenario(stored.source, context)) };
    });
  }

  @Post(':scenarioId/runs')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Replay the council’s log through the scenario: today vs scenario, side by side, with the difference, per journey and per family',
  })
  async run(@Ctx() ctx: RequestContext, @Param('scenarioId') scenarioId: string, @Body() body: ScenarioRunBody) {
    const context = this.context(ctx.tenantId, scenarioId);
    return mapped(async () => {
      const stored = await this.repository.get(ctx.tenantId, scenarioId, body.version);
      const scenario = parseScenario(stored.source, context);
      const started = Date.now();
      const result = await runScenario(this.store, scenario, {
        tenantId: ctx.tenantId,
        asKnownAt: body.asKnownAt,
        asAt: body.asAt,
        calendar: englandAndWalesCalendar(),
        timeZone: context.timeZone,
        costModel: this.tenants.get(ctx.tenantId)?.config.costModel,
      });
      // The equality impact carries groups by ethnicity and disability: special-category data, so the read is logged.
      await recordSpecialCategoryRead(this.store, ctx, 'POST /scenarios/:scenarioId/runs', { measure: 'scenario', groupBy: 'ethnicity,disability' });
      return { scenario: { id: stored.id, version: stored.version, title: stored.title }, ...result, elapsedMs: Date.now() - started };
    });
  }
}
