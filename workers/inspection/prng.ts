/**
 * The seeded randomness of the 双随机 draw, written out so an auditor can
 * re-implement it from this file alone:
 *
 *   1. state = the first 16 bytes of SHA-256(UTF-8 seed), read as four
 *      big-endian unsigned 32-bit words s0..s3 (all-zero state, which
 *      xoshiro cannot leave, is replaced by the next 16 bytes);
 *   2. numbers come from xoshiro128** 1.1 (Blackman & Vigna,
 *      https://prng.di.unimi.it/xoshiro128starstar.c);
 *   3. an integer below n is drawn by rejection: 32-bit outputs at or above
 *      the largest multiple of n are discarded, the rest taken modulo n, so
 *      every index is equally likely;
 *   4. a list is shuffled by Fisher–Yates (Durstenfeld): for i from the
 *      last index down to 1, swap item i with item uniformIndex(i + 1).
 *
 * Not a cryptographic generator: the seed itself comes from crypto and is
 * recorded; this only has to be reproducible and unbiased.
 */
import { createHash } from 'node:crypto';

export const PRNG_ALGORITHM = 'SHA-256(seed) → xoshiro128** 1.1 + Fisher–Yates (Durstenfeld), rejection sampling';

function rotl(value: number, shift: number): number {
  return ((value << shift) | (value >>> (32 - shift))) >>> 0;
}

export class SeededRandom {
  #s0: number;
  #s1: number;
  #s2: number;
  #s3: number;

  /** A generator in the given state; {@link SeededRandom.fromSeed} is how draws get one. */
  constructor(state: readonly [number, number, number, number]) {
    if (state.every((word) => word === 0)) {
      throw new RangeError('xoshiro128** 的状态不能全为 0 / the xoshiro128** state must not be all zero');
    }
    [this.#s0, this.#s1, this.#s2, this.#s3] = state.map((word) => word >>> 0) as [number, number, number, number];
  }

  static fromSeed(seed: string): SeededRandom {
    const digest = createHash('sha256').update(seed, 'utf8').digest();
    const words = (offset: number) =>
      [0, 1, 2, 3].map((index) => digest.readUInt32BE(offset + index * 4)) as [number, number, number, number];
    const state = words(0);
    return new SeededRandom(state.every((word) => word === 0) ? words(16) : state);
  }

  /** The next unsigned 32-bit output of xoshiro128**. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.#s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.#s1 << 9) >>> 0;
    this.#s2 = (this.#s2 ^ this.#s0) >>> 0;
    this.#s3 = (this.#s3 ^ this.#s1) >>> 0;
    this.#s1 = (this.#s1 ^ this.#s2) >>> 0;
    this.#s0 = (this.#s0 ^ this.#s3) >>> 0;
    this.#s2 = (this.#s2 ^ t) >>> 0;
    this.#s3 = rotl(this.#s3, 11);
    return result;
  }

  /** A uniformly distributed integer in [0, n). */
  uniformIndex(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 2 ** 32) {
      throw new RangeError(`n 应为 1 到 2^32 的整数 / n must be an integer from 1 to 2^32, got ${n}`);
    }
    const limit = Math.floor(2 ** 32 / n) * n;
    for (;;) {
      const value = this.nextUint32();
      if (value < limit) return value % n;
    }
  }

  /** A shuffled copy of `items` (Fisher–Yates); `items` is left as it was. */
  shuffle<T>(items: readonly T[]): T[] {
    const result = [...items];
    for (let i = result.length - 1; i >= 1; i -= 1) {
      const j = this.uniformIndex(i + 1);
      [result[i], result[j]] = [result[j] as T, result[i] as T];
    }
    return result;
  }
}
