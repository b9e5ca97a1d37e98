import { ProxyTracerProvider, propagation, trace, type Tracer, type TracerProvider } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  SimpleSpanProcessor,
  TraceIdRatioBasedSampler,
  type ReadableSpan,
  type Sampler,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { isOtlpExporter } from '../config/exporterSettings.js';
import type { ResolvedConfig, TelemetryOptions } from '../config/options.js';
import { TRACER_NAME, TRACER_VERSION } from '../config/tracerIdentity.js';
import { TraceContextPropagator } from '../traceContext/traceContextPropagator.js';
import { dropCountingProcessor, type CountingSpanProcessor } from './dropCountingProcessor.js';
import type { ExportFailures } from './exportFailures.js';
import { buildWithVariablesHidden, SAMPLER_VARIABLES } from './hiddenVariables.js';
import { countingExporter, ExportLedger, type ExportCounts } from './exportLedger.js';
import { QueueGate } from './queueGate.js';
import { borrowedPipeline, ownedPipeline } from './pipelineLifecycle.js';
import { spanExporterFor } from './spanExporterFor.js';

export interface TracingSystem {
  tracer: Tracer;
  /** Flushes the span processor (resolves even if the exporter fails; failures are counted). */
  forceFlush(): Promise<void>;
  /**
   * Flushes and shuts down processor and exporter; resolves within `timeoutMs` even if the
   * exporter hangs. Spans still queued then count as dropped, exports still waiting as failed.
   */
  shutdown(timeoutMs: number): Promise<void>;
  health(): ExportCounts & { degraded: boolean };
}

/**
 * Builds the tracer provider of one instance: resource, sampler, exporter (wrapped to
 * count results) and processor (wrapped to count drops); or wraps the `tracerProvider`
 * of the options, which the user owns: it is flushed on shutdown but not shut down.
 * Export failures go to `failures`. With `OTEL_SDK_DISABLED=true`, nothing is built and
 * spans are non-recording.
 *
 * @example
 * const config = resolveConfig({ exporter: 'console' }, process.env);
 * const tracing = createTracing(config, {}, failures);
 * tracing.tracer.startSpan('work').end();
 * await tracing.shutdown(5000);
 */
export function createTracing(config: ResolvedConfig, options: TelemetryOptions, resource: Resource, failures: ExportFailures): TracingSystem {
  if (config.sdkDisabled) return disabledTracing();
  if (config.exporter === 'provider') return wrapUserProvider(userProvider(options.tracerProvider), config);

  const ledger = new ExportLedger('traces', otlpEndpoint(config), failures);
  const given = spanExporterFor(config, options, (error) => ledger.connectionFailed(error));
  const exporter = given && countingExporter<ReadableSpan[]>(given, ledger, (spans) => spans.length, config.batch.exportTimeoutMs);
  const processor = exporter && processorFor(config, exporter, ledger);
  // The sampler variables were read by the configuration; the provider would parse them again.
  const provider = buildWithVariablesHidden(SAMPLER_VARIABLES, () =>
    new BasicTracerProvider({
      resource,
      sampler: samplerFor(config.sampler),
      spanProcessors: processor ? [processor] : [],
    }),
  );
  const unregister = config.registerGlobal ? registerGlobals(provider) : undefined;
  const lifecycle = ownedPipeline(provider, exporter ?? NO_EXPORTER, config.batch.exportTimeoutMs, 'span', (reason) => {
    // What was not exported by now never will be, and is counted so.
    processor?.dropQueued(reason);
    ledger.giveUpPending(reason);
  });
  let shutdownPromise: Promise<void> | undefined;

  return {
    tracer: provider.getTracer(TRACER_NAME, TRACER_VERSION),
    // Bounded like one batch export: a hanging custom exporter cannot stall flush().
    forceFlush: lifecycle.forceFlush,
    shutdown: (timeoutMs) => (shutdownPromise ??= lifecycle.shutdown(timeoutMs).then(() => unregister?.())),
    health: () => ({ ...ledger.counts(), degraded: ledger.degraded }),
  };
}

const NO_EXPORTER = Object.freeze({ shutdown: () => Promise.resolve() });

