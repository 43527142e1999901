export * from './prng';
export * from './local-clock';
export * from './team-roles';
export * from './generator';
export * from './presets';
export * from './worker/generate-in-worker';
export * from './csv-export';
export * from './characteristics';
