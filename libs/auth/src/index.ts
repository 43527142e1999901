export * from './roles';
export * from './development-token';
export * from './claim-mapping';
