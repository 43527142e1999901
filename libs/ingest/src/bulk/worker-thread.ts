import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread on a module of ours. Built, the module is JavaScript and loads as it is;
 * under ts-node (the CLI, the benchmarks) or Jest it is TypeScript, and the worker registers
 * ts-node and the path aliases itself before loading it.
 */
export function startWorker(moduleFile: string, workerData: unknown): Worker {
  const register = extname(moduleFile) === '.ts' ? "require('ts-node').register({ transpileOnly: true }); require('tsconfig-paths/register');" : '';
  return new Worker(`${register} require(${JSON.stringify(moduleFile)});`, { eval: true, workerData });
}

/** The file of a sibling module, with the extension the caller runs under (`.ts` or `.js`). */
export const siblingModule = (callerFile: string, dir: string, name: string): string => join(dir, `${name}${extname(callerFile)}`);
