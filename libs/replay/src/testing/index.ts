export * from './fixtures';
export * from './scenario-fixtures';
