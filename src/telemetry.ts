import type { Logger } from '@opentelemetry/api-logs';
import { realClock } from './config/clock.js';
import { describeConfig } from './config/describeConfig.js';
import type { ResolvedConfig, TelemetryOptions } from './config/options.js';
import { resolveConfig } from './config/resolveConfig.js';
import { formatValue } from './config/settingChecks.js';
import { ensureContextManager } from './context/ensureContextManager.js';
import { createErrorContextSystem, type ErrorContextSystem } from './error-context/errorContextSystem.js';
import type { ErrorContextApi, ErrorContextHealth } from './error-context/types.js';
import { EXECUTED_OBSERVER, METRICS_COLLECTOR, type InternalOptions } from './internal.js';
import { EventLog } from './logs/eventLog.js';
import { createLogBridge } from './logs/logBridge.js';
import { checkMetricDefinitions } from './metrics/checkMetricDefinitions.js';
import { createMetricRecorders, type MetricCounts } from './metrics/metricRecorders.js';
import { createEventSystem } from './sampled/eventSystem.js';
import type { EventTap } from './sampled/eventTap.js';
import type { EventsApi, EventsHealth, HandlersHealth } from './sampled/types.js';
import { ExportFailures, type ExportError, type ExportFailure } from './signals/exportFailures.js';
import type { ExportCounts } from './signals/exportLedger.js';
import { createSignals } from './signals/signals.js';
import { onEventLoopEmpty } from './exitHook.js';
import { createRecording, RECORDING_POINT, type RecordingPoint } from './recordingPoint.js';
import { createHttpSystem } from './http/httpSystem.js';
import type { HttpApi } from './http/types.js';
import { createSpanSystem } from './span/spanSystem.js';
import type { SpansApi, SpansHealth } from './span/types.js';

/** Span export counts, and the latest export failure of any signal. */
export interface ExportHealth extends ExportCounts {
  lastError: ExportError | undefined;
}

/** Log records exported, failed, or dropped before the exporter (a full queue, after shutdown). */
export type LogsHealth = ExportCounts;

export interface MetricsHealth {
  /** Events recorded by the metric definitions. */
  recorded: number;
  /** Events a definition skipped: measurement missing or not a number, or its functions threw. */
  skipped: number;
  /** Data points exported and failed. */
  exported: number;
  failed: number;
}

export interface TelemetryHealth {
  status: 'ok' | 'degraded' | 'shutdown';
  spans: SpansHealth;
  events: EventsHealth;
  handlers: HandlersHealth;
  export: ExportHealth;
  logs: LogsHealth;
  metrics: MetricsHealth;
  errorContext: ErrorContextHealth;
}

export interface ShutdownOptions {
  /** Budget in ms for draining and exporting; default 5000, `Infinity` for no deadline. */
  timeoutMs?: number;
}

/** One telemetry instance: it owns every piece of shared state the library has. */
export interface Telemetry extends SpansApi, EventsApi, ErrorContextApi {
  /** The frozen effective configuration, with the source of each value. */
  readonly config: ResolvedConfig;
  /** Server spans and request scopes for `node:http`, Express and Fastify. */
  readonly http: HttpApi;
  /** One-line summary of `config`. */
  describe(): string;
  health(): TelemetryHealth;
  /** Flushes batches, due suppression summaries and the span processor. */
  flush(): Promise<void>;
  /** Drains everything in order within the budget; idempotent. */
  shutdown(options?: ShutdownOptions): Promise<void>;
}

const DEFAULT_SHUTDOWN_TIMEOUT_MS = 5000;
const EXPORT_FAILURE_EVENT = Object.freeze(['telemetry', 'export', 'failure']);
const HTTP_HOOK_FAILURE_EVENT = Object.freeze(['telemetry', 'http', 'hook_failure']);

/**
 * Creates a telemetry instance.
 *
 * @example
 * const telemetry = createTelemetry({ serviceName: 'checkout', exporter: 'console' });
 * await telemetry.withSpan('checkout.charge', { 'order.id': id }, () => charge(id));
 * await telemetry.shutdown();
 */
