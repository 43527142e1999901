import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { CommandIdReused, ConcurrencyConflict, UnknownTenant } from '@journey-ledger/application';
import { JourneyRuleViolation, TenantConfigError } from '@journey-ledger/domain';
import type { JourneyRuleCode } from '@journey-ledger/domain';
import { StoreBusyError } from '@journey-ledger/sql';
import { describeError } from './describe-error';

/** Rule violations that are really a bad field (400) or a missing journey (404); the rest are 422. */
const RULE_STATUS: Partial<Record<JourneyRuleCode, number>> = {
  JourneyNotFound: 404,
  UnknownTeam: 400,
  InvalidCommand: 400,
  OccurredInFuture: 400,
};

interface Problem {
  statusCode: number;
  error: string;
  message: string;
  code?: string;
  errors?: { field: string; messages: string[] }[];
}

/**
 * Turns every failure into a typed answer: 400 with field-level messages, 404, 409 for a
 * concurrency conflict, 422 for a broken rule, 503 with Retry-After while another process holds
 * the embedded store's file. Anything unforeseen is a 500 whose log line carries the route, the
 * error's class and its code (e.g. PostgreSQL's SQLSTATE), never its message or the request
 * body: either may hold personal data.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse();
    const request = http.getRequest();
    const problem = this.toProblem(exception);
    // Another process holds the embedded store's file: nothing was written, and it is worth trying again soon.
    if (exception instanceof StoreBusyError) response.setHeader('Retry-After', '1');
    if (problem.statusCode >= 500) {
      this.logger.error(JSON.stringify({ event: 'unhandled', route: request.route?.path ?? 'unknown', method: request.method, ...describeError(exception) }));
    }
    response.status(problem.statusCode).json(problem);
  }

  private toProblem(e: unknown): Problem {
    if (e instanceof JourneyRuleViolation) {
      const statusCode = RULE_STATUS[e.code] ?? 422;
      return {
        statusCode,
        error: statusCode === 404 ? 'Not Found' : statusCode === 400 ? 'Bad Request' : 'Unprocessable Entity',
        code: e.code,
        message: e.message,
        errors: e.field ? [{ field: e.field, messages: [e.message] }] : undefined,
      };
    }
    if (e instanceof StoreBusyError) return { statusCode: 503, error: 'Service Unavailable', code: 'StoreBusy', message: e.message };
    if (e instanceof ConcurrencyConflict) return { statusCode: 409, error: 'Conflict', code: 'ConcurrencyConflict', message: e.message };
    if (e instanceof CommandIdReused) return { statusCode: 409, error: 'Conflict', code: 'CommandIdReused', message: e.message };
    if (e instanceof UnknownTenant) return { statusCode: 403, error: 'Forbidden', message: e.message };
    if (e instanceof TenantConfigError)
      return {
        statusCode: 400,
        error: 'Bad Request',
        message: 'invalid configuration',
        errors: e.problems.map((p) => ({ field: p.split(':')[0], messages: [p] })),
      };
    if (e instanceof HttpException) {
      const body = e.getResponse();
      const status = e.getStatus();
      if (typeof body === 'object' && body !== null) {
        const b = body as Record<string, unknown>;
        return {
          statusCode: status,
          error: String(b.error ?? e.name),
          message: Array.isArray(b.message) ? b.message.join('; ') : String(b.message ?? e.message),
          ...(b.errors ? { errors: b.errors as Problem['errors'] } : {}),
        };
      }
      return { statusCode: status, error: e.name, message: String(body) };
    }
    // body-parser failures reach us as plain errors with an HTTP status.
    const parser = e as { type?: string; status?: number; message?: string };
    if (parser?.type === 'entity.parse.failed') return { statusCode: 400, error: 'Bad Request', message: 'the body is not valid JSON' };
    if (parser?.type === 'entity.too.large') return { statusCode: 413, error: 'Payload Too Large', message: 'the body is too large' };
    if (typeof parser?.status === 'number' && parser.status >= 400 && parser.status < 500) {
      return { statusCode: parser.status, error: 'Bad Request', message: 'the request could not be read' };
    }
    return { statusCode: 500, error: 'Internal Server Error', message: 'something went wrong on our side; nothing was written' };
  }
}
