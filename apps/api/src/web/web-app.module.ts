import type { Request, Response } from 'express';
import { DynamicModule, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import serveStatic from 'serve-static';
import { DevSignInController } from './dev-sign-in.controller';
import { DEMO_SIGN_IN, SignInController } from './sign-in.controller';
import { providerOrigin, signInSettingsFromEnv } from './sign-in-settings';

export interface WebAppOptions {
  /** The web application's build output (default `apps/web/dist`, or `JOURNEY_LEDGER_WEB_DIR`). */
  readonly dir?: string;
  /** Offer "sign in as" a development role (the demo only; never with a real identity provider). */
  readonly devSignIn?: boolean;
}

export const webDirFromEnv = (env: NodeJS.ProcessEnv = process.env): string => resolve(env.JOURNEY_LEDGER_WEB_DIR ?? join(process.cwd(), 'apps/web/dist'));

/**
 * The page's own policy, replacing the API's `default-src 'none'` on the documents served here:
 * scripts, fonts and data only from this origin, and calls to the identity provider (its discovery
 * document and token endpoint) when one is configured. Inline style attributes are allowed because
 * the chart library positions its tooltips with them; inline scripts are not.
 */
const pagePolicy = (provider: string | undefined) =>
  [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    provider === undefined ? "connect-src 'self'" : `connect-src 'self' ${provider}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');

/** The single page and its fingerprinted assets: `/` and `/assets/…`. Every other path is the API's. */
function webApp(dir: string) {
  const policy = pagePolicy(providerOrigin(signInSettingsFromEnv()));
  const assets = serveStatic(join(dir, 'assets'), {
    index: false,
    fallthrough: false,
    immutable: true,
    maxAge: '365d',
  });
  const page = join(dir, 'index.html');
  return (req: Request, res: Response, next: (e?: unknown) => void) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const path: string = req.path ?? req.url;
    if (path.startsWith('/assets/')) {
      req.url = req.url.slice('/assets'.length);
      // The API marks every answer no-store; fingerprinted files may be kept (serve-static keeps a header already set).
      res.removeHeader('Cache-Control');
      return assets(req, res, next);
    }
    if (path !== '/' && path !== '/index.html') return next();
    if (!existsSync(page)) {
      res.status(404).type('text/plain').send('The web application is not built: run `npm run build:web`.\n');
      return;
    }
    res.setHeader('Content-Security-Policy', policy);
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(page);
  };
}

/** Serves the web application from the API's own port, after the API's hardening middleware. */
@Module({})
export class WebAppModule implements NestModule {
  private static dir = webDirFromEnv();

  static forRoot(options: WebAppOptions = {}): DynamicModule {
    WebAppModule.dir = options.dir ?? webDirFromEnv();
    return {
      module: WebAppModule,
      controllers: options.devSignIn ? [SignInController, DevSignInController] : [SignInController],
      providers: [{ provide: DEMO_SIGN_IN, useValue: options.devSignIn === true }],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(webApp(WebAppModule.dir)).forRoutes({ path: '{*splat}', method: RequestMethod.GET });
  }
}