export function createTelemetry(options: TelemetryOptions = {}): Telemetry {
  // Everything that can refuse the options runs before anything is built or registered.
  const config = resolveConfig(options, process.env);
  const clock = options.clock ?? realClock;
  const internal = options as InternalOptions;
  // Where the test kit's recorders attach, also to an instance made without it.
  const recording = createRecording(internal[EXECUTED_OBSERVER]);
  // Error context builds nothing outside itself; `captureError` reaches the bus only once it exists.
  const errorContext = createErrorContextSystem({
    config: config.errorContext,
    clock,
    events: { execute: (event, measurements, metadata) => events.execute(event, measurements, metadata) },
  });
  checkMetricDefinitions(config.metrics.definitions, errorContext.redaction.isSecretKey);
  // Environment values that were ignored: told once, at creation, like the first export failures.
  if (config.writeWarnings) for (const warning of config.warnings) writeStderr(`foundation-telemetry: ${warning}.\n`);

  ensureContextManager();
  const failures = new ExportFailures({
    warnings: config.writeWarnings,
    now: () => clock.now(),
    announce: ({ signal, error, endpoint, count }: ExportFailure) => exportFailureEvent.execute({ count }, { signal, error, endpoint }),
    write: writeStderr,
  });
  const signals = createSignals(config, options, clock, failures);
  const events = createEventSystem({
    config: config.events,
    clock,
    random: options.random ?? Math.random,
    observe: recording.observer,
    tap: logBridgeFor(config, options, recording.logger(signals.logger), errorContext),
  });
  // Failures found while shutting down (a spent budget) are still reported to the handlers.
  const exportFailureEvent = events.prepare(EXPORT_FAILURE_EVENT, { afterShutdown: true });
  const metricCounts: MetricCounts = { recorded: 0, skipped: 0 };
  if (signals.meter !== undefined) {
    for (const recorder of createMetricRecorders(config.metrics.definitions, signals.meter, errorContext.redaction, metricCounts)) {
      events.listen(recorder.event, recorder.record);
    }
  }
  const spans = createSpanSystem({ tracer: recording.tracer(signals.tracer), events, errors: errorContext.spanHooks, clock });
  const httpHookFailure = events.prepare(HTTP_HOOK_FAILURE_EVENT);
  const http = createHttpSystem({
    startSpan: spans.startSpan,
    activeSpan: spans.activeSpan,
    requestContext: errorContext.requestContext,
    captureError: errorContext.captureError,
    hookFailed: (hook, error) => httpHookFailure.execute({ count: 1 }, { hook, error }),
  });
  const collector = internal[METRICS_COLLECTOR];
  if (collector !== undefined) collector.collect = () => signals.collectMetrics();

  let shutdownPromise: Promise<void> | undefined;
  // A forgotten shutdown() still delivers everything when the event loop empties.
  const cancelExitHook = config.flushOnExit ? onEventLoopEmpty(() => void shutdown()) : undefined;

  async function drain(timeoutMs: number): Promise<void> {
    // Order matters. Open spans are abandoned while the bus still runs, so handlers that
    // saw their `span.start` also see their end. Then the flusher stops and the pending
    // summaries and batches are executed: they become log records and metric values, and
    // their handlers may still make spans; a span they leave open is abandoned too. All of
    // it ends before the three pipelines' last export.
    spans.endOpenSpans();
    events.shutdown();
    spans.endOpenSpans();
    spans.stop();
    await signals.shutdown(timeoutMs);
  }

  function shutdown(shutdownOptions: ShutdownOptions = {}): Promise<void> {
    // Every call gets the first call's promise, also one made by a handler during the drain.
    if (shutdownPromise) return shutdownPromise;
    const timeoutMs: unknown = shutdownOptions?.timeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
    if (typeof timeoutMs !== 'number' || Number.isNaN(timeoutMs) || timeoutMs < 0) {
      return Promise.reject(
        new TypeError(`shutdown: option "timeoutMs" must be a number of milliseconds >= 0 (Infinity: no deadline), got ${formatValue(timeoutMs)}`),
      );
    }
    let drained!: () => void;
    shutdownPromise = new Promise<void>((resolve) => (drained = resolve));
    cancelExitHook?.();
    drain(timeoutMs).then(drained, drained);
    return shutdownPromise;
  }

  const telemetry: Telemetry & { [RECORDING_POINT]: RecordingPoint } = {
    config,
    describe: () => describeConfig(config),
    http,

    withSpan: spans.withSpan,
    traced: spans.traced,
    startSpan: spans.startSpan,
    activeSpan: spans.activeSpan,
    spanStack: spans.spanStack,
    currentTraceId: spans.currentTraceId,

    attach: events.attach,
    detach: events.detach,
    handlers: events.handlers,
    execute: events.execute,
    emitEvent: events.emitEvent,
    emitBatched: events.emitBatched,
    prefixed: events.prefixed,
    event: events.event,
    samplingStats: events.samplingStats,

    withContext: errorContext.withContext,
    getContext: errorContext.getContext,
    setContext: errorContext.setContext,
    clearContext: errorContext.clearContext,
    enrichError: errorContext.enrichError,
    addBreadcrumb: errorContext.addBreadcrumb,
    captureError: errorContext.captureError,
    logFields: errorContext.logFields,
    inject: errorContext.inject,
    extract: errorContext.extract,

    health(): TelemetryHealth {
      const { events: eventsHealth, handlers } = events.health();
      const exports = signals.health();
      const status = shutdownPromise ? 'shutdown' : exports.degraded ? 'degraded' : 'ok';
      return {
        status,
        spans: spans.health(),
        events: eventsHealth,
        handlers,
        export: exports.export,
        logs: exports.logs,
        metrics: { recorded: metricCounts.recorded, skipped: metricCounts.skipped, ...exports.metrics },
        errorContext: errorContext.health(),
      };
    },

    async flush(): Promise<void> {
      // The events first: the batches and summaries they execute become records and metric values.
      events.flush();
      await signals.forceFlush();
    },

    shutdown,
    [RECORDING_POINT]: recording.point,
  };
  return telemetry;
}

/** The bus tap that turns events into log records, when `logs.events` wants any and they go somewhere. */
function logBridgeFor(config: ResolvedConfig, options: TelemetryOptions, logger: Logger | undefined, errorContext: ErrorContextSystem): EventTap | undefined {
  const selection = typeof options.logs?.events === 'function' ? options.logs.events : config.logs.events;
  if (logger === undefined || selection === 'none' || selection === 'predicate') return undefined;
  const log = new EventLog({ logger, redaction: errorContext.redaction, exceptionAttributes: errorContext.exceptionAttributes });
  return createLogBridge(log, selection);
}

function writeStderr(line: string): void {
  try {
    process.stderr.write(line);
  } catch {
    // A closed stderr must not turn a report into a failure of its own.
  }
}
