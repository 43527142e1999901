/**
 * The swim-lane layout of a journey: one lane per team (in the order the journey reached them),
 * one column per event, each spell with a team a bar across the columns it lasted, each handover
 * a hand-off from one lane to the next. Columns, not a time axis: a 30-minute triage and a
 * 300-day plan would otherwise not both be visible; the waiting time is written on the bar.
 */
export interface ReplayStep {
  readonly step: number;
  readonly event: {
    readonly eventId: string;
    readonly type: string;
    readonly occurredAt: string;
    readonly recordedAt: string;
    readonly data: Record<string, unknown>;
  };
  readonly holder: string | null;
  readonly handover?: { readonly from: string; readonly to: string };
  readonly waitingWithHolder?: { readonly team: string; readonly workingDays: number; readonly hours: number } | null;
}

export interface ReplaySpell {
  readonly team: string;
  readonly since: string;
  readonly until: string | null;
  readonly open: boolean;
  readonly workingDays: number;
  readonly hours: number;
}

export interface OfficeHours {
  readonly days: readonly number[];
  readonly opens: string;
  readonly closes: string;
}

export interface TimelineLayout {
  readonly width: number;
  readonly height: number;
  readonly lanes: { team: string; y: number }[];
  readonly bars: { team: string; x: number; width: number; y: number; label: string; open: boolean }[];
  readonly handoffs: { step: number; from: string; to: string; x: number; y1: number; y2: number }[];
  readonly events: { step: number; type: string; x: number; y: number; outOfHours: boolean }[];
}

export const LANE_HEIGHT = 48;
export const COLUMN_WIDTH = 64;
export const LABEL_WIDTH = 200;

export function workingDaysLabel(workingDays: number, hours: number): string {
  if (workingDays === 0) return hours < 1 ? 'under an hour' : `${Math.round(hours)} h`;
  return workingDays === 1 ? '1 working day' : `${workingDays} working days`;
}

/** Whether an instant falls outside the council's office hours, in its own time zone. */
export function isOutOfHours(iso: string, hours: OfficeHours, timeZone: string): boolean {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(
    new Date(iso),
  );
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday'));
  const time = `${get('hour')}:${get('minute')}`;
  return !hours.days.includes(day) || time < hours.opens || time >= hours.closes;
}

export function layoutTimeline(steps: readonly ReplayStep[], spells: readonly ReplaySpell[], office: { hours: OfficeHours; timeZone: string }): TimelineLayout {
  const teams: string[] = [];
  const lane = (team: string) => {
    if (!teams.includes(team)) teams.push(team);
    return teams.indexOf(team);
  };
  for (const s of spells) lane(s.team);
  for (const s of steps) if (s.holder !== null) lane(s.holder);
  const yOf = (team: string) => lane(team) * LANE_HEIGHT + LANE_HEIGHT / 2;
  const xOf = (column: number) => LABEL_WIDTH + column * COLUMN_WIDTH + COLUMN_WIDTH / 2;

  // A spell starts at the column of the step that handed the journey to its team.
  const startColumn: number[] = [];
  let spell = -1;
  steps.forEach((s, i) => {
    if (i === 0 || s.handover !== undefined) startColumn[++spell] = i;
  });
  const bars = spells.map((s, i) => {
    const from = startColumn[i] ?? 0;
    const to = startColumn[i + 1] ?? steps.length - 1;
    return {
      team: s.team,
      x: xOf(from),
      width: Math.max(xOf(to) - xOf(from), 8),
      y: yOf(s.team),
      label: workingDaysLabel(s.workingDays, s.hours),
      open: s.open,
    };
  });
  const handoffs = steps.flatMap((s, i) =>
    s.handover ? [{ step: s.step, from: s.handover.from, to: s.handover.to, x: xOf(i), y1: yOf(s.handover.from), y2: yOf(s.handover.to) }] : [],
  );
  const events = steps.map((s, i) => ({
    step: s.step,
    type: s.event.type,
    x: xOf(i),
    y: yOf(s.holder ?? teams[0] ?? ''),
    outOfHours: isOutOfHours(s.event.occurredAt, office.hours, office.timeZone),
  }));
  return {
    width: xOf(steps.length),
    height: Math.max(teams.length, 1) * LANE_HEIGHT,
    lanes: teams.map((team) => ({ team, y: yOf(team) })),
    bars,
    handoffs,
    events,
  };
}
