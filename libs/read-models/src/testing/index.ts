export * from './fixture-journeys';
export * from './spec-journeys';
