import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Role } from '@journey-ledger/auth';

/** Who is asking, for which council: always from the verified token, never from the request body or path. */
export interface RequestContext {
  readonly tenantId: string;
  readonly userId: string;
  readonly roles: readonly Role[];
  readonly correlationId: string;
}

export const CONTEXT_KEY = 'journeyLedgerContext';

export const Ctx = createParamDecorator((_: unknown, host: ExecutionContext): RequestContext => {
  const request = host.switchToHttp().getRequest();
  return request[CONTEXT_KEY] as RequestContext;
});
