import { describe, expect, it } from 'vitest';
import { distribution, median, percentile, round } from '../../../../bench/lib/stats.ts';

describe('bench statistics', () => {
  it('takes the middle value, or the mean of the two middle ones, whatever the order', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median([])).toBeNaN();
  });

  it('gives nearest-rank percentiles: p99 of 100 samples is the 99th smallest, of 10 the largest', () => {
    const hundred = Array.from({ length: 100 }, (_, index) => 100 - index); // 100 … 1, unsorted on purpose
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 95)).toBe(95);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    const ten = [5, 1, 9, 3, 7, 2, 8, 4, 10, 6];
    expect(percentile(ten, 99)).toBe(10);
    expect(percentile(ten, 50)).toBe(5);
    expect(percentile([42], 1)).toBe(42);
    expect(percentile([], 50)).toBeNaN();
  });

  it('refuses a percentile outside (0, 100]', () => {
    expect(() => percentile([1], 0)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });

  it('summarises a sample as count, p50, p95, p99 and max', () => {
    const samples = Array.from({ length: 200 }, (_, index) => index + 1);
    expect(distribution(samples)).toEqual({ count: 200, p50: 100, p95: 190, p99: 198, max: 200 });
    expect(distribution([]).count).toBe(0);
  });

  it('rounds figures and leaves NaN alone', () => {
    expect(round(1.2345, 2)).toBe(1.23);
    expect(round(356.04)).toBe(356);
    expect(round(Number.NaN)).toBeNaN();
  });
});
