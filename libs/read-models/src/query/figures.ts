/**
 * Figures carry what they were computed from, so that small-number suppression can be applied
 * in one place: a count of 1 to (threshold − 1) is withheld, and so is every rate or statistic
 * built on a withheld count (the analysts' rule: "suppress small counts (1–4) for anyone without
 * row-level access"; threshold 5 is the convention of DfE and NHS statistical releases).
 */
export class Count {
  constructor(readonly n: number) {}
}

/** A statistic (mean, median, percentile, maximum) over a base count. */
export class Stat {
  constructor(
    readonly value: number | null,
    readonly base: Count,
  ) {}
}

export class RateFigure {
  constructor(
    readonly numerator: Count,
    readonly denominator: Count,
    readonly definition: string,
    /** Figures shown beside the rate (e.g. advice and signposting beside the contact NFA rate). */
    readonly beside: Record<string, unknown> = {},
  ) {}

  with(beside: Record<string, unknown>): RateFigure {
    return new RateFigure(this.numerator, this.denominator, this.definition, { ...this.beside, ...beside });
  }
}

export const count = (n: number) => new Count(n);
export const stat = (value: number | null, base: Count) => new Stat(value, base);
export const rate = (numerator: Count | number, denominator: Count | number, definition: string) =>
  new RateFigure(typeof numerator === 'number' ? count(numerator) : numerator, typeof denominator === 'number' ? count(denominator) : denominator, definition);

export interface Suppression {
  /** Counts from 1 to threshold − 1 are withheld; 0 is shown (an empty cell discloses nobody). */
  readonly threshold: number;
  /** False for callers with row-level access: nothing is withheld. */
  readonly applies: boolean;
}

export const NO_SUPPRESSION: Suppression = { threshold: 5, applies: false };

export function suppressionThreshold(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.JOURNEY_LEDGER_SUPPRESSION_THRESHOLD;
  if (raw === undefined || raw === '') return 5;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`JOURNEY_LEDGER_SUPPRESSION_THRESHOLD must be a whole number ≥ 1, not "${raw}"`);
  return n;
}

const round4 = (v: number) => Math.round(v * 10000) / 10000;

/** Turns a tree of figures into plain JSON, withholding small counts; marks the object `suppressed` when it did. */
export function render(tree: Record<string, unknown>, s: Suppression): Record<string, unknown> & { suppressed: boolean } {
  let suppressed = false;
  const hidden = (c: Count) => s.applies && c.n > 0 && c.n < s.threshold;
  const walk = (v: unknown): unknown => {
    if (v instanceof Count) {
      if (hidden(v)) suppressed = true;
      return hidden(v) ? null : v.n;
    }
    if (v instanceof Stat) {
      if (hidden(v.base)) suppressed = true;
      return hidden(v.base) ? null : v.value;
    }
    if (v instanceof RateFigure) {
      const withheld = hidden(v.numerator) || hidden(v.denominator);
      if (withheld) suppressed = true;
      return {
        numerator: walk(v.numerator),
        denominator: walk(v.denominator),
        rate: withheld || v.denominator.n === 0 ? null : round4(v.numerator.n / v.denominator.n),
        definition: v.definition,
        ...(walk(v.beside) as object),
      };
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  const out = walk(tree) as Record<string, unknown>;
  return { ...out, suppressed };
}
