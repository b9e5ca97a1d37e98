import type { Clock } from '../config/options.js';
import type { ExecutedObserver } from './eventSystem.js';
import type { NormalizedName } from './eventName.js';
import type { AttachedHandler, HandlerTable } from './handlerTable.js';
import type { Measurements, Metadata } from './types.js';

/** The event executed when a handler throws or its promise rejects. */
export const HANDLER_FAILURE_EVENT: readonly string[] = Object.freeze(['telemetry', 'handler', 'failure']);

/** `maxFailures` counts failures within this much clock time. */
export const FAILURE_WINDOW_MS = 60_000;

export interface HandlerFaultCounts {
  failures: number;
  detached: number;
}

export interface BusDeps {
  table: HandlerTable;
  clock: Clock;
  observe: ExecutedObserver | undefined;
  /** The normalized `HANDLER_FAILURE_EVENT`. */
  failureName: NormalizedName;
  counts: HandlerFaultCounts;
}

export interface Bus {
  /** Whether executing `name` would reach anyone (a handler or the observer). */
  isWanted(name: NormalizedName): boolean;
  /**
   * Calls every handler of `name` with fault containment.
   * @param at clock time of the call if the caller already read it (for the observer).
   */
  dispatch(name: NormalizedName, measurements: Measurements | undefined, metadata: Metadata | undefined, at?: number): void;
}

/** Dispatch: looks handlers up, calls each in turn, and contains their faults. */
export function createBus({ table, clock, observe, failureName, counts }: BusDeps): Bus {
  function isWanted(name: NormalizedName): boolean {
    if (observe !== undefined) return true;
    const handlers = table.lookup(name.key);
    return handlers !== undefined && handlers.length > 0;
  }

  function dispatch(name: NormalizedName, measurements: Measurements | undefined, metadata: Metadata | undefined, at?: number): void {
    const handlers = table.lookup(name.key);
    const hasHandlers = handlers !== undefined && handlers.length > 0;
    if (!hasHandlers && observe === undefined) return;
    const givenMeasurements = measurements ?? {};
    const givenMetadata = metadata ?? {};
    if (observe !== undefined) {
      try {
        observe(name.parts, givenMeasurements, givenMetadata, at ?? clock.now());
      } catch {
        // The observer is the test kit's recorder: its faults must not reach the emitter.
      }
    }
    if (!hasHandlers) return;
    for (let index = 0; index < handlers.length; index++) {
      callHandler(handlers[index] as AttachedHandler, name, givenMeasurements, givenMetadata);
    }
  }

  function callHandler(attached: AttachedHandler, name: NormalizedName, measurements: Measurements, metadata: Metadata): void {
    try {
      const result: unknown = attached.handler(name.parts, measurements, metadata);
      if (typeof result === 'object' && result !== null && typeof (result as PromiseLike<unknown>).then === 'function') {
        (result as PromiseLike<unknown>).then(undefined, (error: unknown) => handleFailure(attached, name, error));
      }
    } catch (error) {
      handleFailure(attached, name, error);
    }
  }

  function handleFailure(attached: AttachedHandler, name: NormalizedName, error: unknown): void {
    try {
      counts.failures++;
      const duringFailureEvent = name.key === failureName.key;
      // A stale failure (the handler was detached, or its id reused) is reported but detaches nothing.
      if (table.get(attached.id) === attached && (duringFailureEvent || reachedMaxFailures(attached))) {
        table.remove(attached.id);
        counts.detached++;
      }
      // A failure while handling a failure event is not reported as another failure event:
      // that is how a failing failure handler could recurse forever.
      if (!duringFailureEvent) {
        dispatch(failureName, { count: 1 }, { handlerId: attached.id, event: name.parts, error });
      }
    } catch {
      // Last resort: nothing here may escape into the emitter or become an unhandled rejection.
    }
  }

  function reachedMaxFailures(attached: AttachedHandler): boolean {
    const now = clock.now();
    const times = attached.failureTimes;
    times.push(now);
    while (times.length > 0 && (times[0] as number) <= now - FAILURE_WINDOW_MS) times.shift();
    if (times.length > attached.maxFailures) times.shift();
    return times.length >= attached.maxFailures;
  }

  return { isWanted, dispatch };
}
