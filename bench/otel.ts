// Raw OpenTelemetry pieces the span comparisons share with the library.

import { context, type Context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type ReadableSpan,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';

/** Accepts every batch and reports success at once: the cost of spans without the network. */
export function createDroppingExporter(): SpanExporter & { exportedSpans(): number } {
  let exported = 0;
  return {
    export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
      exported += spans.length;
      resultCallback({ code: ExportResultCode.SUCCESS });
    },
    shutdown: () => Promise.resolve(),
    forceFlush: () => Promise.resolve(),
    exportedSpans: () => exported,
  };
}

/** A provider as a user would build it: batch processor to the given exporter, parent-based ratio sampler. */
export function createBatchProvider(exporter: SpanExporter, ratio: number): BasicTracerProvider {
  return new BasicTracerProvider({
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
}

/**
 * The AsyncLocalStorage context manager every Node.js OpenTelemetry set-up registers
 * (the library reuses a working one), so raw and library spans share one context store.
 */
export function registerContextManager(): void {
  const probeKey = Symbol('probe');
  const probe: Context = context.active().setValue(probeKey, true);
  if (context.with(probe, () => context.active().getValue(probeKey) === true)) return;
  const manager = new AsyncLocalStorageContextManager();
  manager.enable();
  context.disable();
  context.setGlobalContextManager(manager);
}
