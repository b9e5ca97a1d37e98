import type { Clock } from '../config/options.js';
import type { ExecutedObserver } from './eventSystem.js';
import type { EventNode } from './eventNode.js';
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
  /** The node of `HANDLER_FAILURE_EVENT`, pinned for the life of the instance. */
  failureEvent: EventNode;
  counts: HandlerFaultCounts;
}

export interface Bus {
  /** Whether executing `node` would reach anyone (a handler or the observer). */
  isWanted(node: EventNode): boolean;
  /**
   * Calls every handler of `node` with fault containment.
   * @param at clock time of the call if the caller already read it (for the observer).
   */
  dispatch(node: EventNode, measurements: Measurements | undefined, metadata: Metadata | undefined, at: number | undefined): void;
}

/** Dispatch: calls each handler of an event in turn, and contains their faults. */
export function createBus({ table, clock, observe, failureEvent, counts }: BusDeps): Bus {
  function isWanted(node: EventNode): boolean {
    return observe !== undefined || node.handlers.length > 0;
  }

  function dispatch(node: EventNode, measurements: Measurements | undefined, metadata: Metadata | undefined, at: number | undefined): void {
    const handlers = node.handlers;
    if (handlers.length === 0 && observe === undefined) return;
    // Omitted arguments become fresh objects: a handler that writes to them affects no other call.
    const givenMeasurements = measurements === undefined ? {} : measurements;
    const givenMetadata = metadata === undefined ? {} : metadata;
    if (observe !== undefined) {
      try {
        observe(node.parts, givenMeasurements, givenMetadata, at === undefined ? clock.now() : at);
      } catch {
        // The observer is the test kit's recorder: its faults must not reach the emitter.
      }
    }
    for (let index = 0; index < handlers.length; index++) {
      callHandler(handlers[index] as AttachedHandler, node, givenMeasurements, givenMetadata);
    }
  }

  function callHandler(attached: AttachedHandler, node: EventNode, measurements: Measurements, metadata: Metadata): void {
    try {
      const result: unknown = attached.handler(node.parts, measurements, metadata);
      if (typeof result === 'object' && result !== null && typeof (result as PromiseLike<unknown>).then === 'function') {
        (result as PromiseLike<unknown>).then(undefined, (error: unknown) => handleFailure(attached, node, error));
      }
    } catch (error) {
      handleFailure(attached, node, error);
    }
  }

  function handleFailure(attached: AttachedHandler, node: EventNode, error: unknown): void {
    try {
      counts.failures++;
      const duringFailureEvent = node === failureEvent;
      // A stale failure (the handler was detached, or its id reused) is reported but detaches nothing.
      if (table.get(attached.id) === attached && (duringFailureEvent || reachedMaxFailures(attached))) {
        table.remove(attached.id);
        counts.detached++;
      }
      // A failure while handling a failure event is not reported as another failure event:
      // that is how a failing failure handler could recurse forever.
      if (!duringFailureEvent) {
        dispatch(failureEvent, { count: 1 }, { handlerId: attached.id, event: node.parts, error }, undefined);
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
