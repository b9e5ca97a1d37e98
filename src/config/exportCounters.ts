import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { attempt } from './settleWithin.js';

/** Export accounting of one instance, shared by its counting exporter and its processor. */
export interface ExportCounters {
  /** Spans handed to the exporter: exported + failed + still in flight. */
  handedOff: number;
  exported: number;
  failed: number;
  /** Spans that never reached the exporter: queue full, or ended after shutdown. */
  dropped: number;
  /** An export failed or a span was dropped since the last successful export. */
  degraded: boolean;
}

export function createExportCounters(): ExportCounters {
  return { handedOff: 0, exported: 0, failed: 0, dropped: 0, degraded: false };
}

/**
 * Wraps an exporter to count what its result callbacks report. It never throws: an
 * exporter that throws from `export()` is reported to the caller as a failed export.
 * `shutdown()` reaches the exporter once, however many callers ask for it.
 */
export function countingExporter(inner: SpanExporter, counters: ExportCounters): SpanExporter {
  let shutdownPromise: Promise<void> | undefined;
  return {
    export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
      counters.handedOff += spans.length;
      let settled = false;
      const settle = (result: ExportResult): void => {
        // An exporter calling back twice must not be counted twice.
        if (settled) return;
        settled = true;
        if (result.code === ExportResultCode.SUCCESS) {
          counters.exported += spans.length;
          counters.degraded = false;
        } else {
          counters.failed += spans.length;
          counters.degraded = true;
        }
        resultCallback(result);
      };
      try {
        inner.export(spans, settle);
      } catch (error) {
        settle({ code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) });
      }
    },
    shutdown: () => (shutdownPromise ??= attempt(() => inner.shutdown()).then(() => undefined)),
    forceFlush: () => inner.forceFlush?.() ?? Promise.resolve(),
  };
}
