import type { Command } from 'commander';
import { registerGenerate } from './generate.command';
import { registerImport } from './import.command';
import { registerProject } from './project.command';
import { registerReplay } from './replay.command';
import { registerScenario } from './scenario.command';
import { registerToken } from './token';
import { registerVault } from './vault.command';
import { registerVerify } from './verify';

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
];
