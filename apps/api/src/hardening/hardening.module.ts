import { DynamicModule, ExecutionContext, Injectable, Logger, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import helmet from 'helmet';
import type { Logger as Pino } from 'pino';
import { CONTEXT_KEY, RequestContext } from '../auth/request-context';
import { createJsonLogger, JsonNestLogger } from './json-logger';

export interface HardeningSettings {
  /** Requests per client per window; 0 turns rate limiting off. */
  readonly rateLimit: number;
  readonly rateWindowMs: number;
}

/**
 * `JOURNEY_LEDGER_RATE_LIMIT` (default 100000) requests per `JOURNEY_LEDGER_RATE_WINDOW_MS`
 * (default 60000) per client address. The default only stops floods, so that e2e tests and
 * benchmarks are never throttled; a deployment sets its own (e.g. 600 per minute).
 */
export function hardeningSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): HardeningSettings {
  const num = (v: string | undefined, d: number) => {
    const n = v === undefined || v === '' ? d : Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`invalid rate limit setting ${v}`);
    return n;
  };
  return { rateLimit: num(env.JOURNEY_LEDGER_RATE_LIMIT, 100_000), rateWindowMs: num(env.JOURNEY_LEDGER_RATE_WINDOW_MS, 60_000) };
}

/** Counted per client address, before authentication: a flood of bad tokens is throttled too. */
@Injectable()
class LedgerThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, any>): Promise<string> {
    return String(req.ip ?? req.socket?.remoteAddress ?? 'unknown');
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return context.getType() !== 'http';
  }
}

const REQUEST_LOGGER = Symbol('RequestLogger');

/** Security headers, rate limiting and structured request logs, for every route. */
@Module({})
export class HardeningModule implements NestModule {
  private static logger: Pino | undefined;

  static forRoot(settings: HardeningSettings = hardeningSettingsFromEnv()): DynamicModule {
    const logger = createJsonLogger();
    HardeningModule.logger = logger;
    Logger.overrideLogger(new JsonNestLogger(logger));
    const throttling = settings.rateLimit > 0;
    return {
      module: HardeningModule,
      imports: throttling ? [ThrottlerModule.forRoot({ throttlers: [{ name: 'default', ttl: settings.rateWindowMs, limit: settings.rateLimit }] })] : [],
      providers: [{ provide: REQUEST_LOGGER, useValue: logger }, ...(throttling ? [{ provide: APP_GUARD, useClass: LedgerThrottlerGuard }] : [])],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    const logger = HardeningModule.logger ?? createJsonLogger();
    consumer
      .apply(
        helmet({
          // An API answers JSON: nothing may be framed, sniffed or run from it.
          contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
          crossOriginResourcePolicy: { policy: 'same-origin' },
          strictTransportSecurity: { maxAge: 31536000, includeSubDomains: true },
        }),
        (req: any, res: any, next: () => void) => {
          res.setHeader('Cache-Control', 'no-store');
          const started = process.hrtime.bigint();
          res.on('finish', () => {
            const ctx: RequestContext | undefined = req[CONTEXT_KEY];
            logger.info(
              {
                method: req.method,
                route: req.route?.path ?? null,
                status: res.statusCode,
                durationMs: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
                tenantId: ctx?.tenantId ?? null,
                userId: ctx?.userId ?? null,
                correlationId: ctx?.correlationId ?? null,
              },
              'request',
            );
          });
          next();
        },
      )
      .forRoutes({ path: '{*splat}', method: RequestMethod.ALL });
  }
}
