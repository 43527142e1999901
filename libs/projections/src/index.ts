export * from './runner/projection';
export * from './runner/projection-runner';
export * from './runner/insert-rows';
export * from './runner/journey-states';
export * from './journey-facts/journey-facts.projection';
export * from './journey-facts/journey-facts.schema';
export * from './journey-facts/journey-outcome';
export * from './read-models';
