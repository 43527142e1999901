import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { validationPipe } from './errors/validation';
import type { LedgerOptions } from './infrastructure/ledger.module';
import type { WebAppOptions } from './web/web-app.module';

/**
 * Builds the HTTP application exactly as it runs, for the server and for the e2e tests alike: the
 * API, and the web application at `/` (`web` says where its build is and whether the demo's
 * "sign in as" is offered).
 */
export async function createApp(options: LedgerOptions = {}, logger: false | undefined = undefined, web: WebAppOptions = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options, web), { logger: logger ?? ['error', 'warn'], bodyParser: false });
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
