import { Module } from '@nestjs/common';
import { ChangesController } from './changes.controller';
import { MetricsController } from './metrics.controller';

@Module({ controllers: [MetricsController, ChangesController] })
export class MetricsModule {}
