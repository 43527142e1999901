import { layoutTimeline, type OfficeHours, type ReplaySpell, type ReplayStep } from '../logic/timeline';
import { ScrollRegion } from './ScrollRegion';

/**
 * The swim-lane picture of a journey (drawn as SVG from the pure layout). It is a picture: the
 * step controls and the table of steps beside it are how keyboard and screen-reader users move
 * through and read the same journey.
 */
export function Timeline({
  steps,
  spells,
  current,
  office,
  teamLabel,
}: {
  steps: ReplayStep[];
  spells: ReplaySpell[];
  current: number;
  office: { hours: OfficeHours; timeZone: string };
  teamLabel: (id: string) => string;
}) {
  const l = layoutTimeline(steps, spells, office);
  const shown = new Set(steps.slice(0, current).map((s) => s.step));
  return (
    <ScrollRegion className="app-timeline" label="Swim-lane timeline">
      <svg
        width={l.width + 20}
        height={l.height + 10}
        fontFamily="arial, sans-serif"
        role="img"
        aria-label={`Swim-lane timeline: ${l.lanes.length} teams, ${steps.length} events, step ${current} shown. The steps are listed in the table below.`}
      >
        {l.lanes.map((lane, i) => (
          <g key={lane.team}>
            <rect x={0} y={lane.y - 24} width={l.width + 20} height={48} fill={i % 2 === 0 ? '#f3f2f1' : '#ffffff'} />
            <text x={8} y={lane.y + 5} fontSize={14} fill="#0b0c0c">
              {teamLabel(lane.team)}
            </text>
          </g>
        ))}
        {l.bars.map((b, i) => (
          <g key={`bar-${i}`} opacity={shown.size === 0 ? 0.3 : 1}>
            <rect x={b.x} y={b.y - 10} width={b.width} height={20} fill={b.open ? '#1d70b8' : '#5694ca'} rx={3} />
            <text x={b.x + 4} y={b.y - 13} fontSize={11} fill="#0b0c0c">
              {b.label}
            </text>
          </g>
        ))}
        {l.handoffs.map((h) => (
          <line
            key={`h-${h.step}`}
            x1={h.x}
            x2={h.x}
            y1={h.y1}
            y2={h.y2}
            stroke={shown.has(h.step) ? '#d4351c' : '#b1b4b6'}
            strokeWidth={3}
            markerEnd="url(#arrow)"
          />
        ))}
        {l.events.map((e) => (
          <g key={`e-${e.step}`}>
            <circle
              cx={e.x}
              cy={e.y}
              r={e.step === current ? 9 : 6}
              fill={shown.has(e.step) ? (e.outOfHours ? '#f47738' : '#0b0c0c') : '#ffffff'}
              stroke="#0b0c0c"
              strokeWidth={e.step === current ? 3 : 1}
            />
            {e.outOfHours && (
              <text x={e.x - 4} y={e.y + 24} fontSize={10} fill="#0b0c0c">
                OOH
              </text>
            )}
          </g>
        ))}
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="5" refY="5" markerWidth="5" markerHeight="5" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" fill="#d4351c" />
          </marker>
        </defs>
      </svg>
      <p className="govuk-body-s">
        Bars: time with each team, in working days. Red lines: handovers. Orange dots marked OOH: recorded as happening out of office hours.
      </p>
    </ScrollRegion>
  );
}
