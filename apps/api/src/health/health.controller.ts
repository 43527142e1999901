import { Controller, Get, Inject, Module } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { EventStore } from '@journey-ledger/event-store';
import { ProjectionRunner } from '@journey-ledger/projections';
import { Public } from '../auth/decorators';
import { EVENT_STORE } from '../infrastructure/tokens';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly runner: ProjectionRunner,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Liveness, the store in use, and each projection’s lag behind the head of the log' })
  async health() {
    const projections = await this.runner.status();
    return { status: 'ok', store: this.store.kind, head: projections[0]?.head ?? 0, projections };
  }
}

@Module({ controllers: [HealthController] })
export class HealthModule {}
