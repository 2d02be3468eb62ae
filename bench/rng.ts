/**
 * A small seeded pseudo-random generator (mulberry32) for the synthetic programs: the same seed
 * always gives the same sequence, on every machine and Node version, so a benchmark run is
 * reproducible and a 1k-function program is the first 1% of the 100k one.
 */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A uniform integer in [0, 2^32). */
  u32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /**
   * A uniform integer in [min, max] (a span below 2^31). `| 0` keeps it a small integer for V8: a
   * u32 above 2^31 is a double, and so would be its remainder, and every object field it lands in
   * would be stored boxed (JSON.parse gives small integers, and so must the generator).
   */
  int(min: number, max: number): number {
    return min + ((this.u32() % (max - min + 1)) | 0);
  }

  /** True with probability percent/100. */
  chance(percent: number): boolean {
    return this.int(1, 100) <= percent;
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.int(0, xs.length - 1)]!;
  }
}

/** A seed for one part of the program, independent of how many other parts there are. */
export function seedFor(seed: number, part: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(part + 1, 0xc2b2ae35)) >>> 0;
}
