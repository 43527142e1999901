import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { neutraliseFormula } from '@journey-ledger/csv';
import type { JourneyCommand } from '@journey-ledger/domain';
import type { GeneratedJourney } from './generator';

/*
 * Synthetic journeys as the CSV lists of docs/import-format.md, for testing and benchmarking the
 * import at scale. Plans have no list, so they are not exported (the journeys close all the same).
 */
const HEADERS = {
  contacts: [
    'Child Unique ID',
    'Journey ID',
    'Contact ID',
    'Date of Contact',
    'Contact Source',
    'Contact Channel',
    'Receiving Team',
    'Level of Need',
    'Concerns',
    'Contact Outcome',
    'Date of Contact Decision',
    'Deciding Team',
  ],
  referrals: ['Child Unique ID', 'Journey ID', 'Referral ID', 'Date of Referral', 'Referral Source', 'Primary Need Code', 'Allocated Team'],
  assessments: [
    'Child Unique ID',
    'Journey ID',
    'Assessment ID',
    'Assessment Type',
    'Continuous Assessment Start Date',
    'Continuous Assessment Date of Authorisation',
    'Assessment Outcome',
    'Assessment Factors',
    'Allocated Team',
  ],
  transfers: ['Child Unique ID', 'Journey ID', 'Involvement ID', 'Team', 'Involvement Start Date', 'Involvement End Date', 'Reason'],
  closures: ['Child Unique ID', 'Journey ID', 'Closure Date', 'Reason for Closure', 'Closing Team'],
} as const;
type List = keyof typeof HEADERS;

const field = (raw: string) => {
  const v = neutraliseFormula(raw);
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
};
const line = (values: readonly string[]) => values.map(field).join(',') + '\n';

/** Writes the journeys (in order: their Journey IDs sort as they come) to `<dir>/<list>.csv`; returns rows per list. */
export async function writeJourneysAsCsv(journeys: Iterable<GeneratedJourney>, dir: string): Promise<Record<List, number>> {
  const out = {} as Record<List, Writable>;
  const counts = { contacts: 0, referrals: 0, assessments: 0, transfers: 0, closures: 0 };
  for (const list of Object.keys(HEADERS) as List[]) {
    out[list] = createWriteStream(join(dir, `${list}.csv`));
    out[list].write(line(HEADERS[list]));
  }
  let i = 0;
  const write = async (list: List, values: string[]) => {
    counts[list] += 1;
    if (!out[list].write(line(values))) await once(out[list], 'drain');
  };
  for (const j of journeys) {
    const ref = `J${String(i++).padStart(9, '0')}`;
    const child = j.ref!.childRef;
    let contact: string[] | undefined;
    let assessment: string[] | undefined;
    let involvement = 0;
    const commands: JourneyCommand[] = j.commands.map((c) => c.command);
    for (const c of commands) {
      const at = c.data.occurredAt;
      switch (c.type) {
        case 'RecordContact':
          contact = [child, ref, c.data.contactId, at, c.data.source, c.data.channel, c.data.team, c.data.levelOfNeed, c.data.concerns.join(';'), '', '', ''];
          break;
        case 'DecideContact':
          if (contact) {
            contact[9] = c.data.outcome;
            contact[10] = at;
            contact[11] = c.data.team;
            await write('contacts', contact);
            contact = undefined;
          }
          break;
        case 'AcceptReferral':
          await write('referrals', [child, ref, c.data.referralId, at, c.data.source, c.data.primaryNeedCode, c.data.team]);
          break;
        case 'HandOver':
        case 'StepDown':
        case 'StepUp':
          await write('transfers', [child, ref, `${ref}-I${++involvement}`, c.data.toTeam, at, '', c.data.reason]);
          break;
        case 'StartAssessment':
          assessment = [child, ref, c.data.assessmentId, c.data.kind, at, '', '', '', c.data.team];
          break;
        case 'CompleteAssessment':
          if (assessment) {
            assessment[5] = at;
            assessment[6] = c.data.outcome;
            assessment[7] = c.data.factors.join(';');
            await write('assessments', assessment);
            assessment = undefined;
          }
          break;
        case 'CloseJourney':
          await write('closures', [child, ref, at, c.data.reason, c.data.team ?? '']);
          break;
        default:
          break; // plans and withdrawals have no list
      }
    }
    if (contact) await write('contacts', contact);
    if (assessment) await write('assessments', assessment);
  }
  await Promise.all(
    Object.values(out).map(async (s) => {
      s.end();
      await once(s, 'finish');
    }),
  );
  return counts;
}
