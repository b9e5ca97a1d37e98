import type { Meter, Tracer } from '@opentelemetry/api';
import type { Logger } from '@opentelemetry/api-logs';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { Clock, ResolvedConfig, TelemetryOptions } from '../config/options.js';
import type { ExportError, ExportFailures } from './exportFailures.js';
import type { ExportCounts } from './exportLedger.js';
import { createLogging } from './logs.js';
import { createMetering } from './metrics.js';
import { resourceFor } from './resource.js';
import { createTracing } from './traces.js';

/** What `health()` shows of the three signals' exports. */
export interface SignalsHealth {
  /** Spans, and the latest failure of any signal. */
  export: ExportCounts & { lastError: ExportError | undefined };
  logs: ExportCounts;
  /** Data points exported and failed. */
  metrics: { exported: number; failed: number };
  /** A signal failed or dropped something since its last successful export. */
  degraded: boolean;
}

/** The OpenTelemetry side of one instance: a provider per signal, sharing one resource and one failure report. */
export interface Signals {
  readonly tracer: Tracer;
  /** `undefined` when log records go nowhere. */
  readonly logger: Logger | undefined;
  /** `undefined` when there are no metric definitions or they go nowhere. */
  readonly meter: Meter | undefined;
  /** The current metric values without exporting them (the test kit). */
  collectMetrics(): Promise<ResourceMetrics | undefined>;
  /** Flushes the three pipelines; never rejects. */
  forceFlush(): Promise<void>;
  /** Shuts the three pipelines down side by side, within `timeoutMs`. */
  shutdown(timeoutMs: number): Promise<void>;
  health(): SignalsHealth;
}

/**
 * Builds the tracer, logger and meter providers of one instance (or wraps those the
 * options hand over), with the resource they share and the instance's failure report.
 */
export function createSignals(config: ResolvedConfig, options: TelemetryOptions, clock: Clock, failures: ExportFailures): Signals {
  const resource = resourceFor(config);
  const tracing = createTracing(config, options, resource, failures);
  const logging = createLogging(config, options, resource, failures);
  const metering = createMetering(config, options, resource, clock, failures);
  return {
    tracer: tracing.tracer,
    logger: logging.logger,
    meter: metering.meter,
    collectMetrics: () => metering.collect(),
    forceFlush: async () => {
      await Promise.all([tracing.forceFlush(), logging.forceFlush(), metering.forceFlush()]);
    },
    shutdown: async (timeoutMs) => {
      await Promise.all([tracing.shutdown(timeoutMs), logging.shutdown(timeoutMs), metering.shutdown(timeoutMs)]);
    },
    health(): SignalsHealth {
      const { degraded: tracesDegraded, ...spans } = tracing.health();
      const { degraded: logsDegraded, ...logs } = logging.health();
      const { degraded: metricsDegraded, ...metrics } = metering.health();
      return {
        export: { ...spans, lastError: failures.lastError },
        logs,
        metrics,
        degraded: tracesDegraded || logsDegraded || metricsDegraded,
      };
    },
  };
}
