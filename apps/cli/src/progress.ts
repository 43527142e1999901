import { SingleBar, Presets } from 'cli-progress';

/** Progress of a long command: a bar with rate and ETA on a terminal, plain periodic lines otherwise. */
export interface Progress {
  /** Sets the amount done (absolute), with optional extra counters shown beside it. */
  update(done: number, extra?: Record<string, number>): void;
  stop(): void;
}

export interface ProgressOptions {
  readonly label: string;
  readonly total: number;
  readonly unit?: string;
  readonly stream?: NodeJS.WriteStream;
  /** Seconds between plain lines when not on a terminal. */
  readonly intervalSeconds?: number;
  /** Force a mode (tests); by default a TTY gets the bar. */
  readonly tty?: boolean;
  readonly now?: () => number;
}

const fmtRate = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(1)}k` : n.toFixed(0));
const fmtSeconds = (s: number) => {
  if (!Number.isFinite(s)) return '?';
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.round(s)}s`;
};

export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const tty = options.tty ?? Boolean(stream.isTTY);
  const unit = options.unit ?? 'items';
  const now = options.now ?? (() => Date.now());
  const started = now();
  if (tty) {
    const bar = new SingleBar(
      {
        stream,
        format: `${options.label} [{bar}] {percentage}% | {value}/{total} ${unit} | {rate} ${unit}/s | ETA {eta_formatted}{extra}`,
        etaBuffer: 50,
        fps: 5,
      },
      Presets.shades_classic,
    );
    bar.start(options.total, 0, { rate: '0', extra: '' });
    return {
      update(done, extra) {
        const secs = (now() - started) / 1000;
        const text = extra
          ? ' | ' +
            Object.entries(extra)
              .map(([k, v]) => `${k} ${v}`)
              .join(' ')
          : '';
        bar.update(done, { rate: fmtRate(secs > 0 ? done / secs : 0), extra: text });
      },
      stop() {
        bar.stop();
      },
    };
  }
  const interval = (options.intervalSeconds ?? 5) * 1000;
  let lastLine = started;
  let last = 0;
  const line = (done: number, extra?: Record<string, number>) => {
    const secs = (now() - started) / 1000;
    const rate = secs > 0 ? done / secs : 0;
    const eta = rate > 0 ? (options.total - done) / rate : Infinity;
    const pct = options.total > 0 ? Math.floor((done / options.total) * 100) : 100;
    const more = extra
      ? ' ' +
        Object.entries(extra)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')
      : '';
    stream.write(`${options.label}: ${done}/${options.total} ${unit} (${pct}%) ${fmtRate(rate)} ${unit}/s eta ${fmtSeconds(eta)}${more}\n`);
  };
  return {
    update(done, extra) {
      last = done;
      if (now() - lastLine >= interval) {
        lastLine = now();
        line(done, extra);
      }
    },
    stop() {
      line(last);
    },
  };
}
