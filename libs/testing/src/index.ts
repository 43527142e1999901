export * from './postgres';
export * from './stores';
