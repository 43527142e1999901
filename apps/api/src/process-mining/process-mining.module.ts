import { Module } from '@nestjs/common';
import { ProcessMiningController } from './process-mining.controller';

/** Process mining: XES and OCEL 2.0 exports, and the handover measures on any tenant's streams. */
@Module({ controllers: [ProcessMiningController] })
export class ProcessMiningModule {}
