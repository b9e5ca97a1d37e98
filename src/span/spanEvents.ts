import type { Attributes } from '@opentelemetry/api';
import type { EventSystem, PreparedEvent } from '../sampled/eventSystem.js';
import type { Metadata } from '../sampled/types.js';
import type { SpanFrame } from '../context/flowScope.js';

/**
 * The `['span','start' | 'stop' | 'exception']` bus events. Event lookups are prepared
 * once; a span asks `observed()` at start and, when nobody listens, does no event work
 * (no clock read, no metadata object) for its whole life.
 */
export class SpanEvents {
  readonly #start: PreparedEvent;
  readonly #stop: PreparedEvent;
  readonly #exception: PreparedEvent;

  constructor(events: Pick<EventSystem, 'prepare'>) {
    this.#start = events.prepare(['span', 'start']);
    this.#stop = events.prepare(['span', 'stop']);
    this.#exception = events.prepare(['span', 'exception']);
  }

  /** Whether any handler listens to one of the span events right now. */
  observed(): boolean {
    return this.#start.hasHandlers() || this.#stop.hasHandlers() || this.#exception.hasHandlers();
  }

  start(span: SpanFrame, parentSpanId: string | undefined, attributes: Attributes | undefined, monotonicTime: number): void {
    if (!this.#start.hasHandlers()) return;
    this.#start.execute({ systemTime: Date.now(), monotonicTime }, spanMetadata(span, parentSpanId, attributes));
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
    metadata.kind = error instanceof Error ? 'error' : 'throw';
    metadata.error = error;
    this.#exception.execute({ duration }, metadata);
  }
}

/** Attributes first, so an attribute named `name` or `spanId` cannot hide the span's identity. */
function spanMetadata(span: SpanFrame, parentSpanId: string | undefined, attributes: Attributes | undefined): Metadata {
  return { ...attributes, name: span.name, spanId: span.spanId, traceId: span.traceId, parentSpanId };
}
