import type { Clock } from '../config/options.js';
import type { ExecutedObserver } from './eventSystem.js';
import type { EventNode } from './eventNode.js';
import { EventOrigin, type EventListener, type EventTap } from './eventTap.js';
import type { AttachedHandler, HandlerTable } from './handlerTable.js';
import type { Measurements, Metadata } from './types.js';

/** The event executed when a handler throws or its promise rejects. */
export const HANDLER_FAILURE_EVENT: readonly string[] = Object.freeze(['telemetry', 'handler', 'failure']);

/** What V8 throws, as a `RangeError`, when a call finds the stack exhausted. */
const STACK_OVERFLOW_MESSAGE = 'Maximum call stack size exceeded';

/** `maxFailures` counts failures within this much clock time. */
export const FAILURE_WINDOW_MS = 60_000;

export interface HandlerFaultCounts {
  failures: number;
  detached: number;
}

/**
 * An observer that is switched on and off after the bus is built (recorders of the test kit
 * come and go): while it is off the bus treats it as absent, so events nobody listens to
 * still cost nothing.
 */
export interface SwitchableObserver extends ExecutedObserver {
  readonly switchedOn: boolean;
}

export interface BusDeps {
  table: HandlerTable;
  clock: Clock;
  /** Sees every executed event; a {@link SwitchableObserver} only while it is switched on. */
  observe: ExecutedObserver | SwitchableObserver | undefined;
  /** The node of `HANDLER_FAILURE_EVENT`, pinned for the life of the instance. */
  failureEvent: EventNode;
  counts: HandlerFaultCounts;
  /** Sees the events it asks for (the log bridge), before the handlers. */
  tap: EventTap | undefined;
}

export interface Bus {
  /** Whether executing `node` would reach anyone: a handler, a listener, the tap or the observer. */
  isWanted(node: EventNode, origin: EventOrigin): boolean;
  /**
   * Hands the event to the observer, the node's listeners and the tap, then calls every
   * handler of `node` with fault containment.
   * @param at clock time of the call if the caller already read it.
   * @param occurrence for a summary, the metadata of the last occurrence it counts (for the tap).
   * @param suppressed for an emitted occurrence, how many were suppressed before it (for the tap).
   */
  dispatch(
    node: EventNode,
    measurements: Measurements | undefined,
    metadata: Metadata | undefined,
    at: number | undefined,
    origin: EventOrigin,
    occurrence?: Metadata,
    suppressed?: number,
  ): void;
}

/**
 * Dispatch: calls each handler of an event in turn, and contains their faults.
 *
 * A failure is recorded where it happens and its handler held (not called again), then it is
 * accounted for and reported, and the handler detached or released. A handler may execute
 * events itself, so dispatches nest, and one that recurses without end fails where the stack
 * is exhausted: there nothing but plain writes is safe, so the report waits until the stack
 * has room again (where a call of the recursing handler returns, further up), or at the
 * latest for a microtask.
 */
