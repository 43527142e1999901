export * from './roles';
export * from './development-token';
