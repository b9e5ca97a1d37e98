import type { Clock } from '../../src/config/options.js';

interface Timer {
  callback: () => void;
  intervalMs: number;
  dueAt: number;
}

/** A clock for tests: time moves only with `advance`, which runs due timers in time order. */
export interface ManualClock extends Clock {
  advance(ms: number): void;
  /** Timers currently registered. */
  timers(): number;
}

export function createManualClock(start = 1_000_000): ManualClock {
  let now = start;
  const timers = new Set<Timer>();
  return {
    now: () => now,
    setInterval(callback, intervalMs) {
      const timer: Timer = { callback, intervalMs, dueAt: now + intervalMs };
      timers.add(timer);
      return timer;
    },
    clearInterval(handle) {
      timers.delete(handle as Timer);
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        let next: Timer | undefined;
        for (const timer of timers) if (timer.dueAt <= end && (next === undefined || timer.dueAt < next.dueAt)) next = timer;
        if (next === undefined) break;
        now = next.dueAt;
        next.dueAt += next.intervalMs;
        next.callback();
      }
      now = end;
    },
    timers: () => timers.size,
  };
}
