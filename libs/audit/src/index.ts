export * from './chain-verification';
export * from './store-verification';
export * from './digest';
export * from './access-log';
