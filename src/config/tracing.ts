// CONTRACT (implemented in src/config/): what telemetry.ts needs to build and drain tracing.
import type { Tracer } from '@opentelemetry/api';
import type { ResolvedConfig, TelemetryOptions } from './options.js';

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

/** Options + OTEL_* environment -> frozen effective config; throws TypeError on bad input. */
export declare function resolveConfig(options: TelemetryOptions, env: NodeJS.ProcessEnv): ResolvedConfig;
/** Builds provider, processor, sampler and exporter (or wraps `options.tracerProvider`). */
export declare function createTracing(config: ResolvedConfig, options: TelemetryOptions): TracingSystem;
/** One-line summary of a config, for `telemetry.describe()`. */
export declare function describeConfig(config: ResolvedConfig): string;
