import type { Role } from '@journey-ledger/auth';
import { BadRequestException, Controller, ForbiddenException, Get, Headers, Inject, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  Characteristic,
  CHARACTERISTICS,
  costs,
  Dimension,
  equalityBreakdown,
  EqualityMeasure,
  families,
  fgdm,
  funnel,
  handoverMatrix,
  handovers,
  holderPaths,
  MetricsQuery,
  MetricsQueryError,
  nfaRates,
  outOfHours,
  Period,
  practitioners,
  preProceedings,
  reReferrals,
  Report,
  MetricRoute,
  reportToTidyCsv,
  Suppression,
  suppressionThreshold,
  timeliness,
  toLocalDay,
  SPECIAL_CATEGORY_CHARACTERISTICS,
  waiting,
} from '@journey-ledger/read-models';
import { TenantRegistry } from '@journey-ledger/application';
import type { EventStore } from '@journey-ledger/event-store';
import { ProjectionRunner } from '@journey-ledger/read-models';
import type { SqlDatabase } from '@journey-ledger/sql';
import { Roles } from '../auth/decorators';
import { Ctx, RequestContext } from '../auth/request-context';
import { EVENT_STORE, SQL_DATABASE } from '../infrastructure/tokens';
import { readYourWrites } from '../journeys/journey-queries';
import { listOf, MetricsQueryDto } from './metrics-query.dto';
import { recordSpecialCategoryRead } from './special-category-access';

/**
 * Roles that see row-level data elsewhere in the product, so aggregates are not suppressed for
 * them: recorders and auditors, and designers, who replay single journeys step by step.
 * Analysts get aggregates only, with small counts withheld.
 */
const ROW_LEVEL: readonly Role[] = ['recorder', 'auditor', 'designer'];

/**
 * Roles that may break measures down by special-category data (ethnicity, disability): analysts,
 * who write the equality impact assessment; designers, who judge a redesign's impact by group;
 * auditors, who check it. Recorders work single cases and have no need of them (403).
 */
const SPECIAL_CATEGORY_ROLES: readonly Role[] = ['analyst', 'designer', 'auditor'];

const isCharacteristic = (x: string): x is Characteristic => (CHARACTERISTICS as readonly string[]).includes(x);

/** The part of the HTTP response used here (Express's, without its type package). */
interface Response {
  type(contentType: string): unknown;
}

type Build = (db: SqlDatabase, tenantId: string, q: MetricsQuery, s: Suppression, dto: MetricsQueryDto) => Promise<Report>;

