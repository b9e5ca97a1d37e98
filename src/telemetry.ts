import { realClock } from './config/clock.js';
import { describeConfig } from './config/describeConfig.js';
import type { ResolvedConfig, TelemetryOptions } from './config/options.js';
import { resolveConfig } from './config/resolveConfig.js';
import { formatValue } from './config/settingChecks.js';
import { ensureContextManager } from './context/ensureContextManager.js';
import { createErrorContextSystem } from './error-context/errorContextSystem.js';
import type { ErrorContextApi, ErrorContextHealth } from './error-context/types.js';
import { EXECUTED_OBSERVER, type InternalOptions } from './internal.js';
import { createEventSystem } from './sampled/eventSystem.js';
import type { EventsApi, EventsHealth, HandlersHealth } from './sampled/types.js';
import { ExportFailures, type ExportError, type ExportFailure } from './signals/exportFailures.js';
import type { ExportCounts } from './signals/exportLedger.js';
import { resourceFor } from './signals/resource.js';
import { createTracing } from './signals/traces.js';
import { onEventLoopEmpty } from './exitHook.js';
import { createSpanSystem } from './span/spanSystem.js';
import type { SpansApi, SpansHealth } from './span/types.js';

/** Span export counts, and the latest export failure of any signal. */
export interface ExportHealth extends ExportCounts {
  lastError: ExportError | undefined;
}

export interface TelemetryHealth {
  status: 'ok' | 'degraded' | 'shutdown';
  spans: SpansHealth;
  events: EventsHealth;
  handlers: HandlersHealth;
  export: ExportHealth;
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

/**
 * Creates a telemetry instance.
 *
 * @example
 * const telemetry = createTelemetry({ serviceName: 'checkout', exporter: 'console' });
 * await telemetry.withSpan('checkout.charge', { 'order.id': id }, () => charge(id));
 * await telemetry.shutdown();
 */
export function createTelemetry(options: TelemetryOptions = {}): Telemetry {
  const config = resolveConfig(options, process.env);
  ensureContextManager();
  const clock = options.clock ?? realClock;
  const observe = (options as InternalOptions)[EXECUTED_OBSERVER];

  const events = createEventSystem({ config: config.events, clock, random: options.random ?? Math.random, observe });
  const exportFailureEvent = events.prepare(EXPORT_FAILURE_EVENT);
  const failures = new ExportFailures({
    warnings: config.warnings,
    now: () => clock.now(),
    announce: ({ signal, error, endpoint, count }: ExportFailure) =>
      exportFailureEvent.execute({ count }, { signal, error, endpoint }),
    write: writeStderr,
  });
  const resource = resourceFor(config);
  const tracing = createTracing(config, options, resource, failures);
  const errorContext = createErrorContextSystem({ config: config.errorContext, clock, events });
  const spans = createSpanSystem({ tracer: tracing.tracer, events, errors: errorContext.spanHooks, clock });

  let shutdownPromise: Promise<void> | undefined;
  // A forgotten shutdown() still delivers everything when the event loop empties.
  const cancelExitHook = config.flushOnExit ? onEventLoopEmpty(() => void shutdown()) : undefined;

  async function drain(timeoutMs: number): Promise<void> {
    // Order matters. Open spans are abandoned while the bus still runs, so handlers that
    // saw their `span.start` also see their end. Then the flusher stops and the pending
    // summaries and batches are executed; their handlers may still make spans, and a span
    // they leave open is abandoned too. All of it ends before the processor's last flush.
    spans.endOpenSpans();
    events.shutdown();
    spans.endOpenSpans();
    spans.stop();
    await tracing.shutdown(timeoutMs);
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

  return {
    config,
    describe: () => describeConfig(config),

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
      const { degraded, ...spanExports } = tracing.health();
      const status = shutdownPromise ? 'shutdown' : degraded ? 'degraded' : 'ok';
      return {
        status,
        spans: spans.health(),
        events: eventsHealth,
        handlers,
        export: { ...spanExports, lastError: failures.lastError },
        errorContext: errorContext.health(),
      };
    },

    async flush(): Promise<void> {
      events.flush();
      await tracing.forceFlush();
    },

    shutdown,
  };
}

function writeStderr(line: string): void {
  try {
    process.stderr.write(line);
  } catch {
    // A closed stderr must not turn a report into a failure of its own.
  }
}
