import type { Command } from 'commander';
import { registerGenerate } from './generate.command';
import { registerImport } from './import.command';
import { registerProject } from './project.command';
import { registerReplay } from './replay.command';
import { registerScenario } from './scenario.command';
import { registerToken } from './token';
import { registerVault } from './vault.command';
import { registerVerify } from './verify';
import { registerExportXes } from './export-xes.command';
import { registerExportOcel } from './export-ocel.command';
import { registerImportXes } from './import-xes.command';
import { registerHandovers } from './handovers.command';
import { registerMigrate } from './migrate.command';

/** A command registers itself on the program. Append yours to the list (one line each). */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [
  registerGenerate,
  registerImport,
  registerProject,
  registerReplay,
  registerScenario,
  registerToken,
  registerVault,
  registerVerify,
  registerExportXes,
  registerExportOcel,
  registerImportXes,
  registerHandovers,
  registerMigrate,
];
