import { Module } from '@nestjs/common';
import { FamiliesController } from './families.controller';

/** Families: the journeys of siblings and of the same child over time, side by side. */
@Module({ controllers: [FamiliesController] })
export class FamiliesModule {}
