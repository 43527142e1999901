export * from './port/event-store.port';
export * from './port/errors';
export * from './integrity/hash-chain';
export * from './integrity/seal';
export * from './embedded/sqlite-event-store';
export * from './postgres/postgres-event-store';
export * from './store-factory';
export * from './kurrentdb/kurrentdb-event-store';
export * as kurrentDbMapping from './kurrentdb/mapping';
