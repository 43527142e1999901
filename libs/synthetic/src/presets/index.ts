import { england202425 } from './england-2024-25';
import { seedCouncil201516 } from './seed-council-2015-16';
import { familiesFirst2026 } from './families-first-2026';
import type { SyntheticPreset } from './preset';

export * from './preset';
export { england202425, seedCouncil201516, familiesFirst2026 };

export const PRESETS: Readonly<Record<string, SyntheticPreset>> = {
  [england202425.id]: england202425,
  [seedCouncil201516.id]: seedCouncil201516,
  [familiesFirst2026.id]: familiesFirst2026,
};
