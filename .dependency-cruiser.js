/**
 * The dependency rule, checked in CI (`npm run lint:deps`). Libraries are entered by their
 * index only; the domain is pure; libraries never reach into the apps; nothing goes round in a
 * circle. `docs/architecture.md` draws the layers these rules keep.
 */
const LIBRARY_ENTRY = ['^libs/[^/]+/src/index\\.ts$', '^libs/[^/]+/src/testing/index\\.ts$'];

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes two modules one: break it by moving the shared part down.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'The domain (events, decide/evolve, codes, calendar) imports no other library of ours, no framework, no database and no I/O.',
      from: { path: '^libs/domain/src/', pathNot: ['^libs/domain/src/testing/', '\\.spec\\.ts$'] },
      to: {
        path: [
          '^libs/(?!domain/)',
          '^apps/',
          'node_modules/(@nestjs|pg|better-sqlite3|rxjs|express|jose)/',
          '^(fs|node:fs|child_process|node:child_process|net|node:net|http|node:http)$',
        ],
      },
    },
    { name: 'libraries-never-import-apps', severity: 'error', from: { path: '^libs/' }, to: { path: '^apps/' } },
    {
      name: 'apps-are-separate',
      severity: 'error',
      comment: 'What both apps need lives in a library.',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'library-entry-only',
      severity: 'error',
      comment: 'Another library is entered through its index.ts (or testing/index.ts for specs), never past it.',
      from: { path: '^libs/([^/]+)/' },
      to: { path: '^libs/', pathNot: ['^libs/$1/', ...LIBRARY_ENTRY] },
    },
    {
      name: 'apps-use-library-entries',
      severity: 'error',
      from: { path: '^(apps|test|bench)/' },
      to: { path: '^libs/', pathNot: LIBRARY_ENTRY },
    },
    {
      name: 'test-helpers-only-in-tests',
      severity: 'error',
      comment: 'A library’s testing/ helpers are for specs, tests and benchmarks, not for shipped code.',
      from: { path: '^(libs|apps)/', pathNot: ['\\.spec\\.ts$', '/testing/'] },
      to: { path: '/testing/' },
    },
    { name: 'not-to-unresolvable', severity: 'error', from: {}, to: { couldNotResolve: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^dist/', '^apps/web/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.json'] },
  },
};
