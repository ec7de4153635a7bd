import { describe, expect, it } from 'vitest';
import { parseEngineTime } from '../../../../bench/lib/engine-history.ts';

describe('engine history times', () => {
  it('reads the engine’s +0000 offsets to the millisecond', () => {
    expect(parseEngineTime('2026-12-03T14:30:00.123+0000')).toBe(Date.UTC(2026, 11, 3, 14, 30, 0, 123));
    expect(parseEngineTime('2026-12-03T22:30:00.000+0800')).toBe(Date.UTC(2026, 11, 3, 14, 30, 0, 0));
  });
});
