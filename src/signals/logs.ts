import type { Logger, LoggerProvider as LoggerProviderApi } from '@opentelemetry/api-logs';
import type { Context } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import {
  BatchLogRecordProcessor,
  LoggerProvider,
  SimpleLogRecordProcessor,
  type LogRecordExporter,
  type LogRecordProcessor,
  type ReadableLogRecord,
  type SdkLogRecord,
} from '@opentelemetry/sdk-logs';
import { isOtlpExporter } from '../config/exporterSettings.js';
import type { ResolvedConfig, TelemetryOptions } from '../config/options.js';
import { TRACER_NAME, TRACER_VERSION } from '../config/tracerIdentity.js';
import type { ExportFailures } from './exportFailures.js';
import { countingExporter, ExportLedger, type ExportCounts } from './exportLedger.js';
import { globalLoggerProvider } from './globalLoggerProvider.js';
import { logExporterFor } from './logExporterFor.js';
import { QueueGate } from './queueGate.js';
import { borrowedPipeline, ownedPipeline } from './pipelineLifecycle.js';

export interface LoggingSystem {
  /** The logger log records are emitted with; `undefined` when they go nowhere (`'none'`), so none is built. */
  readonly logger: Logger | undefined;
  forceFlush(): Promise<void>;
  /** Flushes and shuts down; within `timeoutMs`, counting what is left as dropped or failed. */
  shutdown(timeoutMs: number): Promise<void>;
  health(): ExportCounts & { degraded: boolean };
}

/**
 * Builds the logger provider of one instance from `config.logs`: exporter (counted),
 * processor (its silent queue drops counted), resource shared with the traces; or the
 * `loggerProvider` of the options (or the global one), which the user owns: it is
 * flushed, never shut down.
 */
export function createLogging(config: ResolvedConfig, options: TelemetryOptions, resource: Resource, failures: ExportFailures): LoggingSystem {
  const settings = config.logs;
  // No event becomes a record: nothing is built.
  if (settings.events === 'none') return NO_LOGGING;
  if (settings.exporter === 'provider') return wrapUserProvider(options.loggerProvider, settings.batch.exportTimeoutMs);
  const ledger = new ExportLedger('logs', isOtlpExporter(settings.exporter) ? settings.otlp.url : undefined, failures);
  const given = logExporterFor(config, options, (error) => ledger.connectionFailed(error));
  if (given === undefined) return NO_LOGGING;

  const exporter = countingExporter<ReadableLogRecord[]>(given, ledger, (records) => records.length, settings.batch.exportTimeoutMs);
  const { scheduledDelayMs, maxQueueSize, maxExportBatchSize, exportTimeoutMs } = settings.batch;
  const gate =
    settings.processor === 'simple'
      ? new QueueGate(Infinity, ledger, 'log records', 'logs.batch.maxQueueSize')
      : new QueueGate(maxQueueSize, ledger, 'log records', 'logs.batch.maxQueueSize (OTEL_BLRP_MAX_QUEUE_SIZE)');
  const inner: LogRecordProcessor =
    settings.processor === 'simple'
      ? new SimpleLogRecordProcessor({ exporter: exporter as LogRecordExporter })
      : new BatchLogRecordProcessor({
          exporter: exporter as LogRecordExporter,
          scheduledDelayMillis: scheduledDelayMs,
          maxQueueSize,
          maxExportBatchSize,
          exportTimeoutMillis: exportTimeoutMs,
        });
  const provider = new LoggerProvider({ resource, processors: [gatedProcessor(inner, gate)] });
  const lifecycle = ownedPipeline(provider, exporter, exportTimeoutMs, 'log record', (reason) => {
    gate.dropQueued(reason);
    ledger.giveUpPending(reason);
  });

  return {
    logger: provider.getLogger(TRACER_NAME, TRACER_VERSION),
    forceFlush: lifecycle.forceFlush,
    shutdown: lifecycle.shutdown,
    health: () => ({ ...ledger.counts(), degraded: ledger.degraded }),
  };
}

const NO_LOGGING: LoggingSystem = Object.freeze({
  logger: undefined,
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
  health: () => ({ exported: 0, failed: 0, dropped: 0, degraded: false }),
});

/** `inner` behind `gate`, which counts the log records a full queue or a shutdown would lose. */
function gatedProcessor(inner: LogRecordProcessor, gate: QueueGate): LogRecordProcessor {
  return {
    onEmit(record: SdkLogRecord, context?: Context): void {
      if (gate.admit()) inner.onEmit(record, context);
    },
    forceFlush: () => inner.forceFlush(),
    shutdown(): Promise<void> {
      gate.close();
      return inner.shutdown();
    },
  };
}

/** A provider the user owns (or the global one): we log with it and flush it; its lifecycle stays theirs. */
function wrapUserProvider(given: TelemetryOptions['loggerProvider'], flushTimeoutMs: number): LoggingSystem {
  const provider: LoggerProviderApi = given === undefined || given === 'global' ? globalLoggerProvider() : given;
  return {
    logger: provider.getLogger(TRACER_NAME, TRACER_VERSION),
    ...borrowedPipeline(provider, flushTimeoutMs),
    health: () => ({ exported: 0, failed: 0, dropped: 0, degraded: false }),
  };
}
