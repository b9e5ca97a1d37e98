import type { Clock } from '../config/options.js';

/** Where a manual clock starts unless told otherwise: 2026-01-01T00:00:00.000Z. */
export const MANUAL_CLOCK_EPOCH_MS = Date.UTC(2026, 0, 1);

/** A {@link Clock} whose time moves only when the test says so. */
export interface ManualClock extends Clock {
  /**
   * Moves time forward by `ms`, firing every timer that falls due on the way, in time
   * order (ties in the order the timers were started), each seeing `now()` equal to its
   * due time. Callbacks run synchronously, so when `advance` returns every due flush has
   * happened. If callbacks throw, time still reaches its target and the first error is
   * rethrown afterwards (an `AggregateError` when several threw). Time never goes back, even
   * when a callback advances the clock itself.
   */
  advance(ms: number): void;
  /** Number of timers started and not yet cleared. */
  pendingTimers(): number;
}

interface IntervalTimer {
  readonly id: number;
  readonly callback: () => void;
  readonly periodMs: number;
  dueAt: number;
}

/**
 * Creates a clock for deterministic tests: `now()` starts at `startMs` (default
 * {@link MANUAL_CLOCK_EPOCH_MS}) and only `advance(ms)` moves it.
 *
 * @example
 * const clock = createManualClock();
 * const telemetry = createTelemetry({ clock, events: { batchIntervalMs: 1000 } });
 * telemetry.emitBatched('cache.miss');
 * clock.advance(1000); // the batch flusher has run when this returns
 */
export function createManualClock(startMs: number = MANUAL_CLOCK_EPOCH_MS): ManualClock {
  if (typeof startMs !== 'number' || !Number.isFinite(startMs)) {
    throw new TypeError(`createManualClock: startMs must be a finite number, got ${String(startMs)}`);
  }
  let nowMs = startMs;
  let nextId = 1;
  const timers = new Map<number, IntervalTimer>();

  /** The timer due first at or before `limitMs`; ties go to the one started first. */
  function nextDue(limitMs: number): IntervalTimer | undefined {
    let due: IntervalTimer | undefined;
    for (const timer of timers.values()) {
      if (timer.dueAt > limitMs) continue;
      if (!due || timer.dueAt < due.dueAt || (timer.dueAt === due.dueAt && timer.id < due.id)) due = timer;
    }
    return due;
  }

  return {
    now: () => nowMs,

    setInterval(callback: () => void, ms: number): unknown {
      if (typeof callback !== 'function') {
        throw new TypeError(`setInterval: callback must be a function, got ${typeof callback}`);
      }
      if (typeof ms !== 'number' || Number.isNaN(ms)) {
        throw new TypeError(`setInterval: ms must be a number, got ${String(ms)}`);
      }
      // Like Node's setInterval, periods below 1 ms (and infinite ones) become 1 ms, which
      // also keeps `advance` from looping forever on a zero period.
      const periodMs = ms >= 1 && Number.isFinite(ms) ? ms : 1;
      const id = nextId++;
      timers.set(id, { id, callback, periodMs, dueAt: nowMs + periodMs });
      return id;
    },

    clearInterval(handle: unknown): void {
      if (typeof handle === 'number') timers.delete(handle);
    },

    advance(ms: number): void {
      if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
        throw new TypeError(`advance: ms must be a finite number >= 0, got ${String(ms)}`);
      }
      const targetMs = nowMs + ms;
      const errors: unknown[] = [];
      for (let timer = nextDue(targetMs); timer; timer = nextDue(targetMs)) {
        nowMs = timer.dueAt;
        timer.dueAt += timer.periodMs;
        try {
          timer.callback();
        } catch (error) {
          errors.push(error);
        }
      }
      // A callback that advanced the clock itself may have moved past the target: time never goes back.
      if (nowMs < targetMs) nowMs = targetMs;
      if (errors.length === 1) throw errors[0];
      if (errors.length > 1) throw new AggregateError(errors, `advance: ${errors.length} timer callbacks threw`);
    },

    pendingTimers: () => timers.size,
  };
}
