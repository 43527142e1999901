import { england202425 } from './england-2024-25';
import { seedCouncil201516 } from './seed-council-2015-16';
import type { SyntheticPreset } from './preset';

export * from './preset';
export { england202425, seedCouncil201516 };

export const PRESETS: Readonly<Record<string, SyntheticPreset>> = {
  [england202425.id]: england202425,
  [seedCouncil201516.id]: seedCouncil201516,
};