export function createBus({ table, clock, observe, failureEvent, counts, tap }: BusDeps): Bus {
  // The failures recorded and not yet reported, oldest first: an entry of each array per
  // failure, so that recording one takes element writes only (even allocating an object can
  // find the stack exhausted).
  let failureCount = 0;
  const failedHandlers: AttachedHandler[] = [];
  const failedEvents: EventNode[] = [];
  const failureErrors: unknown[] = [];
  let reporting = false;
  let reportScheduled = false;
  const switchable = observe !== undefined && 'switchedOn' in observe;

  function isObserved(): boolean {
    return observe !== undefined && (!switchable || (observe as SwitchableObserver).switchedOn);
  }

  /** Whether the tap takes this event: every emitted occurrence, summary and batch; the executions it asked for. */
  function isTapped(node: EventNode, origin: EventOrigin): boolean {
    return tap !== undefined && (origin !== EventOrigin.executed || node.tapped);
  }

  function isWanted(node: EventNode, origin: EventOrigin): boolean {
    return isObserved() || node.handlers.length > 0 || node.listeners.length > 0 || isTapped(node, origin);
  }

  function dispatch(
    node: EventNode,
    measurements: Measurements | undefined,
    metadata: Metadata | undefined,
    at: number | undefined,
    origin: EventOrigin,
    occurrence?: Metadata,
    suppressed = 0,
  ): void {
    // A failure recorded where the stack had no room even to schedule its report is reported
    // by the next dispatch (its handler is held until then), or on the way up from this one.
    if (failureCount > 0 && !reportScheduled && !reporting) reportLate();
    const handlers = node.handlers;
    const listeners = node.listeners;
    const tapped = isTapped(node, origin);
    const observed = isObserved();
    if (handlers.length === 0 && !observed && listeners.length === 0 && !tapped) return;
    // Omitted arguments become fresh objects: a handler that writes to them affects no other call.
    const givenMeasurements = measurements === undefined ? {} : measurements;
    const givenMetadata = metadata === undefined ? {} : metadata;
    if (observed) notifyObserver(node, givenMeasurements, givenMetadata, at);
    // The instance's own consumers see the event as the emitter gave it, before any handler can change it.
    for (let index = 0; index < listeners.length; index++) {
      try {
        (listeners[index] as EventListener)(givenMeasurements, givenMetadata);
      } catch {
        // Listeners promise not to throw; should one, the emitter still must not see it.
      }
    }
    if (tapped) notifyTap(origin, node, givenMeasurements, givenMetadata, at, occurrence, suppressed);
    for (let index = 0; index < handlers.length; index++) {
      const attached = handlers[index] as AttachedHandler;
      // Held or detached since the list was taken (by a handler, or by its own failure): it does not run.
      if (!attached.detached) callHandler(attached, node, givenMeasurements, givenMetadata);
    }
    if (failureCount > 0 && !reportScheduled && !reporting) reportLate();
  }

  function reportLate(): void {
    try {
      reportWhenRoom();
    } catch {
      // Still no room: the next dispatch tries again.
    }
  }

  function notifyObserver(node: EventNode, measurements: Measurements, metadata: Metadata, at: number | undefined): void {
    try {
      (observe as ExecutedObserver)(node.parts, measurements, metadata, at === undefined ? clock.now() : at);
    } catch {
      // The observer is the test kit's recorder: its faults must not reach the emitter.
    }
  }

  function notifyTap(
    origin: EventOrigin,
    node: EventNode,
    measurements: Measurements,
    metadata: Metadata,
    at: number | undefined,
    occurrence: Metadata | undefined,
    suppressed: number,
  ): void {
    try {
      (tap as EventTap).take(origin, node, measurements, metadata, at === undefined ? clock.now() : at, occurrence, suppressed);
    } catch {
      // The tap promises not to throw; should it, the emitter still must not see it.
    }
  }

  function callHandler(attached: AttachedHandler, node: EventNode, measurements: Measurements, metadata: Metadata): void {
    try {
      const result: unknown = attached.handler(node.parts, measurements, metadata);
      if (attached.held) {
        // Held meanwhile: it failed inside this very call, deeper down, where the stack may have
        // had no room to report it. Here it may.
        attached.recursed = true;
        reportWhenRoom();
      }
      if (typeof result === 'object' && result !== null) watchRejection(attached, node, result);
    } catch (error) {
      // Should even this call find the stack exhausted, nothing is recorded and the error reaches
      // the handler that executed this event, which is then the one that failed.
      recordFailure(attached, node, error);
    }
  }

  /** A returned promise (or thenable) that rejects is a failure too. */
  function watchRejection(attached: AttachedHandler, node: EventNode, result: object): void {
    if (typeof (result as PromiseLike<unknown>).then === 'function') {
      (result as PromiseLike<unknown>).then(undefined, (error: unknown) => handleRejection(attached, node, error));
    }
  }

  /** Runs on an empty stack, unless a thenable rejects at once, inside its dispatch. */
  function handleRejection(attached: AttachedHandler, node: EventNode, error: unknown): void {
    try {
      recordFailure(attached, node, error);
    } catch {
      // Last resort: nothing here may become an unhandled rejection.
    }
  }

  /**
   * Records a failure where it happened, where the stack may be exhausted: element and
   * property writes only, and counted last, so that it is recorded whole or not at all.
   */
  function recordFailure(attached: AttachedHandler, node: EventNode, error: unknown): void {
    failedHandlers[failureCount] = attached;
    failedEvents[failureCount] = node;
    failureErrors[failureCount] = error;
    failureCount++;
    if (attached.held) {
      // A call made before it was held has failed too: it failed inside that call.
      attached.recursed = true;
    } else if (!attached.detached) {
      attached.held = true;
      attached.detached = true;
    }
    try {
      reportWhenRoom();
    } catch {
      // No stack even for that: reported where a call of a held handler returns, or in the microtask.
    }
  }

  /**
   * Reports the recorded failures now, unless the stack ran out: then only once it has room
   * for the failure handlers again (where a call of the recursing handler returns, further up),
   * or at the latest in a microtask, on an empty stack.
   */
  function reportWhenRoom(): void {
    if (reporting) return;
    scheduleReport();
    if (!anyStackOverflow() || hasStackRoom()) reportFailures();
  }

  function scheduleReport(): void {
    if (reportScheduled) return;
    queueMicrotask(reportScheduledFailures);
    reportScheduled = true;
  }

  function anyStackOverflow(): boolean {
    for (let index = 0; index < failureCount; index++) if (isStackOverflow(failureErrors[index])) return true;
    return false;
  }

  function reportScheduledFailures(): void {
    reportScheduled = false;
    if (failureCount > 0 && !reporting) reportFailures();
  }

  /** Accounts for and reports every recorded failure, and those its own dispatches add. */
  function reportFailures(): void {
    // The failure events dispatched here must not start another report.
    reporting = true;
    let reported = 0;
    try {
      const recursing = new Set<AttachedHandler>();
      for (let index = 0; index < failureCount; index++) {
        const attached = failedHandlers[index] as AttachedHandler;
        if (attached.recursed && isStackOverflow(failureErrors[index])) recursing.add(attached);
      }
      const overflowsReported = new Set<AttachedHandler>();
      for (; reported < failureCount; reported++) {
        const attached = failedHandlers[reported] as AttachedHandler;
        const error = failureErrors[reported];
        if (isStackOverflow(error)) {
          // Once a handler was found recursing, the others that ran out of stack beneath it
          // failed through no fault of their own. And one recursion is one failure.
          if ((recursing.size > 0 && !recursing.has(attached)) || overflowsReported.has(attached)) {
            release(attached);
            continue;
          }
          overflowsReported.add(attached);
        }
        report(attached, failedEvents[reported] as EventNode, error);
      }
      forget(failureCount);
    } catch {
      // Out of stack after all, or a clock that throws: the failure in hand is dropped (so that
      // it cannot fail every report to come), the others are reported by the microtask.
      if (reported < failureCount) release(failedHandlers[reported] as AttachedHandler);
      forget(Math.min(reported + 1, failureCount));
      try {
        if (failureCount > 0) scheduleReport();
      } catch {
        // Then the next failure reports them.
      }
    } finally {
      reporting = false;
    }
  }

  function report(attached: AttachedHandler, node: EventNode, error: unknown): void {
    counts.failures++;
    // A failing failure handler is detached but not reported as another failure event:
    // that is how a failing failure handler could recurse forever. A failure of a handler
    // detached meanwhile (or whose id was reused) is reported but detaches nothing.
    const duringFailureEvent = node === failureEvent;
    if ((!attached.detached || attached.held) && (duringFailureEvent || reachedMaxFailures(attached))) {
      attached.held = false;
      attached.detached = true;
      counts.detached++;
      table.cleanUp(attached);
    }
    // Released before its failure event, which it may handle itself.
    release(attached);
    if (!duringFailureEvent) {
      dispatch(failureEvent, { count: 1 }, { handlerId: attached.id, event: node.parts, error }, undefined, EventOrigin.executed);
    }
  }

  /** Lets a held handler run again, its failures accounted for. */
  function release(attached: AttachedHandler): void {
    attached.recursed = false;
    if (attached.held) {
      attached.held = false;
      attached.detached = false;
    }
  }

  /** Drops the first `count` recorded failures. */
  function forget(count: number): void {
    failedHandlers.splice(0, count);
    failedEvents.splice(0, count);
    failureErrors.splice(0, count);
    failureCount -= count;
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

/** Calls that the stack must still have room for before failure handlers are run. */
const REPORT_STACK_CALLS = 2000;

/** Whether the stack has room for `REPORT_STACK_CALLS` more calls. */
function hasStackRoom(): boolean {
  try {
    return probeStack(REPORT_STACK_CALLS) === REPORT_STACK_CALLS;
  } catch {
    return false;
  }
}

function probeStack(calls: number): number {
  return calls === 0 ? 0 : probeStack(calls - 1) + 1;
}

/** Whether `error` is V8's stack overflow; never throws (a hostile value is not one). */
function isStackOverflow(error: unknown): boolean {
  try {
    return error instanceof RangeError && error.message === STACK_OVERFLOW_MESSAGE;
  } catch {
    return false;
  }
}
