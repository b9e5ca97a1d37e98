import { afterEach, describe, expect, it, vi } from 'vitest';
import { realClock } from '../../src/config/clock.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('realClock', () => {
  it('tells wall-clock time', () => {
    vi.useFakeTimers({ now: 1_767_225_600_000, toFake: ['Date'] });
    expect(realClock.now()).toBe(1_767_225_600_000);
  });

  it('runs the callback every interval until cleared, on a timer that keeps no process alive', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let calls = 0;
    const handle = realClock.setInterval(() => (calls += 1), 100);
    expect((handle as NodeJS.Timeout).hasRef()).toBe(false);
    vi.advanceTimersByTime(250);
    expect(calls).toBe(2);
    realClock.clearInterval(handle);
    vi.advanceTimersByTime(1000);
    expect(calls).toBe(2);
  });
});
