/**
 * A small seeded PRNG: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, from
 * PractRand), seeded from a string by xmur3. Same seed, same sequence, on every platform: that
 * is what makes a synthetic data set reproducible.
 */
function xmur3(str: string): () => number {
  let h = 1779033703 ^ str.length;
  for (let i = 0; i < str.length; i++) {
    h = Math.imul(h ^ str.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  return () => {
    h = Math.imul(h ^ (h >>> 16), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    return (h ^= h >>> 16) >>> 0;
  };
}

export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: string | number) {
    const next = xmur3(String(seed));
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 15; i++) this.next(); // discard the first outputs, as sfc32's author advises
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.a >>>= 0;
    this.b >>>= 0;
    this.c >>>= 0;
    this.d >>>= 0;
    let t = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    t = (t + this.d) | 0;
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  uniform(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Log-normal with the given median; `sigma` is the spread of its logarithm. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }
}

/** Draws keys in proportion to their weights (weights need not sum to 1). */
export class WeightedChoice<K> {
  private readonly keys: K[];
  private readonly cumulative: number[];

  constructor(weights: ReadonlyMap<K, number> | readonly (readonly [K, number])[]) {
    const entries = weights instanceof Map ? [...weights.entries()] : [...(weights as readonly (readonly [K, number])[])];
    this.keys = [];
    this.cumulative = [];
    let total = 0;
    for (const [k, w] of entries) {
      if (!(w >= 0)) throw new RangeError(`weight of ${String(k)} must be >= 0`);
      if (w === 0) continue;
      total += w;
      this.keys.push(k);
      this.cumulative.push(total);
    }
    if (total <= 0) throw new RangeError('at least one weight must be positive');
    for (let i = 0; i < this.cumulative.length; i++) this.cumulative[i] /= total;
  }

  draw(rng: Prng): K {
    const u = rng.next();
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    return this.keys[lo];
  }
}
