import { DynamicModule, Global, Inject, Injectable, Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { JourneyCommandService, TenantRegistry, tenantsDirFromEnv } from '@journey-ledger/application';
import { EventSeal, openStore, storeSettingsFromEnv } from '@journey-ledger/event-store';
import type { EventStore, OpenedStore, StoreSettings } from '@journey-ledger/event-store';
import { describeError, openReadModels, ProjectionRunner } from '@journey-ledger/read-models';
import type { RunnerMode } from '@journey-ledger/read-models';
import type { SqlDatabase } from '@journey-ledger/sql';
import { EVENT_STORE, LEDGER_OPTIONS, SQL_DATABASE } from './tokens';

export interface LedgerOptions {
  readonly store?: StoreSettings;
  readonly tenantsDir?: string;
  readonly tenants?: TenantRegistry;
  /** Follow the log in the background (the server); tests and the CLI may catch up on demand. */
  readonly followLog?: boolean;
  /**
   * `observe` leaves projecting to a separate worker (`npm run cli -- project --follow`): this
   * process never writes a read model and waits on the worker's checkpoints. Default: from
   * JOURNEY_LEDGER_PROJECTIONS (`worker` means observe), else `project`.
   */
  readonly projections?: RunnerMode;
  readonly clock?: () => Date;
}

/** Starts and stops the projection runner with the application. */
@Injectable()
class ReadModelLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly runner: ProjectionRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_OPTIONS) private readonly options: LedgerOptions,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.runner.catchUp();
    if (this.runner.mode === 'project' && (this.options.followLog ?? true)) this.runner.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
    await this.store.close();
  }
}

/**
 * The ledger's infrastructure as Nest providers: a thin shell around the store, the read
 * models and the command service, none of which know about Nest.
 */
@Global()
@Module({})
export class LedgerModule {
  static forRoot(options: LedgerOptions = {}): DynamicModule {
    return {
      module: LedgerModule,
      providers: [
        { provide: LEDGER_OPTIONS, useValue: options },
        {
          provide: 'OPENED_STORE',
          useFactory: () => openStore(options.store ?? storeSettingsFromEnv(), options.clock),
        },
        { provide: EVENT_STORE, useFactory: (o: { eventStore: EventStore }) => o.eventStore, inject: ['OPENED_STORE'] },
        { provide: SQL_DATABASE, useFactory: (o: { db: SqlDatabase }) => o.db, inject: ['OPENED_STORE'] },
        { provide: EventSeal, useFactory: (o: OpenedStore) => o.seal, inject: ['OPENED_STORE'] },
        {
          provide: TenantRegistry,
          useFactory: () => options.tenants ?? TenantRegistry.fromDirectory(options.tenantsDir ?? tenantsDirFromEnv()),
        },
        {
          provide: ProjectionRunner,
          useFactory: (store: EventStore, db: SqlDatabase, tenants: TenantRegistry) => {
            const log = new Logger('Projections');
            const mode = options.projections ?? (process.env.JOURNEY_LEDGER_PROJECTIONS === 'worker' ? 'observe' : 'project');
            return openReadModels(store, db, {
              tenants: tenants.configOf,
              mode,
              onError: (e) => log.error(`a batch failed and will be tried again: ${describeError(e)}`),
            });
          },
          inject: [EVENT_STORE, SQL_DATABASE, TenantRegistry],
        },
        {
          provide: JourneyCommandService,
          useFactory: (store: EventStore, tenants: TenantRegistry) => new JourneyCommandService(store, tenants, options.clock),
          inject: [EVENT_STORE, TenantRegistry],
        },
        ReadModelLifecycle,
      ],
      exports: [EVENT_STORE, SQL_DATABASE, EventSeal, TenantRegistry, ProjectionRunner, JourneyCommandService, LEDGER_OPTIONS],
    };
  }
}
