import type { Tracer } from '@opentelemetry/api';

export interface ExportHealth {
  exported: number;
  failed: number;
  dropped: number;
}

export interface TracingSystem {
  tracer: Tracer;
  /** Flushes the span processor (resolves even if the exporter fails; failures are counted). */
  forceFlush(): Promise<void>;
  /** Flushes and shuts down processor and exporter; resolves within `timeoutMs` even if the exporter hangs. */
  shutdown(timeoutMs: number): Promise<void>;
  health(): ExportHealth & { degraded: boolean };
}

export { resolveConfig } from './resolveConfig.js';
export { createTracing } from './createTracing.js';
export { describeConfig } from './describeConfig.js';
