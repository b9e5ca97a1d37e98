import type { Metadata } from '../sampled/types.js';

/**
 * The order in which spans started, learned from the `['span','start']` bus events.
 * A span's `startTime` has millisecond resolution (OpenTelemetry takes it from
 * `Date.now()`), so spans started within one millisecond need this to be told apart.
 */
export interface SpanStartOrder {
  /** Notes the start of a span if `event` is `['span','start']`. */
  observe(event: readonly string[], metadata: Metadata): void;
  /** The start sequence number of the span with `spanId`; `undefined` if its start was not seen. */
  sequenceOf(spanId: string): number | undefined;
  clear(): void;
}

export function createSpanStartOrder(): SpanStartOrder {
  const sequenceBySpanId = new Map<string, number>();
  let nextSequence = 0;
  return {
    observe(event, metadata) {
      if (event.length !== 2 || event[0] !== 'span' || event[1] !== 'start') return;
      const { spanId } = metadata;
      if (typeof spanId === 'string') sequenceBySpanId.set(spanId, nextSequence++);
    },
    sequenceOf: (spanId) => sequenceBySpanId.get(spanId),
    clear() {
      sequenceBySpanId.clear();
    },
  };
}
