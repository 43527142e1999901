import type { Command } from 'commander';



/** A command registers itself on the program. Append yours to the list (one line each). */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [


];
