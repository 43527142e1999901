export * from './sql-database';
export * from './sqlite-database';
export * from './postgres-database';
export * from './sqlite-lock-wait';
