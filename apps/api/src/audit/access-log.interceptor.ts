import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { from, Observable } from 'rxjs';
import { concatMap, map } from 'rxjs/operators';
import { AccessLog } from '@journey-ledger/audit';
import type { AccessAction } from '@journey-ledger/audit';
import { CONTEXT_KEY, RequestContext } from '../auth/request-context';
import { AUDITED_READ_KEY, AuditedReadOptions } from './audited-read.decorator';

const KNOWN: readonly AccessAction[] = ['events', 'replay', 'audit', 'export'];

/** An unmarked journey route's action, from its pattern: `/journeys/:journeyId` is a view, `…/replay` a replay. */
function inferAction(path: unknown): AccessAction {
  if (typeof path !== 'string') return 'read';
  const last = path.split('/').filter(Boolean).pop() ?? '';
  if (last === ':journeyId') return 'view';
  return (KNOWN as readonly string[]).includes(last) ? (last as AccessAction) : 'read';
}

/**
 * Records audited reads (see `@AuditedRead`). Runs for every route; only acts on marked routes
 * and on unmarked GET routes with a `:journeyId` parameter. The access is written after the
 * handler succeeded and before the response is sent.
 */
@Injectable()
export class AccessLogInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly accessLog: AccessLog,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest();
    const marked = this.reflector.getAllAndOverride<AuditedReadOptions | undefined>(AUDITED_READ_KEY, [context.getHandler(), context.getClass()]);
    const options: AuditedReadOptions | undefined =
      marked ?? (request.method === 'GET' && typeof request.params?.journeyId === 'string' ? { action: inferAction(request.route?.path) } : undefined);
    const ctx: RequestContext | undefined = request[CONTEXT_KEY];
    if (options === undefined || ctx === undefined) return next.handle();
    const subjectId = request.params?.[options.param ?? (options.subject === 'child' ? 'childRef' : 'journeyId')];
    if (typeof subjectId !== 'string') return next.handle();
    const route = `${request.method} ${request.route?.path ?? 'unknown'}`;
    return next.handle().pipe(
      concatMap((body) =>
        from(
          this.accessLog.record({
            tenantId: ctx.tenantId,
            userId: ctx.userId,
            roles: ctx.roles,
            correlationId: ctx.correlationId,
            action: options.action,
            route,
            ...(options.subject === 'child' ? { childRef: subjectId } : { journeyId: subjectId }),
          }),
        ).pipe(map(() => body)),
      ),
    );
  }
}
