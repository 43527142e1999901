import { Controller, Get, Inject, NotFoundException, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AccessLog } from '@journey-ledger/audit';
import { TenantRegistry, UnknownTenant } from '@journey-ledger/application';
import type { EventStore } from '@journey-ledger/event-store';
import {
  auditedJourneys,
  exportPseudonymKeyFromEnv,
  measureHandovers,
  NoJourneysError,
  ocelChunks,
  readJourneys,
  writeChunks,
  xesChunksOfStoredTraces,
} from '@journey-ledger/process-mining';
import { ProjectionRunner, storedTraces } from '@journey-ledger/read-models';
import type { SqlDatabase } from '@journey-ledger/sql';
import type { HandoverConvention, HandoverMeasures, JourneyFilter } from '@journey-ledger/process-mining';
import type { Writable } from 'node:stream';
import { Roles } from '../auth/decorators';
import { Ctx, RequestContext } from '../auth/request-context';
import { EVENT_STORE, SQL_DATABASE } from '../infrastructure/tokens';
import { readYourWrites } from '../journeys/journey-queries';
import { HandoverMeasuresQuery, ProcessMiningExportQuery } from './process-mining.dto';
import { suppressMeasures } from './suppress-measures';

/** The part of Express's response used here. */
type Response = Writable & { status(code: number): Response; setHeader(name: string, value: string): void; headersSent: boolean };

const list = (v: string | undefined) =>
  v === undefined
    ? undefined
    : v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);
const filterOf = (q: ProcessMiningExportQuery): JourneyFilter => ({
  from: q.from,
  to: q.to,
  team: list(q.team),
  source: list(q.source),
  levelOfNeed: list(q.levelOfNeed),
});
const threshold = () => Number(process.env.JOURNEY_LEDGER_SUPPRESSION_THRESHOLD ?? 5);

/**
 * Process mining: the council's journeys as event logs for PM4Py, bupaR, ProM, Disco or Celonis
 * (XES, OCEL 2.0), streamed (XES from the traces read model keeps ready, OCEL from the event store), and the handover measures on any tenant's
 * streams (imported logs included). Exports carry row-level journeys (pseudonymous), so they go
 * to the roles that see single journeys elsewhere; each exported journey is in the access log
 * before it leaves.
 */
@ApiTags('process-mining')
@ApiBearerAuth()
@Controller('process-mining')
export class ProcessMiningController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    private readonly runner: ProjectionRunner,
    private readonly tenants: TenantRegistry,
    private readonly accessLog: AccessLog,
  ) {}

  @Get('xes')
  @Roles('designer', 'auditor')
  @ApiProduces('application/xml', 'application/gzip')
  @ApiNotFoundResponse({ description: 'No journey matches the filters.' })
  @ApiOperation({ summary: 'The journeys as an IEEE XES event log: one trace per journey, one event per standing domain event, streamed' })
  async xes(@Ctx() ctx: RequestContext, @Query() q: ProcessMiningExportQuery, @Res() res: Response): Promise<void> {
    const tenant = this.tenant(ctx);
    const counts = { journeys: 0, events: 0 };
    // The traces are kept ready by a read model: it first takes in everything committed before this request.
    await readYourWrites(this.runner, this.store);
    const traces = this.audited(ctx, storedTraces(this.db, { tenantId: tenant, filter: filterOf(q) }), 'GET /process-mining/xes');
    await this.send(res, xesChunksOfStoredTraces(traces, { tenantId: tenant, pseudonymKey: exportPseudonymKeyFromEnv() }, counts), () => counts.journeys > 0, {
      type: 'application/xml; charset=utf-8',
      file: `${tenant}.xes`,
      gzip: q.gzip === 'true',
    });
  }

  @Get('ocel')
  @Roles('designer', 'auditor')
  @ApiProduces('application/json', 'application/gzip')
  @ApiNotFoundResponse({ description: 'No journey matches the filters.' })
  @ApiOperation({ summary: 'The journeys as an OCEL 2.0 JSON log: child, journey, team, referral, assessment and plan objects, streamed' })
  async ocel(@Ctx() ctx: RequestContext, @Query() q: ProcessMiningExportQuery, @Res() res: Response): Promise<void> {
    const tenant = this.tenant(ctx);
    const head = await this.store.headPosition();
    let pass = 0;
    const journeys = () => {
      const read = readJourneys(this.store, { tenantId: tenant, filter: filterOf(q), head });
      return pass++ === 0 ? this.audited(ctx, read, 'GET /process-mining/ocel') : read;
    };
    await this.send(res, ocelChunks(journeys, { teams: this.tenants.get(tenant)?.teams }), () => true, {
      type: 'application/json; charset=utf-8',
      file: `${tenant}.jsonocel`,
      gzip: q.gzip === 'true',
    });
  }

  @Get('handovers')
  @Roles('analyst', 'designer', 'auditor', 'recorder')
  @ApiOperation({
    summary:
      'Handover measures from the event streams (imported logs included): per journey, before an activity, teams touched, flows, paths, waiting per holder',
  })
  async handovers(
    @Ctx() ctx: RequestContext,
    @Query() q: HandoverMeasuresQuery,
  ): Promise<HandoverMeasures & { suppression: { threshold: number; applied: boolean } }> {
    const tenant = this.tenant(ctx);
    const measures = await measureHandovers(readJourneys(this.store, { tenantId: tenant, filter: filterOf(q) }), {
      convention: (q.convention ?? 'changes') as HandoverConvention,
      beforeActivity: q.beforeActivity,
      pathLimit: q.limit === undefined ? 20 : Number(q.limit),
    });
    const applied = ctx.roles.every((r) => r === 'analyst');
    return { ...(applied ? suppressMeasures(measures, threshold()) : measures), suppression: { threshold: threshold(), applied } };
  }

  private tenant(ctx: RequestContext): string {
    if (this.tenants.get(ctx.tenantId) === undefined) throw new UnknownTenant(ctx.tenantId);
    return ctx.tenantId;
  }

  private audited<T extends { journeyId: string }>(ctx: RequestContext, journeys: AsyncIterable<T>, route: string) {
    return auditedJourneys(journeys, this.accessLog, {
      tenantId: ctx.tenantId,
      userId: ctx.userId,
      roles: ctx.roles,
      correlationId: ctx.correlationId,
      route,
    });
  }

  /**
   * Streams a document. The first chunk is read before any header is sent, so "no journeys" is a
   * 404 and a failure before it is a proper error; after that a failure can only cut the
   * connection (the client sees an incomplete document, never a wrong one).
   */
  private async send(res: Response, chunks: AsyncGenerator<string>, any: () => boolean, o: { type: string; file: string; gzip: boolean }): Promise<void> {
    let first: IteratorResult<string>;
    try {
      first = await chunks.next();
    } catch (e) {
      if (e instanceof NoJourneysError) throw new NotFoundException('no journeys match these filters: nothing to export');
      throw e;
    }
    if (!any()) throw new NotFoundException('no journeys match these filters: nothing to export');
    async function* all() {
      if (!first.done) yield first.value;
      yield* chunks;
    }
    res.status(200);
    res.setHeader('Content-Type', o.gzip ? 'application/gzip' : o.type);
    res.setHeader('Content-Disposition', `attachment; filename="${o.gzip ? `${o.file}.gz` : o.file}"`);
    try {
      await writeChunks(all(), res, { gzip: o.gzip });
    } catch {
      res.destroy();
    }
  }
}
