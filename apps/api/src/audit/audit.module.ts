import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AccessLog, DigestSigner } from '@journey-ledger/audit';
import type { EventStore } from '@journey-ledger/event-store';
import { EVENT_STORE, LEDGER_OPTIONS } from '../infrastructure/tokens';
import type { LedgerOptions } from '../infrastructure/ledger.module';
import { AccessLogInterceptor } from './access-log.interceptor';
import { AuditController, JourneyAuditController } from './audit.controller';

/** Tamper evidence and the access log. Global: any module's read route can be `@AuditedRead`. */
@Global()
@Module({
  controllers: [JourneyAuditController, AuditController],
  providers: [
    { provide: AccessLog, useFactory: (store: EventStore, o: LedgerOptions) => new AccessLog(store, o.clock), inject: [EVENT_STORE, LEDGER_OPTIONS] },
    { provide: DigestSigner, useFactory: () => DigestSigner.fromConfig() },
    { provide: APP_INTERCEPTOR, useClass: AccessLogInterceptor },
  ],
  exports: [AccessLog, DigestSigner],
})
export class AuditModule {}
