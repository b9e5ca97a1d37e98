import type { Measurements, Metadata } from './types.js';

/** How an event came to be executed on the bus. */
export const EventOrigin = Object.freeze({
  /** `execute`, a prepared event, a span event, `captureError`, a failure event. */
  executed: 0,
  /** An occurrence `emitEvent` let through (not suppressed, not sampled out). */
  emitted: 1,
  /** `['suppressed', ...event]`: occurrences suppressed in a dedup window that closed. */
  summary: 2,
  /** `['batched', ...event]`: the occurrences of a batch. */
  batch: 3,
});
export type EventOrigin = (typeof EventOrigin)[keyof typeof EventOrigin];

/** An event name as the bus holds it: the parts handlers receive, and the dotted form. */
export interface TappedEventName {
  readonly parts: readonly string[];
  readonly key: string;
}

/**
 * Sees every event executed on the bus that it asked for, after the emitter's checks and
 * before the handlers (the OpenTelemetry log bridge is one). The bus knows nothing of
 * what it does with them; a tap must never throw.
 */
export interface EventTap {
  /**
   * Whether plain executions of `event` reach the tap; asked once per event name when it
   * is first seen. Emitted occurrences, summaries and batches always do.
   */
  takesExecutionsOf(event: readonly string[]): boolean;
  /**
   * @param occurrence for a summary, the metadata of the last occurrence it counts (its
   *   severity and message describe the summary too).
   * @param suppressed for an emitted occurrence, how many were suppressed before it since
   *   the previous one executed (what `metadata.suppressed` says, but from the dedup window
   *   itself, whatever the caller's metadata holds).
   */
  take(
    origin: EventOrigin,
    event: TappedEventName,
    measurements: Measurements,
    metadata: Metadata,
    at: number,
    occurrence: Metadata | undefined,
    suppressed: number,
  ): void;
}

/** A listener bound to one event name (a metric definition): sees every execution of it, whatever its origin. */
export type EventListener = (measurements: Measurements, metadata: Metadata) => void;
