import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTelemetry } from '../../src/index.js';
import { READS_PER_CLOCK_READ, TurnClock } from '../../src/sampled/turnClock.js';

afterEach(() => {
  vi.restoreAllMocks();
});

/** Date.now() under the test's control, counting its calls. */
function controlledNow(start: number): { set(ms: number): void; reads(): number } {
  let current = start;
  const spy = vi.spyOn(Date, 'now').mockImplementation(() => current);
  return { set: (ms) => (current = ms), reads: () => spy.mock.calls.length };
}

describe('TurnClock: the real clock read once per turn on the emit path', () => {
  it(`reads Date.now() once per ${READS_PER_CLOCK_READ} reads within a synchronous stretch`, () => {
    const time = controlledNow(1000);
    const clock = new TurnClock();
    const seen: number[] = [];
    for (let i = 0; i < READS_PER_CLOCK_READ; i++) {
      seen.push(clock.now());
      time.set(2000);
    }
    expect(seen).toEqual(Array(READS_PER_CLOCK_READ).fill(1000));
    expect(time.reads()).toBe(1);
    expect(clock.now()).toBe(2000);
    expect(time.reads()).toBe(2);
  });

  it('reads the clock again in the next turn', async () => {
    const time = controlledNow(1000);
    const clock = new TurnClock();
    expect(clock.now()).toBe(1000);
    time.set(1500);
    await Promise.resolve();
    expect(clock.now()).toBe(1500);
    expect(time.reads()).toBe(2);
  });

  it('reads the clock again after stale()', () => {
    const time = controlledNow(1000);
    const clock = new TurnClock();
    clock.now();
    time.set(1200);
    clock.stale();
    expect(clock.now()).toBe(1200);
  });
});

describe('emitEvent on the real clock', () => {
  it('sees a window close at the next clock read: within the turn after a few emits, or in the next turn', async () => {
    const time = controlledNow(10_000);
    const t = createTelemetry({ flushOnExit: false, events: { dedupWindowMs: 1000 } });
    try {
      expect(t.emitEvent('job.retry', {}, { dedupKey: 'k' })).toBe(true);
      time.set(11_000);
      // The same synchronous stretch: at most READS_PER_CLOCK_READ - 1 emits still see the earlier time.
      const verdicts: boolean[] = [];
      for (let i = 0; i < READS_PER_CLOCK_READ; i++) verdicts.push(t.emitEvent('job.retry', {}, { dedupKey: 'k' }));
      expect(verdicts.filter(Boolean)).toHaveLength(1);
      expect(verdicts.at(-1)).toBe(true);

      time.set(12_000);
      await Promise.resolve();
      expect(t.emitEvent('job.retry', {}, { dedupKey: 'k' })).toBe(true);
      const { executed, suppressed } = t.health().events;
      expect(executed + suppressed).toBe(2 + READS_PER_CLOCK_READ);
    } finally {
      await t.shutdown();
    }
  });

  it('reads the clock again after handlers ran, which may have taken long', () => {
    const time = controlledNow(10_000);
    const t = createTelemetry({ flushOnExit: false, events: { dedupWindowMs: 1000 } });
    // A slow handler: the window is over when it returns.
    t.attach('slow', 'job.retry', () => time.set(11_000));
    expect(t.emitEvent('job.retry', {}, { dedupKey: 'k' })).toBe(true);
    expect(t.emitEvent('job.retry', {}, { dedupKey: 'k' })).toBe(true);
    void t.shutdown();
  });
});
