import { afterEach, describe, expect, it, vi } from 'vitest';
import { TurnClock } from '../../src/sampled/turnClock.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('TurnClock over many turns', () => {
  it('serves a fresh time in every turn, not only the first two', async () => {
    let current = 1000;
    vi.spyOn(Date, 'now').mockImplementation(() => current);
    const clock = new TurnClock();
    const seen: number[] = [];
    for (let turn = 0; turn < 4; turn++) {
      seen.push(clock.now());
      current += 1000;
      await Promise.resolve();
    }
    expect(seen).toEqual([1000, 2000, 3000, 4000]);
  });
});
