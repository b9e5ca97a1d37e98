import type { Clock } from './options.js';

/** Wall-clock time with unref'd timers: a flusher never keeps the process alive. */
export const realClock: Clock = Object.freeze({
  now: () => Date.now(),
  setInterval(callback: () => void, ms: number): unknown {
    const timer = setInterval(callback, ms);
    timer.unref();
    return timer;
  },
  clearInterval(handle: unknown): void {
    clearInterval(handle as ReturnType<typeof setInterval>);
  },
});
