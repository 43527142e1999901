export * from './fixtures';
export * from './decider-specification';
