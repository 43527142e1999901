import { BadRequestException, Body, Controller, Get, GoneException, HttpCode, Inject, NotFoundException, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiGoneResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { v5 as uuidv5 } from 'uuid';
import { randomUUID } from 'node:crypto';
import { DuplicateEventError } from '@journey-ledger/event-store';
import type { EventStore } from '@journey-ledger/event-store';
import { ChildErased, PersonalDataVault } from '@journey-ledger/vault';
import type { PersonalData } from '@journey-ledger/vault';
import { Roles } from '../auth/decorators';
import { Ctx, RequestContext } from '../auth/request-context';
import { AuditedRead } from '../audit/audited-read.decorator';
import { EVENT_STORE } from '../infrastructure/tokens';
import { ErasureBody, PersonalDataBody } from './people.dto';

const CHILD_REF = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
const NAMESPACE = '0d7d6a55-8f0b-4c43-9b7e-4c8e1f2b6a30';

/** The vault's own audit trail: writes and erasures (never the data), per child, hash-chained. */
export const vaultChildStream = (childRef: string) => `vault-child-${childRef}`;

function childRefOf(raw: string): string {
  if (!CHILD_REF.test(raw)) throw new BadRequestException('childRef must be a child reference');
  return raw;
}

/**
 * Personal data of a child, by child reference. Recorders (who work the case) and admins may
 * store and read it; only admins erase. Reads are access-logged; writes and erasures are events.
 */
@ApiTags('people (personal data vault)')
@ApiBearerAuth()
@Controller('people')
export class PeopleController {
  constructor(
    private readonly vault: PersonalDataVault,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  private async trail(ctx: RequestContext, childRef: string, type: string, data: Record<string, unknown>, eventId: string, role: string): Promise<void> {
    await this.store.appendToStream({
      tenantId: ctx.tenantId,
      streamId: vaultChildStream(childRef),
      expectedRevision: 'any',
      events: [
        {
          eventId,
          type,
          version: 1,
          data: { childRef, ...data },
          metadata: {
            occurredAt: new Date().toISOString(),
            tenantId: ctx.tenantId,
            actor: { userId: ctx.userId, role },
            correlationId: ctx.correlationId,
            causationId: ctx.correlationId,
          },
        },
      ],
    });
  }

  @Put(':childRef')
  @Roles('recorder', 'admin')
  @ApiGoneResponse({ description: 'The child’s personal data was erased: the reference cannot be reused.' })
  @ApiOperation({ summary: 'Store (replace) a child’s name, date of birth and address, encrypted under the child’s own key' })
  async put(@Ctx() ctx: RequestContext, @Param('childRef') raw: string, @Body() body: PersonalDataBody) {
    const childRef = childRefOf(raw);
    const data: PersonalData = JSON.parse(JSON.stringify(body));
    const fields = Object.keys(data);
    if (fields.length === 0) throw new BadRequestException('give at least one of givenName, familyName, dateOfBirth, address');
    try {
      const { created } = await this.vault.put(ctx.tenantId, childRef, data);
      await this.trail(
        ctx,
        childRef,
        'PersonalDataRecorded',
        { fields: fields.sort(), keyCreated: created },
        randomUUID(),
        ctx.roles.includes('recorder') ? 'recorder' : 'admin',
      );
      return { childRef, stored: fields.sort() };
    } catch (e) {
      if (e instanceof ChildErased) throw new GoneException(`the personal data of ${childRef} was erased`);
      throw e;
    }
  }

  @Get(':childRef')
  @Roles('recorder', 'admin')
  @AuditedRead('personal-data', { subject: 'child', param: 'childRef' })
  @ApiGoneResponse({ description: 'Erased.' })
  @ApiOperation({ summary: 'A child’s personal data (decrypted); every read is in the access log' })
  async get(@Ctx() ctx: RequestContext, @Param('childRef') raw: string) {
    const childRef = childRefOf(raw);
    try {
      const data = await this.vault.get(ctx.tenantId, childRef);
      if (data === undefined) throw new NotFoundException(`no personal data for ${childRef}`);
      return { childRef, ...data };
    } catch (e) {
      if (e instanceof ChildErased) throw new GoneException(`the personal data of ${childRef} was erased`);
      throw e;
    }
  }

  @Post(':childRef/erasure')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: 'Erase a child’s personal data by destroying its key (crypto-shredding); events and aggregates stay; the erasure is itself an event',
  })
  async erase(@Ctx() ctx: RequestContext, @Param('childRef') raw: string, @Body() body: ErasureBody) {
    const childRef = childRefOf(raw);
    const result = await this.vault.erase(ctx.tenantId, childRef, body.reason);
    // One erasure event per child, whatever the retries: its id is derived from the child.
    const eventId = uuidv5(`${ctx.tenantId}/${childRef}/erasure`, NAMESPACE);
    try {
      await this.trail(
        ctx,
        childRef,
        'PersonalDataErased',
        { reason: body.reason, requestRef: body.requestRef ?? null, erasedAt: result.erasedAt, hadData: result.hadData },
        eventId,
        'admin',
      );
    } catch (e) {
      if (!(e instanceof DuplicateEventError)) throw e;
    }
    return { childRef, erasedAt: result.erasedAt, hadData: result.hadData, eventId };
  }
}
