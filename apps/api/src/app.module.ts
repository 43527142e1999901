import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth/auth.guard';
import { ProblemFilter } from './errors/problem.filter';
import { HealthModule } from './health/health.controller';
import { LedgerModule, LedgerOptions } from './infrastructure/ledger.module';
import { JourneysModule } from './journeys/journeys.module';
import { FamiliesModule } from './families/families.module';
import { MetricsModule } from './metrics/metrics.module';
import { ReplayModule } from './replay/replay.module';
import { AuditModule } from './audit/audit.module';
import { HardeningModule } from './hardening/hardening.module';
import { PeopleModule } from './people/people.module';
import { ImportsModule } from './imports/imports.module';
import { CouncilModule } from './council/council.controller';
import { WebAppModule, WebAppOptions } from './web/web-app.module';
import { ProcessMiningModule } from './process-mining/process-mining.module';

/** One module per capability; the guard and the error filter apply to all of them. */
@Module({})
export class AppModule {
  static forRoot(options: LedgerOptions = {}, web: WebAppOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        HardeningModule.forRoot(),
        WebAppModule.forRoot(web),
        LedgerModule.forRoot(options),
        CouncilModule,
        AuditModule,
        PeopleModule,
        HealthModule,
        JourneysModule,
        FamiliesModule,
        MetricsModule,
        ReplayModule,
        ImportsModule,
        ProcessMiningModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
    };
  }
}
