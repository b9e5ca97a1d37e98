import { TraceFlags, type Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ExportLoss } from './failureDescription.js';
import type { QueueGate } from './queueGate.js';

/** A span processor that also knows how many spans it holds that never reached the exporter. */
export interface CountingSpanProcessor extends SpanProcessor {
  /** Counts the spans still queued as dropped (the shutdown budget ran out before they were exported). */
  dropQueued(reason: ExportLoss): void;
}

/** `inner` behind `gate`, which counts the spans a full queue or a shutdown would lose. */
export function dropCountingProcessor(inner: SpanProcessor, gate: QueueGate): CountingSpanProcessor {
  const processor: CountingSpanProcessor = {
    onStart: (span: Span, parentContext: Context) => inner.onStart(span, parentContext),
    onEnd(span: ReadableSpan): void {
      // Unsampled spans are never exported by any processor: nothing is lost.
      if ((span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
      if (gate.admit()) inner.onEnd(span);
    },
    forceFlush: () => inner.forceFlush(),
    shutdown(): Promise<void> {
      gate.close();
      return inner.shutdown();
    },
    dropQueued: (reason) => gate.dropQueued(reason),
  };
  if (inner.onEnding) processor.onEnding = (span: Span) => inner.onEnding?.(span);
  return processor;
}
