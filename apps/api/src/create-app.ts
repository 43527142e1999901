import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { prepareSecrets } from './config/start-up-secrets';
import { createJsonLogger } from './hardening/json-logger';
import { validationPipe } from './errors/validation';
import type { LedgerOptions } from './infrastructure/ledger.module';
import type { WebAppOptions } from './web/web-app.module';

export interface AppOptions extends LedgerOptions {
  /** The demo (`npm run demo`): the only start allowed to fall back to the public development secrets. */
  readonly demo?: boolean;
}

/**
 * Builds the HTTP application exactly as it runs, for the server and for the e2e tests alike: the
 * API, and the web application at `/` (`web` says where its build is and whether the demo's
 * "sign in as" is offered).
 * Refuses (`StartUpRefused`) when a secret is missing or weak, unless this is the demo.
 */
export async function createApp(options: AppOptions = {}, logger: false | undefined = undefined, web: WebAppOptions = {}): Promise<INestApplication> {
  const filled = prepareSecrets(options.demo ? 'demo' : 'service');
  if (filled.length > 0) {
    createJsonLogger().warn(
      { settings: filled },
      `demo mode: using the public development secrets for ${filled.join(', ')}; anyone can mint tokens for this server and open its vault. Never use it for real data.`,
    );
  }
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options, web), {
    logger: logger ?? ['error', 'warn'],
    bodyParser: false,
    // A failure while starting reaches the caller (main.ts logs it and exits) instead of aborting the process.
    abortOnError: false,
  });
  app.useBodyParser('json', { limit: '256kb' });
  app.useGlobalPipes(validationPipe());
  app.enableShutdownHooks();
  const doc = new DocumentBuilder()
    .setTitle('Journey Ledger')
    .setDescription('Records children’s journeys through a council’s front door as events; counts handovers and NFA rates.')
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, SwaggerModule.createDocument(app, doc));
  return app;
}
