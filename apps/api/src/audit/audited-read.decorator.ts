import { SetMetadata } from '@nestjs/common';
import type { AccessAction } from '@journey-ledger/audit';

export const AUDITED_READ_KEY = 'journeyLedger:auditedRead';

export interface AuditedReadOptions {
  readonly action: AccessAction;
  /** The route parameter naming the journey (default `journeyId`) or, for personal data, the child. */
  readonly param?: string;
  readonly subject?: 'journey' | 'child';
}

/**
 * Marks a route as a read of a child's journey: each successful call is recorded in the access
 * log (an event in the tenant's `access-journey-<id>` and `access-user-<user>` streams) before the
 * response leaves. If the access cannot be recorded, the data is not returned.
 *
 *   @Get(':journeyId/replay') @Roles('designer') @AuditedRead('replay')
 *
 * A GET route with a `:journeyId` parameter and no `@AuditedRead` is recorded anyway (action
 * `read`): forgetting the decorator never means an unlogged read.
 */
export const AuditedRead = (action: AccessAction, options: Omit<AuditedReadOptions, 'action'> = {}) =>
  SetMetadata(AUDITED_READ_KEY, { action, ...options } satisfies AuditedReadOptions);
