import { ProxyTracerProvider, propagation, trace, type TracerProvider } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  SimpleSpanProcessor,
  TraceIdRatioBasedSampler,
  type Sampler,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { dropCountingProcessor } from './dropCountingProcessor.js';
import { countingExporter, createExportCounters, type ExportCounters } from './exportCounters.js';
import type { ResolvedConfig, TelemetryOptions } from './options.js';
import { attempt, settleWithin } from './settleWithin.js';
import { spanExporterFor } from './spanExporterFor.js';
import { TRACER_NAME, TRACER_VERSION } from './tracerIdentity.js';
import type { TracingSystem } from './tracing.js';

/**
 * Builds the tracer provider of one instance: resource, sampler, exporter (wrapped to
 * count results) and processor (wrapped to count drops); or wraps the `tracerProvider`
 * of the options, which the user owns: it is flushed on shutdown but not shut down.
 *
 * @example
 * const config = resolveConfig({ exporter: 'console' }, process.env);
 * const tracing = createTracing(config, {});
 * tracing.tracer.startSpan('work').end();
 * await tracing.shutdown(5000);
 */
export function createTracing(config: ResolvedConfig, options: TelemetryOptions): TracingSystem {
  if (config.exporter === 'provider' && options.tracerProvider) return wrapUserProvider(options.tracerProvider, config);

  const counters = createExportCounters();
  const exporter = spanExporterFor(config, options);
  const counted = exporter ? countingExporter(exporter, counters) : undefined;
  const spanProcessors = counted ? [processorFor(config, counted, counters)] : [];
  const provider = new BasicTracerProvider({
    resource: defaultResource().merge(resourceFromAttributes({ ...config.resource, [ATTR_SERVICE_NAME]: config.serviceName })),
    sampler: samplerFor(config.sampler),
    spanProcessors,
  });
  const unregister = config.registerGlobal ? registerGlobals(provider) : undefined;
  let shutdownPromise: Promise<void> | undefined;

  return {
    tracer: provider.getTracer(TRACER_NAME, TRACER_VERSION),
    // Bounded like one batch export: a hanging custom exporter cannot stall flush().
    forceFlush: async () => {
      await settleWithin(attempt(() => provider.forceFlush()), config.batch.exportTimeoutMs);
    },
    shutdown(timeoutMs: number): Promise<void> {
      if (shutdownPromise) return shutdownPromise;
      // The simple processor does not wait for exports in flight on shutdown: flush first.
      // The batch processor skips the exporter's shutdown when its last flush fails: do it.
      const drain = attempt(() => provider.forceFlush())
        .then(
          () => provider.shutdown(),
          () => provider.shutdown(),
        )
        .catch(() => counted?.shutdown());
      shutdownPromise = settleWithin(drain, timeoutMs).then((outcome) => {
        // A hung export holds the processor, which shuts the exporter down only after it:
        // at the deadline the exporter is told to stop now (not awaited, the budget is spent).
        if (outcome === 'timeout') counted?.shutdown().catch(() => undefined);
        unregister?.();
      });
      return shutdownPromise;
    },
    health: () => exportHealth(counters),
  };
}

function exportHealth(counters: ExportCounters): ReturnType<TracingSystem['health']> {
  return { exported: counters.exported, failed: counters.failed, dropped: counters.dropped, degraded: counters.degraded };
}

function processorFor(config: ResolvedConfig, exporter: ReturnType<typeof countingExporter>, counters: ExportCounters): SpanProcessor {
  if (config.spanProcessor === 'simple') return dropCountingProcessor(new SimpleSpanProcessor(exporter), Infinity, counters);
  const { scheduledDelayMs, maxQueueSize, maxExportBatchSize, exportTimeoutMs } = config.batch;
  const batch = new BatchSpanProcessor(exporter, {
    scheduledDelayMillis: scheduledDelayMs,
    maxQueueSize,
    maxExportBatchSize,
    exportTimeoutMillis: exportTimeoutMs,
  });
  return dropCountingProcessor(batch, maxQueueSize, counters);
}

function samplerFor({ ratio, parentBased }: ResolvedConfig['sampler']): Sampler {
  const root = ratio >= 1 ? new AlwaysOnSampler() : ratio <= 0 ? new AlwaysOffSampler() : new TraceIdRatioBasedSampler(ratio);
  return parentBased ? new ParentBasedSampler({ root }) : root;
}

/**
 * Registers the provider and a W3C trace-context + baggage propagator as OpenTelemetry
 * globals. Returns the undo for shutdown, which only removes what is still ours.
 * OpenTelemetry keeps the first global provider: if one is registered already, ours is not.
 */
function registerGlobals(provider: TracerProvider): () => void {
  const providerRegistered = trace.setGlobalTracerProvider(provider);
  const propagator = new CompositePropagator({
    propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
  });
  const propagatorRegistered = propagation.setGlobalPropagator(propagator);
  return () => {
    const global = trace.getTracerProvider();
    if (providerRegistered && global instanceof ProxyTracerProvider && global.getDelegate() === provider) trace.disable();
    if (propagatorRegistered) propagation.disable();
  };
}

/** A provider the user owns: we trace with it and flush it, its lifecycle stays theirs. */
function wrapUserProvider(provider: TracerProvider, config: ResolvedConfig): TracingSystem {
  const unregister = config.registerGlobal ? registerGlobals(provider) : undefined;
  const flushable = provider as TracerProvider & { forceFlush?: () => Promise<void> };
  const flush = (): Promise<unknown> => attempt(() => flushable.forceFlush?.());
  let shutdownPromise: Promise<void> | undefined;
  return {
    tracer: provider.getTracer(TRACER_NAME, TRACER_VERSION),
    forceFlush: async () => {
      await settleWithin(flush(), config.batch.exportTimeoutMs);
    },
    shutdown(timeoutMs: number): Promise<void> {
      shutdownPromise ??= settleWithin(flush(), timeoutMs).then(() => unregister?.());
      return shutdownPromise;
    },
    health: () => ({ exported: 0, failed: 0, dropped: 0, degraded: false }),
  };
}
