import { TraceFlags, type Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ExportCounters } from './exportCounters.js';

/**
 * Counts the spans a processor would lose without a word. OpenTelemetry's
 * BatchSpanProcessor drops a span silently when its queue holds `maxQueueSize` spans;
 * the queue length is the number of sampled spans accepted here minus the spans the
 * processor has handed to the (counting) exporter, so a span arriving at a full queue is
 * counted as dropped and not passed on. Spans ended after shutdown are counted too.
 */
export function dropCountingProcessor(inner: SpanProcessor, capacity: number, counters: ExportCounters): SpanProcessor {
  let accepted = 0;
  let stopped = false;
  const processor: SpanProcessor = {
    onStart: (span: Span, parentContext: Context) => inner.onStart(span, parentContext),
    onEnd(span: ReadableSpan): void {
      // Unsampled spans are never exported by any processor: nothing is lost.
      if ((span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
      if (stopped || accepted - counters.handedOff >= capacity) {
        counters.dropped++;
        counters.degraded = true;
        return;
      }
      accepted++;
      inner.onEnd(span);
    },
    forceFlush: () => inner.forceFlush(),
    shutdown(): Promise<void> {
      stopped = true;
      return inner.shutdown();
    },
  };
  if (inner.onEnding) processor.onEnding = (span: Span) => inner.onEnding?.(span);
  return processor;
}
