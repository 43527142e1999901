export * from './demo-journeys';
export * from './external-logs';
