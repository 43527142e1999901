import { Controller, Get, Inject, Module } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { EventStore } from '@journey-ledger/event-store';
import { ProjectionRunner } from '@journey-ledger/read-models';
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
  @ApiOperation({ summary: 'Liveness, the store in use, and each projection’s stored checkpoint and lag behind the last position in the log' })
  async health() {
    const projections = await this.runner.status();
    const failing = projections.some((p) => p.error !== undefined);
    return { status: failing ? 'degraded' : 'ok', store: this.store.kind, projectionMode: this.runner.mode, head: projections[0]?.head ?? 0, projections };
  }
}

@Module({ controllers: [HealthController] })
export class HealthModule {}
