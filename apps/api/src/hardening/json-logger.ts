import { LoggerService } from '@nestjs/common';
import pino from 'pino';
import type { DestinationStream, Logger } from 'pino';
import { describeError } from '../errors/describe-error';

/**
 * Structured JSON logs (pino), one line per event. What may be logged is decided here: request
 * lines carry the method, the route *pattern* (never the URL with its ids and query string), the
 * status, the duration, the tenant, the user id and the correlation id. Never bodies, headers,
 * tokens or personal data; `redact` is a second line of defence should a caller pass one.
 *
 * Level: `JOURNEY_LEDGER_LOG_LEVEL` (default `info`; `silent` under Jest unless set).
 */
let sink: DestinationStream | undefined;

/** Tests capture the log lines here. */
export function setLogSink(destination: DestinationStream | undefined): void {
  sink = destination;
}

export function createJsonLogger(env: NodeJS.ProcessEnv = process.env): Logger {
  const level = env.JOURNEY_LEDGER_LOG_LEVEL ?? (env.NODE_ENV === 'test' && sink === undefined ? 'silent' : 'info');
  return pino(
    {
      level,
      base: { service: 'journey-ledger-api' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: ['authorization', 'token', 'headers', 'body', '*.authorization', '*.token', '*.headers', '*.body', 'req.headers', 'req.body'],
        censor: '[redacted]',
      },
      formatters: { level: (label) => ({ level: label }) },
    },
    sink ?? pino.destination({ dest: 1, sync: false }),
  );
}

const START_UP_CHATTER = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory']);

/** Nest's own messages (errors caught by the problem filter, start-up) as JSON lines too. */
export class JsonNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  private line(level: 'error' | 'warn' | 'info' | 'debug' | 'trace', message: unknown, context?: unknown) {
    // An Error serialises to "{}": name its class and code instead (its message may quote personal data).
    const text = typeof message === 'string' ? message : message instanceof Error ? JSON.stringify(describeError(message)) : JSON.stringify(message);
    this.logger[level]({ context: typeof context === 'string' ? context : undefined }, text);
  }

  log(message: unknown, context?: unknown) {
    // Nest lists every module and route at start-up: useful when debugging, noise otherwise.
    this.line(typeof context === 'string' && START_UP_CHATTER.has(context) ? 'debug' : 'info', message, context);
  }
  error(message: unknown, _trace?: unknown, context?: unknown) {
    // Stack traces are left out: they can quote values from the request.
    this.line('error', message, context ?? _trace);
  }
  warn(message: unknown, context?: unknown) {
    this.line('warn', message, context);
  }
  debug(message: unknown, context?: unknown) {
    this.line('debug', message, context);
  }
  verbose(message: unknown, context?: unknown) {
    this.line('trace', message, context);
  }
}
