import type { Request, Response } from 'express';
import { DynamicModule, Inject, Logger, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { ThrottlerStorageService } from '@nestjs/throttler';
import helmet from 'helmet';
import type { Logger as Pino } from 'pino';
import { CONTEXT_KEY, RequestContext } from '../auth/request-context';
import { bodyDepthGuard, unsafeFieldGuard } from './body-shape';
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

/**
 * Rate limiting with @nestjs/throttler's storage, applied as middleware: it runs before any guard,
 * so a flood of forged tokens is throttled as surely as good ones (a guard would only count
 * requests that got past authentication). Counted per client address.
 */
function rateLimiter(settings: HardeningSettings, storage: ThrottlerStorageService) {
  const ttl = settings.rateWindowMs;
  return async (req: Request, res: Response, next: (e?: unknown) => void) => {
    try {
      const key = `rate:${String(req.ip ?? req.socket?.remoteAddress ?? 'unknown')}`;
      const hit = await storage.increment(key, ttl, settings.rateLimit, ttl, 'default');
      res.setHeader('X-RateLimit-Limit', String(settings.rateLimit));
      res.setHeader('X-RateLimit-Remaining', String(Math.max(0, settings.rateLimit - hit.totalHits)));
      if (hit.isBlocked) {
        res.setHeader('Retry-After', String(Math.max(1, Math.ceil(hit.timeToBlockExpire))));
        res.status(429).json({ statusCode: 429, error: 'Too Many Requests', message: 'too many requests: slow down and retry later' });
        return;
      }
      next();
    } catch (e) {
      next(e);
    }
  };
}

const REQUEST_LOGGER = Symbol('RequestLogger');
const HARDENING_SETTINGS = Symbol('HardeningSettings');

/** Security headers, rate limiting and structured request logs, for every route. */
@Module({})
export class HardeningModule implements NestModule {
  static forRoot(settings: HardeningSettings = hardeningSettingsFromEnv()): DynamicModule {
    const logger = createJsonLogger();
    Logger.overrideLogger(new JsonNestLogger(logger));
    return {
      module: HardeningModule,
      providers: [{ provide: REQUEST_LOGGER, useValue: logger }, { provide: HARDENING_SETTINGS, useValue: settings }, ThrottlerStorageService],
    };
  }

  constructor(
    private readonly storage: ThrottlerStorageService,
    @Inject(HARDENING_SETTINGS) private readonly settings: HardeningSettings,
    @Inject(REQUEST_LOGGER) private readonly logger: Pino,
  ) {}

  configure(consumer: MiddlewareConsumer): void {
    const { logger, settings } = this;
    const limiter = settings.rateLimit > 0 ? [rateLimiter(settings, this.storage)] : [];
    consumer
      .apply(
        helmet({
          // An API answers JSON: nothing may be framed, sniffed or run from it.
          contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
          crossOriginResourcePolicy: { policy: 'same-origin' },
          strictTransportSecurity: { maxAge: 31536000, includeSubDomains: true },
        }),
        (req: Request, res: Response, next: () => void) => {
          res.setHeader('Cache-Control', 'no-store');
          const started = process.hrtime.bigint();
          res.on('finish', () => {
            const ctx = (req as unknown as Record<string, RequestContext | undefined>)[CONTEXT_KEY];
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
        ...limiter,
        bodyDepthGuard,
        unsafeFieldGuard,
      )
      .forRoutes({ path: '{*splat}', method: RequestMethod.ALL });
  }
}