/**
 * `OTEL_SDK_DISABLED=true`: no provider at all. A proxy provider with no delegate hands
 * out OpenTelemetry's no-op tracer, whose spans are non-recording (and carry a remote
 * parent's ids, so a trace passing through is not broken).
 */
function disabledTracing(): TracingSystem {
  return {
    tracer: new ProxyTracerProvider().getTracer(TRACER_NAME, TRACER_VERSION),
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
    health: () => ({ exported: 0, failed: 0, dropped: 0, degraded: false }),
  };
}

/** The URL the OTLP exporters send spans to, for failure reports. */
function otlpEndpoint(config: ResolvedConfig): string | undefined {
  return isOtlpExporter(config.exporter) ? config.otlp.url : undefined;
}

function processorFor(config: ResolvedConfig, exporter: SpanExporter, ledger: ExportLedger): CountingSpanProcessor {
  const { scheduledDelayMs, maxQueueSize, maxExportBatchSize, exportTimeoutMs } = config.batch;
  if (config.spanProcessor === 'simple') {
    return dropCountingProcessor(new SimpleSpanProcessor(exporter), new QueueGate(Infinity, ledger, 'spans', 'batch.maxQueueSize'));
  }
  const batch = new BatchSpanProcessor(exporter, {
    scheduledDelayMillis: scheduledDelayMs,
    maxQueueSize,
    maxExportBatchSize,
    exportTimeoutMillis: exportTimeoutMs,
  });
  return dropCountingProcessor(batch, new QueueGate(maxQueueSize, ledger, 'spans', 'batch.maxQueueSize (OTEL_BSP_MAX_QUEUE_SIZE)'));
}

function samplerFor({ ratio, parentBased }: ResolvedConfig['sampler']): Sampler {
  const root = ratio >= 1 ? new AlwaysOnSampler() : ratio <= 0 ? new AlwaysOffSampler() : new TraceIdRatioBasedSampler(ratio);
  return parentBased ? new ParentBasedSampler({ root }) : root;
}

/**
 * Registers the provider and a W3C trace-context + baggage propagator as OpenTelemetry
 * globals (the trace-context one is the library's, which keeps `tracestate` whole). Returns the undo for shutdown, which only removes what is still ours.
 * OpenTelemetry keeps the first global provider: if one is registered already, ours is not.
 */
function registerGlobals(provider: TracerProvider): () => void {
  const providerRegistered = trace.setGlobalTracerProvider(provider);
  const propagator = new CompositePropagator({
    propagators: [new TraceContextPropagator(), new W3CBaggagePropagator()],
  });
  const propagatorRegistered = propagation.setGlobalPropagator(propagator);
  return () => {
    const global = trace.getTracerProvider();
    if (providerRegistered && global instanceof ProxyTracerProvider && global.getDelegate() === provider) trace.disable();
    if (propagatorRegistered) propagation.disable();
  };
}

/** The provider of the options: the object, or the one registered with `@opentelemetry/api` for `'global'`. */
function userProvider(given: TelemetryOptions['tracerProvider']): TracerProvider {
  return given === undefined || given === 'global' ? trace.getTracerProvider() : given;
}

/** A provider the user owns: we trace with it and flush it, its lifecycle stays theirs. */
function wrapUserProvider(provider: TracerProvider, config: ResolvedConfig): TracingSystem {
  const unregister = config.registerGlobal ? registerGlobals(provider) : undefined;
  // The global provider is a proxy: its delegate is what can be flushed.
  const lifecycle = borrowedPipeline(provider instanceof ProxyTracerProvider ? provider.getDelegate() : provider, config.batch.exportTimeoutMs);
  let shutdownPromise: Promise<void> | undefined;
  return {
    tracer: provider.getTracer(TRACER_NAME, TRACER_VERSION),
    forceFlush: lifecycle.forceFlush,
    shutdown: (timeoutMs) => (shutdownPromise ??= lifecycle.shutdown(timeoutMs).then(() => unregister?.())),
    health: () => ({ exported: 0, failed: 0, dropped: 0, degraded: false }),
  };
}
