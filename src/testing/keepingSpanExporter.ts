import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

/**
 * An in-memory exporter that keeps every finished span, also after `shutdown()`
 * (OpenTelemetry's `InMemorySpanExporter` forgets them then, which is exactly when a
 * test wants to look).
 */
export class KeepingSpanExporter implements SpanExporter {
  readonly #spans: ReadableSpan[] = [];

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.#spans.push(...spans);
    resultCallback({ code: ExportResultCode.SUCCESS });
  }

  /** The finished spans in the order they were exported (a copy). */
  spans(): ReadableSpan[] {
    return this.#spans.slice();
  }

  /** Forgets the spans kept so far. */
  clear(): void {
    this.#spans.length = 0;
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
}
