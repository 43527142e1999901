import { journeyStreamId } from '@journey-ledger/domain';
import { BadRequestException, Controller, Get, Inject, NotFoundException, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { AccessLog, buildTenantDigest, DigestSigner, storedStreamHead, verifyStream } from '@journey-ledger/audit';
import { EventSeal } from '@journey-ledger/event-store';
import type { EventStore } from '@journey-ledger/event-store';
import type { SqlDatabase } from '@journey-ledger/sql';
import { ProjectionRunner } from '@journey-ledger/read-models';
import { Roles } from '../auth/decorators';
import { Ctx, RequestContext } from '../auth/request-context';
import { EVENT_STORE, LEDGER_OPTIONS, SQL_DATABASE } from '../infrastructure/tokens';
import type { LedgerOptions } from '../infrastructure/ledger.module';
import { AuditedRead } from './audited-read.decorator';
import { readYourWrites } from '../journeys/journey-queries';

const CHILD_REF = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

export class AccessQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() journeyId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) userId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(CHILD_REF, { message: 'childRef must be a child reference' }) childRef?: string;
}

/** The journey's full history with the chain's verdict on every event: what the auditor asks for. */
@ApiTags('audit')
@ApiBearerAuth()
@Roles('auditor')
@Controller('journeys')
export class JourneyAuditController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    private readonly seal: EventSeal,
  ) {}

  @Get(':journeyId/audit')
  @AuditedRead('audit')
  @ApiNotFoundResponse({ description: 'No such journey in the caller’s council.' })
  @ApiOperation({ summary: 'Every event with actor, times, correlation and causation ids, hashes, and the chain’s verification status' })
  async audit(@Ctx() ctx: RequestContext, @Param('journeyId', new ParseUUIDPipe()) journeyId: string) {
    const streamId = journeyStreamId(journeyId);
    const head = await storedStreamHead(this.db, ctx.tenantId, streamId);
    const events = await this.store.readStream(ctx.tenantId, streamId);
    // A stream whose events have all gone (deleted, or moved to another council) still has its head: broken, not unknown.
    if (events.length === 0 && head === undefined) throw new NotFoundException(`no journey ${journeyId}`);
    const v = verifyStream(ctx.tenantId, streamId, events, { head, seal: this.seal });
    const rows = events.map((e, i) => {
      const m = e.metadata as Record<string, unknown>;
      return {
        eventId: e.eventId,
        revision: e.revision,
        position: e.position,
        type: e.type,
        version: e.version,
        data: e.data,
        actor: m.actor ?? null,
        occurredAt: m.occurredAt ?? null,
        recordedAt: e.recordedAt,
        correlationId: m.correlationId ?? null,
        causationId: m.causationId ?? null,
        hash: e.hash,
        previousHash: e.previousHash,
        recomputedHash: v.events[i].recomputedHash,
        valid: v.events[i].valid,
      };
    });
    const businessOrder = [...rows].sort((a, b) => String(a.occurredAt).localeCompare(String(b.occurredAt)) || a.revision - b.revision).map((r) => r.eventId);
    return {
      journeyId,
      verification: {
        status: v.status,
        eventCount: v.eventCount,
        headRevision: v.headRevision,
        headHash: v.headHash,
        firstBroken: v.firstBroken,
        algorithm:
          'SHA-256 over canonical JSON of the event and the previous event’s hash; each hash sealed with HMAC-SHA256 under the server’s key; the last event checked against the stream head the store keeps',
      },
      events: rows,
      businessOrder,
    };
  }
}

@ApiTags('audit')
@ApiBearerAuth()
@Roles('auditor')
@Controller('audit')
export class AuditController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(LEDGER_OPTIONS) private readonly options: LedgerOptions,
    private readonly signer: DigestSigner,
    private readonly accessLog: AccessLog,
    private readonly seal: EventSeal,
    private readonly runner: ProjectionRunner,
  ) {}

  @Get('digest')
  @ApiOperation({
    summary: 'A signed digest of the council’s whole store: every stream verified, heads summarised in a Merkle root, Ed25519-signed',
  })
  async digest(@Ctx() ctx: RequestContext) {
    const digest = await buildTenantDigest(this.store, ctx.tenantId, { db: this.db, seal: this.seal, now: this.options.clock });
    return this.signer.sign(digest);
  }

  @Get('public-key')
  @ApiOperation({ summary: 'The Ed25519 public key that signs digests (SPKI PEM) and its key id' })
  publicKey() {
    return { algorithm: 'Ed25519', keyId: this.signer.keyId, publicKey: this.signer.publicKeyPem };
  }

  @Get('access')
  @ApiOperation({ summary: 'The access log: who read a journey (journeyId), a child’s personal data (childRef), or what a user read (userId)' })
  async access(@Ctx() ctx: RequestContext, @Query() q: AccessQuery) {
    let entries;
    if (q.journeyId !== undefined) {
      // Exports are found through the access-pages read model: it must hold every export committed before this question.
      await readYourWrites(this.runner, this.store);
      entries = await this.accessLog.byJourney(ctx.tenantId, q.journeyId, q.userId);
    } else if (q.childRef !== undefined) entries = await this.accessLog.byChild(ctx.tenantId, q.childRef, q.userId);
    else if (q.userId !== undefined) entries = await this.accessLog.byUser(ctx.tenantId, q.userId);
    else throw new BadRequestException('give journeyId, childRef or userId');
    return { count: entries.length, entries };
  }
}
