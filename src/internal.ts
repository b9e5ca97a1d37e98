import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { ExecutedObserver } from './sampled/eventSystem.js';

/**
 * Option key the test kit uses to observe every executed event. `Symbol.for`, so the
 * separately bundled `testing` entry and the main entry agree on it.
 */
export const EXECUTED_OBSERVER = Symbol.for('foundation-telemetry.executed-observer');

/**
 * Option key under which the test kit hands over an object for `createTelemetry` to fill
 * with a function that collects the current metric values without exporting them.
 */
export const METRICS_COLLECTOR = Symbol.for('foundation-telemetry.metrics-collector');

/** What the test kit passes under {@link METRICS_COLLECTOR}. */
export interface MetricsCollector {
  collect?: () => Promise<ResourceMetrics | undefined>;
}

export interface InternalOptions {
  [EXECUTED_OBSERVER]?: ExecutedObserver;
  [METRICS_COLLECTOR]?: MetricsCollector;
}
