import { BadRequestException, Body, ConflictException, Controller, Get, Inject, NotFoundException, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { v5 as uuidv5 } from 'uuid';
import { TenantRegistry } from '@journey-ledger/application';
import { DuplicateEventError, WrongExpectedRevisionError } from '@journey-ledger/event-store';
import type { EventStore, RecordedEvent } from '@journey-ledger/event-store';
import { evaluateChange, ProjectionRunner, suppressionThreshold } from '@journey-ledger/read-models';
import type { ServiceChange } from '@journey-ledger/read-models';
import type { SqlDatabase } from '@journey-ledger/sql';
import type { Role } from '@journey-ledger/auth';
import { englandAndWalesCalendar, localDate } from '@journey-ledger/domain';
import { parseScenario, runScenario, ScenarioNotFound, ScenarioRepository } from '@journey-ledger/replay';
import { Roles } from '../auth/decorators';
import { Ctx, RequestContext } from '../auth/request-context';
import { EVENT_STORE, LEDGER_OPTIONS, SQL_DATABASE } from '../infrastructure/tokens';
import type { LedgerOptions } from '../infrastructure/ledger.module';
import { readYourWrites } from '../journeys/journey-queries';
import { ChangeEvaluationQuery, RecordChangeBody } from './changes.dto';

/** The council's own stream of changes to its front door (not a journey: no projection reads it). */
export const CHANGES_STREAM = 'council-changes';
export const CHANGE_EVENT_TYPE = 'ServiceChangeRecorded';
const NAMESPACE = '6f1d3c2e-9a4b-4e0f-8f5d-2b7c1a9e4d30';
const ROW_LEVEL: readonly Role[] = ['recorder', 'auditor', 'designer'];

const toChange = (e: RecordedEvent): ServiceChange & { recordedAt: string } => ({ ...(e.data as ServiceChange), recordedAt: e.recordedAt });

/**
 * "Did it work": a change to the front door is recorded with its go-live date, and every rate is
 * compared in a window before and after it, with confidence intervals (docs/equality-and-cost.md).
 */
@ApiTags('metrics')
@ApiBearerAuth()
@Controller()
export class ChangesController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(LEDGER_OPTIONS) private readonly options: LedgerOptions,
    private readonly runner: ProjectionRunner,
    private readonly tenants: TenantRegistry,
  ) {}

  private async changes(tenantId: string) {
    return (await this.store.readStream(tenantId, CHANGES_STREAM)).map(toChange);
  }

  @Post('changes')
  @Roles('analyst', 'designer')
  @ApiOperation({ summary: 'Record a change to the front door (a named redesign, its go-live date and the teams it touched)' })
  async record(@Ctx() ctx: RequestContext, @Body() b: RecordChangeBody) {
    const teams = this.tenants.get(ctx.tenantId)?.teams;
    const unknown = b.teams.filter((t) => !teams?.has(t));
    if (unknown.length > 0)
      throw new BadRequestException({
        message: 'the request is invalid',
        errors: [{ field: 'teams', messages: [`teams: not in this council's team map: ${unknown.join(', ')}`] }],
      });
    const eventId = uuidv5(`${ctx.tenantId}/change/${b.commandId}`, NAMESPACE);
    const change: ServiceChange = {
      changeId: b.changeId,
      title: b.title,
      goLive: b.goLive,
      teams: [...new Set(b.teams)],
      ...(b.scenarioId ? { scenarioId: b.scenarioId } : {}),
    };
    for (let attempt = 1; ; attempt++) {
      const existing = await this.store.readStream(ctx.tenantId, CHANGES_STREAM);
      const same = existing.find((e) => e.eventId === eventId);
      if (same) return { ...toChange(same), replayed: true };
      if (existing.some((e) => (e.data as ServiceChange).changeId === b.changeId)) throw new ConflictException(`change ${b.changeId} is already recorded`);
      try {
        await this.store.appendToStream({
          tenantId: ctx.tenantId,
          streamId: CHANGES_STREAM,
          expectedRevision: existing.length === 0 ? 'no_stream' : existing[existing.length - 1].revision,
          events: [
            {
              eventId,
              type: CHANGE_EVENT_TYPE,
              version: 1,
              data: change,
              metadata: {
                occurredAt: new Date().toISOString(),
                tenantId: ctx.tenantId,
                actor: { userId: ctx.userId, role: ctx.roles[0] ?? 'none' },
                correlationId: ctx.correlationId,
                causationId: b.commandId,
              },
            },
          ],
        });
        return { ...change, replayed: false };
      } catch (e) {
        // Another change recorded meanwhile, or this very command by a racing retry: read again.
        if ((e instanceof WrongExpectedRevisionError || e instanceof DuplicateEventError) && attempt < 6) continue;
        throw e;
      }
    }
  }

  @Get('changes')
  @Roles('analyst', 'designer', 'auditor', 'recorder')
  @ApiOperation({ summary: 'The changes recorded to the council’s front door' })
  async list(@Ctx() ctx: RequestContext) {
    return { changes: await this.changes(ctx.tenantId) };
  }

  @Get('metrics/change-evaluation')
  @Roles('analyst', 'designer', 'auditor', 'recorder')
  @ApiOperation({
    summary:
      'Every rate before and after a change, with Wilson intervals; handovers per journey with bootstrap intervals; an interrupted time series of the monthly figures (level and trend change); notes on short or seasonal windows',
  })
  async evaluate(@Ctx() ctx: RequestContext, @Query() q: ChangeEvaluationQuery) {
    const change = (await this.changes(ctx.tenantId)).find((c) => c.changeId === q.changeId);
    if (change === undefined) throw new NotFoundException(`no change ${q.changeId} is recorded`);
    await readYourWrites(this.runner, this.store);
    const timeZone = this.tenants.get(ctx.tenantId)?.config.timeZone ?? 'Europe/London';
    const now = (this.options.clock ?? (() => new Date()))().toISOString();
    const evaluation = await evaluateChange(this.db, ctx.tenantId, change, {
      months: q.months === undefined ? 6 : Number(q.months),
      timeZone,
      today: localDate(now, timeZone),
      suppression: { threshold: suppressionThreshold(), applies: !ctx.roles.some((r) => ROW_LEVEL.includes(r)) },
    });
    const prediction = await this.prediction(ctx.tenantId, change, timeZone);
    // A prediction over a handful of journeys is withheld from analysts like any small count.
    const small = prediction !== null && !ctx.roles.some((r) => ROW_LEVEL.includes(r)) && prediction.journeysBeforeGoLive < suppressionThreshold();
    return { ...evaluation, prediction: small ? { scenarioId: prediction.scenarioId, withheld: true } : prediction };
  }

  /**
   * What the change's scenario predicted, set beside what happened: the scenario run over the log
   * as it stood at the go-live, handovers per journey today and under the redesign. Null when the
   * change names no scenario (or one no longer stored).
   */
  private async prediction(tenantId: string, change: ServiceChange, timeZone: string) {
    const tenant = this.tenants.get(tenantId);
    if (change.scenarioId === undefined || tenant === undefined) return null;
    try {
      const stored = await new ScenarioRepository(this.store).get(tenantId, change.scenarioId);
      const scenario = parseScenario(stored.source, { tenantId, teams: tenant.teams, levelsOfNeed: tenant.config.levelsOfNeed });
      const asAt = new Date(`${change.goLive}T00:00:00Z`).toISOString();
      const run = await runScenario(this.store, scenario, {
        tenantId,
        asAt,
        calendar: englandAndWalesCalendar(),
        timeZone,
        costModel: tenant.config.costModel,
      });
      const handovers = run.measures.find((m) => m.measure === 'handovers');
      return {
        scenarioId: stored.id,
        version: stored.version,
        journeysBeforeGoLive: run.journeys,
        handoversPerJourney: { today: handovers?.today.mean ?? null, predicted: handovers?.scenario.mean ?? null },
        saved: run.cost.saved,
      };
    } catch (e) {
      if (e instanceof ScenarioNotFound) return null;
      throw e;
    }
  }
}
