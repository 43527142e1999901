import { createContext, useContext } from 'react';
import type { OfficeHours } from './logic/timeline';

export interface Council {
  readonly id: string;
  readonly name: string;
  readonly timeZone: string;
  readonly officeHours: OfficeHours;
  readonly levelsOfNeed: string[];
  readonly teams: { id: string; name: string; tier: string; area: string }[];
  readonly tiers: string[];
  readonly sources: { code: string; label: string }[];
  readonly outcomes: string[];
  readonly roles: string[];
  readonly userId: string;
}

export const CouncilContext = createContext<Council | null>(null);

export function useCouncil(): Council {
  const c = useContext(CouncilContext);
  if (c === null) throw new Error('no council loaded');
  return c;
}

export const teamName = (c: Council, id: string) => c.teams.find((t) => t.id === id)?.name ?? id;
