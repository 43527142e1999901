import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AccessLog, DigestSigner } from '@journey-ledger/audit';
import type { EventStore } from '@journey-ledger/event-store';
import { AccessPagesIndex } from '@journey-ledger/read-models';
import type { SqlDatabase } from '@journey-ledger/sql';
import { EVENT_STORE, LEDGER_OPTIONS, SQL_DATABASE } from '../infrastructure/tokens';
import type { LedgerOptions } from '../infrastructure/ledger.module';
import { AccessLogInterceptor } from './access-log.interceptor';
import { AuditController, JourneyAuditController } from './audit.controller';

/** Tamper evidence and the access log. Global: any module's read route can be `@AuditedRead`. */
@Global()
@Module({
  controllers: [JourneyAuditController, AuditController],
  providers: [
    {
      provide: AccessLog,
      useFactory: (store: EventStore, db: SqlDatabase, o: LedgerOptions) => new AccessLog(store, { clock: o.clock, pages: new AccessPagesIndex(db) }),
      inject: [EVENT_STORE, SQL_DATABASE, LEDGER_OPTIONS],
    },
    { provide: DigestSigner, useFactory: () => DigestSigner.fromConfig() },
    { provide: APP_INTERCEPTOR, useClass: AccessLogInterceptor },
  ],
  exports: [AccessLog, DigestSigner],
})
export class AuditModule {}
