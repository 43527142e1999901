export * from './as-of/as-of';
export * from './step-through/step-through';
export * from './scenario/scenario-document';
export * from './scenario/transform';
export * from './scenario/measures';
export * from './scenario/compare';
export * from './scenario/scenario-runner';
export * from './scenario/scenario-store';
