import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { LogsOptions, MetricsOptions, TelemetryOptions } from '../config/options.js';
import { EXECUTED_OBSERVER, METRICS_COLLECTOR, type InternalOptions, type MetricsCollector } from '../internal.js';
import { createTelemetry, type Telemetry } from '../telemetry.js';
import { createEventRecorder, type EventFilter, type EventRecorder, type RecordedEvent } from './eventRecorder.js';
import { KeepingLogExporter } from './keepingLogExporter.js';
import { KeepingMetricExporter } from './keepingMetricExporter.js';
import { KeepingSpanExporter } from './keepingSpanExporter.js';
import { createManualClock, type ManualClock } from './manualClock.js';
import { createSpanStartOrder } from './spanStartOrder.js';
import { buildSpanTree, type SpanTreeNode } from './spanTree.js';
import { logView, metricViews, type CollectedMetric, type RecordedLog } from './telemetryViews.js';

/**
 * Options of {@link createTestTelemetry}: those of `createTelemetry`, except the ones the
 * kit sets itself (exporters, processors, providers). `clock` may be a manual clock of
 * your own, for example one shared by two instances or starting at another time.
 */
export interface TestTelemetryOptions
  extends Omit<TelemetryOptions, 'exporter' | 'spanProcessor' | 'tracerProvider' | 'loggerProvider' | 'meterProvider' | 'clock' | 'logs' | 'metrics'> {
  clock?: ManualClock;
  /** Which events become log records (`logs.events`); they are kept in memory for `logs()`. */
  logs?: Pick<LogsOptions, 'events'>;
  /** The metric definitions and export interval (on the manual clock); values are read with `collectMetrics()`. */
  metrics?: Pick<MetricsOptions, 'definitions' | 'intervalMs'>;
}

/** A real `Telemetry` whose spans and executed events are kept for assertions. */
export interface TestTelemetry extends Telemetry {
  /** Finished spans in the order they ended; kept across `shutdown()`. */
  spans(): ReadableSpan[];
  /** Finished spans as trees, roots and children in start order. */
  spanTree(): SpanTreeNode[];
  /** Every executed bus event in execution order, optionally only those matching `filter`. */
  events(filter?: EventFilter): RecordedEvent[];
  /** Every log record the instance produced, in order; kept across `shutdown()`. */
  logs(): RecordedLog[];
  /** The current value of every defined metric (after `shutdown()`: the last exported values). */
  collectMetrics(): Promise<CollectedMetric[]>;
  /** The instance's clock: time moves only with `clock.advance(ms)`. */
  readonly clock: ManualClock;
  /** Forgets recorded spans, events and log records (time, handlers, dedup windows, batches and metric values stay). */
  reset(): void;
}

/**
 * Key under which a test telemetry (and a `recordTelemetry` recording) carries its recorder, for `waitForEvent`.
 * `Symbol.for`, so separately bundled entries agree on it.
 */
export const EVENT_RECORDER = Symbol.for('foundation-telemetry.test-event-recorder');

/**
 * Creates a real telemetry instance (same code paths as production) that records:
 * an in-memory exporter behind a simple span processor keeps every finished span, every
 * executed bus event is recorded, and time is a manual clock.
 *
 * @example
 * const t = createTestTelemetry({ events: { batchIntervalMs: 1000 } });
 * t.emitBatched('cache.miss', 1, { batchKey: 'users' });
 * t.clock.advance(1000);
 * t.events('batched.cache.miss'); // [{ event: ['batched', 'cache', 'miss'], measurements: { count: 1 }, ... }]
 */
export function createTestTelemetry(options: TestTelemetryOptions = {}): TestTelemetry {
  const clock = options.clock ?? createManualClock();
  const exporter = new KeepingSpanExporter();
  const logExporter = new KeepingLogExporter();
  const metricExporter = new KeepingMetricExporter();
  const collector: MetricsCollector = {};
  const recorder = createEventRecorder();
  const startOrder = createSpanStartOrder();
  // Drop what the kit owns even if an untyped caller passed it anyway.
  const {
    exporter: _exporter,
    spanProcessor: _processor,
    tracerProvider: _tracerProvider,
    loggerProvider: _loggerProvider,
    meterProvider: _meterProvider,
    logs,
    metrics,
    ...rest
  } = options as TelemetryOptions;
  const telemetryOptions: TelemetryOptions & InternalOptions = {
    ...rest,
    exporter,
    spanProcessor: 'simple',
    logs: { events: logs?.events, exporter: logExporter, processor: 'simple' },
    metrics: { definitions: metrics?.definitions, intervalMs: metrics?.intervalMs, exporter: metricExporter },
    clock,
    [METRICS_COLLECTOR]: collector,
    [EXECUTED_OBSERVER]: (event, measurements, metadata, at) => {
      startOrder.observe(event, metadata);
      recorder.observe(event, measurements, metadata, at);
    },
  };
  const telemetry = createTelemetry(telemetryOptions);

  const testTelemetry: TestTelemetry & { [EVENT_RECORDER]: EventRecorder } = {
    ...telemetry,
    spans: () => exporter.spans(),
    spanTree: () => buildSpanTree(exporter.spans(), startOrder.sequenceOf),
    events: (filter?: EventFilter) => recorder.events(filter),
    logs: () => logExporter.records().map(logView),
    async collectMetrics() {
      const current = await collector.collect?.().catch(() => undefined);
      // Once shut down (or shutting down) the values are those of the drain's last export: wait for it.
      if (current === undefined && telemetry.health().status === 'shutdown') await telemetry.shutdown();
      return metricViews(telemetry.config.metrics.definitions, current ?? metricExporter.latest());
    },
    clock,
    reset() {
      exporter.clear();
      logExporter.clear();
      recorder.clear();
      startOrder.clear();
    },
    [EVENT_RECORDER]: recorder,
  };
  return testTelemetry;
}

/** The recorder of a test telemetry, or `undefined` for any other value. */
export function recorderIfAny(telemetry: unknown): EventRecorder | undefined {
  if (typeof telemetry !== 'object' || telemetry === null) return undefined;
  return (telemetry as { [EVENT_RECORDER]?: EventRecorder })[EVENT_RECORDER];
}