/** Aggregate measures from the analytics read models (never by scanning the log at query time); JSON or CSV. */
@ApiTags('metrics')
@ApiBearerAuth()
@Roles('analyst', 'designer', 'auditor', 'recorder')
@Controller('metrics')
export class MetricsController {
  private readonly threshold = suppressionThreshold();

  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly runner: ProjectionRunner,
    private readonly tenants: TenantRegistry,
  ) {}

  private parse(ctx: RequestContext, dto: MetricsQueryDto): MetricsQuery {
    const tz = this.tenants.get(ctx.tenantId)?.config.timeZone ?? 'Europe/London';
    const from = dto.from ? toLocalDay(dto.from, tz) : undefined;
    const to = dto.to ? toLocalDay(dto.to, tz) : undefined;
    if (from && to && from >= to)
      throw new BadRequestException({ message: 'from must be before to', errors: [{ field: 'to', messages: ['to: must be after from'] }] });
    const groupBy = [...new Set(listOf(dto.groupBy) ?? [])] as Dimension[];
    const filters: MetricsQuery['filters'] = {
      source: listOf(dto.source),
      team: listOf(dto.team),
      tier: listOf(dto.tier),
      area: listOf(dto.area),
      levelOfNeed: listOf(dto.levelOfNeed),
      outcome: listOf(dto.outcome),
    };
    return { from, to, period: dto.period as Period | undefined, groupBy, filters };
  }

  private async answer(
    ctx: RequestContext,
    dto: MetricsQueryDto,
    accept: string | undefined,
    res: Response,
    measure: MetricRoute,
    build: Build,
    equality?: EqualityMeasure,
  ) {
    if ((listOf(dto.groupBy) ?? []).some(isCharacteristic)) return this.breakdown(ctx, dto, accept, res, equality);
    await readYourWrites(this.runner, this.store);
    const q = this.parse(ctx, dto);
    const { csv, suppression, published } = this.presentation(ctx, dto, accept);
    let report: Report;
    try {
      report = await build(this.db, ctx.tenantId, q, suppression, dto);
    } catch (e) {
      if (e instanceof MetricsQueryError) throw new BadRequestException(e.message);
      throw e;
    }
    if (csv) {
      res.type('text/csv; charset=utf-8');
      return reportToTidyCsv(report.rows, { measure, period: q.period, headers: dto.headers === 'machine' ? 'machine' : 'human' });
    }
    return {
      ...report,
      query: {
        from: q.from ?? null,
        to: q.to ?? null,
        period: q.period ?? null,
        groupBy: q.groupBy,
        filters: Object.fromEntries(Object.entries(q.filters).filter(([, v]) => v !== undefined)),
        presentation: published ? { kind: 'published', roundTo: published.roundTo } : { kind: 'exact' },
      },
      suppression: { threshold: suppression.threshold, applied: suppression.applies },
    };
  }

  private presentation(ctx: RequestContext, dto: MetricsQueryDto, accept: string | undefined) {
    if (dto.roundTo !== undefined && dto.presentation !== 'published')
      throw new BadRequestException({
        message: 'roundTo needs presentation=published',
        errors: [{ field: 'roundTo', messages: ['roundTo: only with presentation=published'] }],
      });
    const published = dto.presentation === 'published' ? { roundTo: dto.roundTo === '10' ? (10 as const) : (5 as const) } : undefined;
    const csv = dto.format === 'csv' || (dto.format === undefined && /\btext\/csv\b/.test(accept ?? ''));
    if (dto.headers !== undefined && !csv)
      throw new BadRequestException({
        message: 'headers applies to CSV only',
        errors: [{ field: 'headers', messages: ['headers: only with format=csv or Accept: text/csv'] }],
      });
    const suppression: Suppression = {
      threshold: this.threshold,
      applies: published !== undefined || !ctx.roles.some((r) => ROW_LEVEL.includes(r)),
      published,
      // A CSV is for further calculation: rates and statistics unrounded, unless presented for publication.
      fullPrecision: csv && published === undefined,
    };
    return { csv, suppression, published };
  }

  /**
   * A measure broken down by one characteristic of the child (docs/equality-and-cost.md): from and
   * to only, besides the presentation. Special-category breakdowns are refused to roles without the
   * need (403) and access-logged before the figures leave.
   */
  private async breakdown(ctx: RequestContext, dto: MetricsQueryDto, accept: string | undefined, res: Response, measure: EqualityMeasure | undefined) {
    const bad = (message: string) => new BadRequestException({ message, errors: [{ field: 'groupBy', messages: [`groupBy: ${message}`] }] });
    if (measure === undefined) throw bad('this measure cannot be broken down by a characteristic of the child');
    const groupBy = listOf(dto.groupBy) ?? [];
    const filtered = [dto.source, dto.team, dto.tier, dto.area, dto.levelOfNeed, dto.outcome, dto.period].some((x) => x !== undefined);
    if (groupBy.length !== 1 || filtered)
      throw bad('a breakdown by a characteristic takes that one characteristic, with from and to (no other grouping, period or filter)');
    const characteristic = groupBy[0] as Characteristic;
    const special = SPECIAL_CATEGORY_CHARACTERISTICS.includes(characteristic);
    if (special && !ctx.roles.some((r) => SPECIAL_CATEGORY_ROLES.includes(r)))
      throw new ForbiddenException(`a breakdown by ${characteristic} (special-category data) is not open to your role`);
    const q = this.parse(ctx, { ...dto, groupBy: undefined });
    const { csv, suppression, published } = this.presentation(ctx, dto, accept);
    await readYourWrites(this.runner, this.store);
    const timeZone = this.tenants.get(ctx.tenantId)?.config.timeZone ?? 'Europe/London';
    const report = await equalityBreakdown(this.db, ctx.tenantId, measure, { from: q.from, to: q.to, groupBy: characteristic, timeZone }, suppression);
    if (special) await recordSpecialCategoryRead(this.store, ctx, `GET /metrics/${measure}`, { measure, groupBy: characteristic });
    if (csv) {
      res.type('text/csv; charset=utf-8');
      return reportToTidyCsv(report.rows, { measure, headers: dto.headers === 'machine' ? 'machine' : 'human' });
    }
    return {
      ...report,
      query: {
        from: q.from ?? null,
        to: q.to ?? null,
        groupBy: [characteristic],
        presentation: published ? { kind: 'published', roundTo: published.roundTo } : { kind: 'exact' },
      },
      suppression: { threshold: suppression.threshold, applied: true, secondary: true },
    };
  }

  @Get('handovers')
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({ summary: 'Handovers per journey (count, mean, median, p90, max, histogram 0–5+), before help, teams touched, assessments per journey' })
  handovers(
    @Ctx() ctx: RequestContext,
    @Query() dto: MetricsQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.answer(ctx, dto, accept, res, 'handovers', handovers, 'handovers');
  }

  @Get('practitioners')
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({
    summary:
      'Lead practitioners: changes per journey (mean, median, histogram 0–5+), days without an allocated practitioner, handovers of team with and without a change of practitioner',
  })
  practitioners(
    @Ctx() ctx: RequestContext,
    @Query() dto: MetricsQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.answer(ctx, dto, accept, res, 'practitioners', practitioners);
  }

  @Get('families')
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({
    summary:
      'Families: journeys open at once, teams and lead practitioners met in the period, families receiving more than one service at once; by period, team and tier',
  })
  families(
    @Ctx() ctx: RequestContext,
    @Query() dto: MetricsQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const tenant = this.tenants.get(ctx.tenantId);
    const tierOf = (team: string) => tenant?.teams.tierOf(team);
    return this.answer(ctx, dto, accept, res, 'families', (db, tenantId, q, s) => families(db, tenantId, q, s, tenant?.config.timeZone, tierOf));
  }

  @Get('fgdm')
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({ summary: 'Family group decision-making: offer rate, take-up and held rates, days from referral to the first conference held' })
  fgdm(@Ctx() ctx: RequestContext, @Query() dto: MetricsQueryDto, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) res: Response) {
    return this.answer(ctx, dto, accept, res, 'fgdm', fgdm);
  }

  @Get('pre-proceedings')
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({ summary: 'Pre-proceedings: episodes started, step decisions by outcome, days from start to step decision, FGDM offered before the decision' })
  preProceedings(
    @Ctx() ctx: RequestContext,
    @Query() dto: MetricsQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.answer(ctx, dto, accept, res, 'pre-proceedings', preProceedings);
  }

  @Get('nfa-rates')
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({
    summary: 'NFA at contact and referral, assessed not in need per referral and per assessed referral, step-down share; numerator and denominator each',
  })
  nfa(@Ctx() ctx: RequestContext, @Query() dto: MetricsQueryDto, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) res: Response) {
    return this.answer(ctx, dto, accept, res, 'nfa-rates', nfaRates, 'nfa-rates');
  }

  @Get('funnel')
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({ summary: 'Contacts → referrals → assessments → plans (early help, CIN, CP), counts and rates at each step' })
  funnel(@Ctx() ctx: RequestContext, @Query() dto: MetricsQueryDto, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) res: Response) {
    return this.answer(ctx, dto, accept, res, 'funnel', funnel);
  }

  @Get('re-referrals')
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({ summary: 'Re-referrals within 12 months of a previous referral of the same child (CIN census)' })
  reReferrals(
    @Ctx() ctx: RequestContext,
    @Query() dto: MetricsQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.answer(ctx, dto, accept, res, 're-referrals', reReferrals, 're-referrals');
  }

  @Get('timeliness')
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({ summary: 'Contacts decided within 1 working day; statutory assessments completed within 45 working days' })
  timeliness(
    @Ctx() ctx: RequestContext,
    @Query() dto: MetricsQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.answer(ctx, dto, accept, res, 'timeliness', timeliness, 'timeliness');
  }

  @Get('flows/matrix')
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({ summary: 'Team-to-team handover matrix, each cell with its count and NFA share' })
  matrix(@Ctx() ctx: RequestContext, @Query() dto: MetricsQueryDto, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) res: Response) {
    return this.answer(ctx, dto, accept, res, 'flows/matrix', handoverMatrix);
  }

  @Get('flows/paths')
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({ summary: 'Most common holder paths, each with its count and NFA share' })
  paths(@Ctx() ctx: RequestContext, @Query() dto: MetricsQueryDto, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) res: Response) {
    return this.answer(ctx, dto, accept, res, 'flows/paths', (db, t, q, s, d) => holderPaths(db, t, q, s, d.limit ? Number(d.limit) : 20));
  }

  @Get('waiting')
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({ summary: 'Days each journey spends with each team (grouped by team unless groupBy says otherwise); first contact to first help' })
  waiting(@Ctx() ctx: RequestContext, @Query() dto: MetricsQueryDto, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) res: Response) {
    return this.answer(ctx, { ...dto, groupBy: dto.groupBy ?? 'team' }, accept, res, 'waiting', waiting, 'waiting');
  }

  @Get('cost')
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({
    summary: 'Staff hours and £ of the front door’s work by team (and period), under the council’s cost model; per handover and per journey in the total row',
  })
  cost(@Ctx() ctx: RequestContext, @Query() dto: MetricsQueryDto, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) res: Response) {
    const tenant = this.tenants.get(ctx.tenantId)?.config;
    return this.answer(ctx, dto, accept, res, 'cost', (db, tenantId, q, s) => costs(db, tenantId, q, s, tenant));
  }

  @Get('out-of-hours')
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({ summary: 'Share of contacts received out of office hours and what was decided on them' })
  outOfHours(
    @Ctx() ctx: RequestContext,
    @Query() dto: MetricsQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.answer(ctx, dto, accept, res, 'out-of-hours', outOfHours);
  }
}
