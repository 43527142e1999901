/**
 * Test tiers show in file names: `*.unit.spec.ts` (pure), `*.int.spec.ts` (a real store),
 * `*.e2e.spec.ts` (HTTP through the Nest app). All run in one `npm test`.
 */
const moduleNameMapper = {
  '^@journey-ledger/replay$': '<rootDir>/libs/replay/src',
  '^@journey-ledger/replay/(.*)$': '<rootDir>/libs/replay/src/$1',
  '^@journey-ledger/analytics$': '<rootDir>/libs/analytics/src',
  '^@journey-ledger/analytics/(.*)$': '<rootDir>/libs/analytics/src/$1',
  '^@journey-ledger/(audit|vault|csv)$': '<rootDir>/libs/$1/src',
  '^@journey-ledger/process-mining$': '<rootDir>/libs/process-mining/src',
  '^@journey-ledger/process-mining/(.*)$': '<rootDir>/libs/process-mining/src/$1',
  '^@journey-ledger/(domain|sql|event-store|projections|application|testing|synthetic|ingest)$': '<rootDir>/libs/$1/src',
  '^@journey-ledger/(domain|sql|event-store|projections|application|testing|synthetic|ingest)/(.*)$': '<rootDir>/libs/$1/src/$2',
};
const base = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  rootDir: __dirname,
  setupFiles: ['<rootDir>/test/support/test-secrets.ts'],
};
module.exports = {
  testTimeout: 60000,
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/{libs,apps}/**/*.unit.spec.ts'] },
    { ...base, displayName: 'int', testMatch: ['<rootDir>/{libs,apps}/**/*.int.spec.ts'], globalSetup: '<rootDir>/test/global-setup.ts' },
    { ...base, displayName: 'e2e', testMatch: ['<rootDir>/{test,apps}/**/*.e2e.spec.ts'], globalSetup: '<rootDir>/test/global-setup.ts' },
  ],
};
