import { Writable } from 'node:stream';
import { createProgress } from './progress';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(
        ...chunk
          .toString()
          .split('\n')
          .filter((l: string) => l !== ''),
      );
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  return { lines, stream };
}

describe('progress when not on a terminal', () => {
  it('prints a plain line per interval with rate and ETA, and a last line on stop', () => {
    let now = 0;
    const { lines, stream } = capture();
    const p = createProgress({ label: 'generate', total: 1000, unit: 'journeys', stream, tty: false, intervalSeconds: 5, now: () => now });
    now = 1000;
    p.update(100); // 1 s in: before the first interval, nothing is printed
    now = 5000;
    p.update(500, { events: 2500 }); // 500 in 5 s = 100/s; 500 left = 5 s
    now = 6000;
    p.update(600);
    now = 10_000;
    p.update(1000);
    p.stop();
    expect(lines).toEqual([
      'generate: 500/1000 journeys (50%) 100 journeys/s eta 5s events=2500',
      'generate: 1000/1000 journeys (100%) 100 journeys/s eta 0s',
      'generate: 1000/1000 journeys (100%) 100 journeys/s eta 0s',
    ]);
  });
});
