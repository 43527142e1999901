import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ExecuteJourneyCommandHandler } from './execute-journey-command';
import { JourneyCommandsController } from './journey-commands.controller';
import { GetJourneyEventsHandler, GetJourneyHandler } from './journey-queries';
import { JourneyQueriesController } from './journey-queries.controller';
import { JourneySearchController } from './journey-search.controller';

@Module({
  imports: [CqrsModule],
  controllers: [JourneyCommandsController, JourneyQueriesController, JourneySearchController],
  providers: [ExecuteJourneyCommandHandler, GetJourneyHandler, GetJourneyEventsHandler],
})
export class JourneysModule {}
