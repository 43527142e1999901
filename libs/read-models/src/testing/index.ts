export * from './fixture-journeys';
