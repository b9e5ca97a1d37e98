import { metrics as metricsApi, type Meter, type MeterProvider as MeterProviderApi } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import { MeterProvider, type PushMetricExporter, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { isOtlpExporter } from '../config/exporterSettings.js';
import type { Clock, ResolvedConfig, TelemetryOptions } from '../config/options.js';
import { TRACER_NAME, TRACER_VERSION } from '../config/tracerIdentity.js';
import { ClockMetricReader, dataPointCount } from './clockMetricReader.js';
import type { ExportFailures } from './exportFailures.js';
import { countingExporter, ExportLedger } from './exportLedger.js';
import { metricExporterFor } from './metricExporterFor.js';
import { borrowedPipeline, ownedPipeline } from './pipelineLifecycle.js';

export interface MeteringSystem {
  /** The meter the metric definitions record with; `undefined` when there are none or they go nowhere. */
  readonly meter: Meter | undefined;
  /** Collects the current values without exporting them (the test kit); `undefined` once shut down or without a reader of ours. */
  collect(): Promise<ResourceMetrics | undefined>;
  forceFlush(): Promise<void>;
  /** Exports a last time and shuts down, within `timeoutMs`; an export still running then counts as failed. */
  shutdown(timeoutMs: number): Promise<void>;
  /** Data points exported and failed. */
  health(): { exported: number; failed: number; degraded: boolean };
}

/**
 * Builds the meter provider of one instance from `config.metrics`: an exporter (counted in
 * data points) read every `intervalMs` of the instance's clock, resource shared with the
 * traces; or the `meterProvider` of the options (or the global one), which the user owns.
 * Nothing is built without metric definitions.
 */
export function createMetering(
  config: ResolvedConfig,
  options: TelemetryOptions,
  resource: Resource,
  clock: Clock,
  failures: ExportFailures,
): MeteringSystem {
  const settings = config.metrics;
  if (settings.definitions.length === 0) return NO_METERING;
  if (settings.exporter === 'provider') return wrapUserProvider(options.meterProvider, settings.exportTimeoutMs);
  const ledger = new ExportLedger('metrics', isOtlpExporter(settings.exporter) ? settings.otlp.url : undefined, failures);
  const given = metricExporterFor(config, options, (error) => ledger.connectionFailed(error));
  if (given === undefined) return NO_METERING;

  const counted = countingExporter<ResourceMetrics>(given, ledger, dataPointCount, settings.exportTimeoutMs);
  // The selectors tell the reader which temporality and aggregation the exporter wants.
  const exporter: PushMetricExporter = {
    export: (batch, done) => counted.export(batch, done),
    forceFlush: () => counted.forceFlush?.() ?? Promise.resolve(),
    shutdown: () => counted.shutdown(),
    selectAggregationTemporality: given.selectAggregationTemporality?.bind(given),
    selectAggregation: given.selectAggregation?.bind(given),
  };
  const reader = new ClockMetricReader(exporter, clock, settings.intervalMs);
  const provider = new MeterProvider({ resource, readers: [reader] });
  const lifecycle = ownedPipeline(
    provider,
    counted,
    settings.exportTimeoutMs,
    'metric data point',
    (reason) => ledger.giveUpPending(reason),
    false,
  );
  let shutDown = false;

  return {
    meter: provider.getMeter(TRACER_NAME, TRACER_VERSION),
    collect: async () => (shutDown ? undefined : (await reader.collect()).resourceMetrics),
    forceFlush: lifecycle.forceFlush,
    shutdown(timeoutMs: number): Promise<void> {
      shutDown = true;
      return lifecycle.shutdown(timeoutMs);
    },
    health: () => ({ exported: ledger.exported, failed: ledger.failed, degraded: ledger.degraded }),
  };
}

const NO_METERING: MeteringSystem = Object.freeze({
  meter: undefined,
  collect: () => Promise.resolve(undefined),
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
  health: () => ({ exported: 0, failed: 0, degraded: false }),
});

/** A provider the user owns (or the global one): we record with it and flush it; its lifecycle stays theirs. */
function wrapUserProvider(given: TelemetryOptions['meterProvider'], flushTimeoutMs: number): MeteringSystem {
  const provider: MeterProviderApi = given === undefined || given === 'global' ? metricsApi.getMeterProvider() : given;
  return {
    meter: provider.getMeter(TRACER_NAME, TRACER_VERSION),
    collect: () => Promise.resolve(undefined),
    ...borrowedPipeline(provider, flushTimeoutMs),
    health: () => ({ exported: 0, failed: 0, degraded: false }),
  };
}
