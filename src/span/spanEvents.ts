import type { Attributes } from '@opentelemetry/api';
import { realClock } from '../config/clock.js';
import type { Clock } from '../config/options.js';
import type { EventSystem, OwnEvent } from '../sampled/eventSystem.js';
import type { Metadata } from '../sampled/types.js';
import type { SpanFrame } from '../context/flowScope.js';
import { isError } from '../untrustedValue.js';

/**
 * The `['span','start' | 'stop' | 'exception']` bus events. Event lookups are prepared
 * once; a span asks `observed()` at start and, when nobody listens, does no event work
 * (no clock read, no metadata object) for its whole life.
 */
export class SpanEvents {
  readonly #start: OwnEvent;
  readonly #stop: OwnEvent;
  readonly #exception: OwnEvent;
  /** The instance's own clock, or `undefined` for real time (read with sub-millisecond precision). */
  readonly #clock: Clock | undefined;

  constructor(events: Pick<EventSystem, 'prepare'>, clock: Clock | undefined) {
    this.#start = events.prepare(['span', 'start']);
    this.#stop = events.prepare(['span', 'stop']);
    this.#exception = events.prepare(['span', 'exception']);
    this.#clock = clock === realClock ? undefined : clock;
  }

  /**
   * Monotonic time in ms for `monotonicTime` and durations: `performance.now()`, or the
   * instance's clock when one was given, so a manual clock makes durations exact in tests.
   */
  now(): number {
    const clock = this.#clock;
    return clock === undefined ? performance.now() : clock.now();
  }

  /** Whether any handler listens to one of the span events right now. */
  observed(): boolean {
    return this.#start.hasHandlers() || this.#stop.hasHandlers() || this.#exception.hasHandlers();
  }

  start(span: SpanFrame, parentSpanId: string | undefined, attributes: Attributes | undefined, monotonicTime: number): void {
    if (!this.#start.hasHandlers()) return;
    const clock = this.#clock;
    this.#start.execute({ systemTime: clock === undefined ? Date.now() : clock.now(), monotonicTime }, spanMetadata(span, parentSpanId, attributes));
  }

  stop(span: SpanFrame, parentSpanId: string | undefined, attributes: Attributes | undefined, duration: number): void {
    if (!this.#stop.hasHandlers()) return;
    this.#stop.execute({ duration }, spanMetadata(span, parentSpanId, attributes));
  }

  exception(
    span: SpanFrame,
    parentSpanId: string | undefined,
    attributes: Attributes | undefined,
    duration: number,
    error: unknown,
  ): void {
    if (!this.#exception.hasHandlers()) return;
    const metadata = spanMetadata(span, parentSpanId, attributes);
    // Like :telemetry's kind: `error` for Error objects, `throw` for any other thrown value.
    metadata.kind = isError(error) ? 'error' : 'throw';
    metadata.error = error;
    this.#exception.execute({ duration }, metadata);
  }
}

/** Attributes first, so an attribute named `name` or `spanId` cannot hide the span's identity. */
function spanMetadata(span: SpanFrame, parentSpanId: string | undefined, attributes: Attributes | undefined): Metadata {
  return { ...attributes, name: span.name, spanId: span.spanId, traceId: span.traceId, parentSpanId };
}
