import type { Command } from 'commander';
import { registerGenerate } from './generate.command';

/** A command registers itself on the program. Append yours to the list (one line each). */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [
  registerGenerate,
];
