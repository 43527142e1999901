import type { Benchmark } from './lib/harness';
import { bulkGenerate } from './bulk-generate.bench';
import { rawDriver } from './raw-driver.bench';
import { emmett } from './emmett.bench';
import { csvImport } from './csv-import.bench';
import { projectionRebuild } from './projection-rebuild.bench';
import { apiCommands } from './api-commands.bench';
import { metricsQueries } from './metrics-queries.bench';
import { cinCensusImport } from './cin-census-import.bench';
import { webPages } from './web-pages.bench';
import { processMining } from './process-mining.bench';
import { equalityQueries } from './equality-queries.bench';
import { scenarioList } from './scenario-list.bench';
import { familyMeasures } from './family-measures.bench';
import { demoLoad } from './demo-load.bench';

/** Every benchmark `npm run bench` runs, in order. Append yours (one line each). */
export const benchmarks: Benchmark[] = [
  bulkGenerate,
  rawDriver,
  emmett,
  csvImport,
  projectionRebuild,
  apiCommands,
  metricsQueries,
  cinCensusImport,
  webPages,
  processMining,
  equalityQueries,
  scenarioList,
  familyMeasures,
  demoLoad,
];
