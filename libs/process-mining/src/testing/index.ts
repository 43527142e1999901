export * from './demo-journeys';
export * from './external-logs';
export * from './two-pass-journeys';
