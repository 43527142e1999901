/**
 * Test tiers show in file names: `*.unit.spec.ts` (pure), `*.int.spec.ts` (a real store),
 * `*.e2e.spec.ts` (HTTP through the Nest app). All run in one `npm test`.
 */
/** Each library is imported by its name only (`@journey-ledger/domain`), never past its index. */
const moduleNameMapper = {
  '^@journey-ledger/([a-z-]+)$': '<rootDir>/libs/$1/src',
  // Test helpers a library offers other libraries' specs: its testing/index.ts, nothing deeper.
  '^@journey-ledger/([a-z-]+)/testing$': '<rootDir>/libs/$1/src/testing',
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
  // The default reporter, then one line per tier that could not run here (the KurrentDB contract without a server).
  reporters: ['default', '<rootDir>/test/support/not-run-reporter.js'],
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/{libs,apps}/**/*.unit.spec.ts'], testPathIgnorePatterns: ['/node_modules/', '<rootDir>/apps/web/'] },
    // The web application's view logic (pure modules under apps/web/src/logic), compiled for Jest.
    {
      ...base,
      displayName: 'web',
      testMatch: ['<rootDir>/apps/web/**/*.unit.spec.ts'],
      transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'apps/web/tsconfig.jest.json' }] },
      moduleNameMapper: { '^csv-stringify/browser/esm/sync$': '<rootDir>/node_modules/csv-stringify/dist/cjs/sync.cjs' },
      // Pure page logic: no server, so none of the server's test secrets.
      setupFiles: [],
    },
    { ...base, displayName: 'int', testMatch: ['<rootDir>/{libs,apps}/**/*.int.spec.ts'], globalSetup: '<rootDir>/test/global-setup.ts' },
    { ...base, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e.spec.ts'], globalSetup: '<rootDir>/test/global-setup.ts' },
  ],
};
