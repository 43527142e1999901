import { Module } from '@nestjs/common';
import { ReplayController } from './replay.controller';
import { ScenariosController } from './scenarios.controller';

/** Service designers' replay: step-through, as-of, and what-if scenarios. */
@Module({ controllers: [ReplayController, ScenariosController] })
export class ReplayModule {}
