import { describe, expect, it } from 'vitest';
import { ledgerShares, seededRandom } from '../../../../bench/sections/ledger.ts';

describe('bench ledger generator', () => {
  it('draws the same sequence for the same seed, so every backend gets the same ledger', () => {
    const first = seededRandom(14);
    const second = seededRandom(14);
    const a = Array.from({ length: 5 }, () => first());
    expect(Array.from({ length: 5 }, () => second())).toEqual(a);
    expect(a.every((value) => value >= 0 && value < 1)).toBe(true);
    expect(seededRandom(15)()).not.toBe(a[0]);
  });

  it('splits the rows: half findings, a fifth inspections, a tenth each enforcement, transfers and clues', () => {
    const shares = ledgerShares(100_000);
    expect(shares).toEqual({ findings: 50_000, inspections: 20_000, enforcement_actions: 10_000, transfers: 10_000, clues: 10_000 });
    expect(Object.values(shares).reduce((sum, count) => sum + count, 0)).toBe(100_000);
  });
});
