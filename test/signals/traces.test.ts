import { readFileSync } from 'node:fs';
import { context, propagation, trace, TraceFlags, type TracerProvider } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TelemetryOptions } from '../../src/config/options.js';
import { resolveConfig } from '../../src/config/resolveConfig.js';
import { TRACER_NAME, TRACER_VERSION } from '../../src/config/tracerIdentity.js';
import { ExportFailures, type ExportFailure } from '../../src/signals/exportFailures.js';
import { resourceFor } from '../../src/signals/resource.js';
import { createTracing, type TracingSystem } from '../../src/signals/traces.js';
import { KeepingSpanExporter } from '../../src/testing/index.js';

const opened: TracingSystem[] = [];
/** The failures the tracing systems of the current test reported. */
let announced: ExportFailure[] = [];

function tracingFor(options: TelemetryOptions, env: NodeJS.ProcessEnv = {}): TracingSystem {
  const failures = new ExportFailures({ warnings: false, now: () => 0, announce: (failure) => announced.push(failure), write: () => undefined });
  const config = resolveConfig(options, env);
  const tracing = createTracing(config, options, resourceFor(config), failures);
  opened.push(tracing);
  return tracing;
}

/** An exporter whose results the test decides: each export waits for `settle`. */
function controlledExporter() {
  const pending: Array<{ spans: ReadableSpan[]; done: (result: ExportResult) => void }> = [];
  let shutdownCalls = 0;
  const exporter: SpanExporter = {
    export: (spans, done) => void pending.push({ spans, done }),
    shutdown: () => {
      shutdownCalls++;
      return new Promise(() => undefined); // never settles: a hanging exporter
    },
  };
  return { exporter, pending, shutdownCalls: () => shutdownCalls };
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((tracing) => tracing.shutdown(100)));
  announced = [];
});

describe('createTracing', () => {
  it('exports spans with service.name, resource attributes and the tracer identity', async () => {
    const memory = new KeepingSpanExporter();
    const tracing = tracingFor({ serviceName: 'checkout', resource: { team: 'payments' }, exporter: memory, spanProcessor: 'simple' });
    const parent = tracing.tracer.startSpan('parent', { attributes: { 'order.id': 7 } });
    const child = tracing.tracer.startSpan('child', {}, trace.setSpan(context.active(), parent));
    child.end();
    parent.end();
    await tracing.forceFlush();

    const [first, second] = memory.spans();
    expect(first?.name).toBe('child');
    expect(second?.name).toBe('parent');
    expect(first?.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    expect(first?.spanContext().traceId).toBe(parent.spanContext().traceId);
    expect(second?.attributes).toEqual({ 'order.id': 7 });
    expect(second?.resource.attributes['service.name']).toBe('checkout');
    expect(second?.resource.attributes.team).toBe('payments');
    expect(second?.instrumentationScope).toMatchObject({ name: TRACER_NAME, version: TRACER_VERSION });
    expect(tracing.health()).toEqual({ exported: 2, failed: 0, dropped: 0, degraded: false });
  });

  it('names the tracer with the version of package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { name: string; version: string };
    expect(TRACER_NAME).toBe(pkg.name);
    expect(TRACER_VERSION).toBe(pkg.version);
  });

  it('batches by default and exports on forceFlush', async () => {
    const memory = new KeepingSpanExporter();
    const tracing = tracingFor({ exporter: memory, batch: { scheduledDelayMs: 60_000 } });
    tracing.tracer.startSpan('queued').end();
    expect(memory.spans()).toHaveLength(0);
    await tracing.forceFlush();
    expect(memory.spans().map((span) => span.name)).toEqual(['queued']);
  });

  it('counts failed exports and clears degraded at the next success', async () => {
    const { exporter, pending } = controlledExporter();
    const tracing = tracingFor({ exporter, spanProcessor: 'simple' });
    tracing.tracer.startSpan('a').end();
    tracing.tracer.startSpan('b').end();
    pending[0]?.done({ code: ExportResultCode.FAILED, error: new Error('collector down') });
    expect(tracing.health()).toEqual({ exported: 0, failed: 1, dropped: 0, degraded: true });
    pending[1]?.done({ code: ExportResultCode.SUCCESS });
    expect(tracing.health()).toEqual({ exported: 1, failed: 1, dropped: 0, degraded: false });
  });

  it('counts an exporter that calls back twice once', () => {
    const { exporter, pending } = controlledExporter();
    const tracing = tracingFor({ exporter, spanProcessor: 'simple' });
    tracing.tracer.startSpan('a').end();
    pending[0]?.done({ code: ExportResultCode.SUCCESS });
    pending[0]?.done({ code: ExportResultCode.FAILED });
    expect(tracing.health()).toMatchObject({ exported: 1, failed: 0 });
  });

  it('turns an exporter that throws into a counted failure, never an exception', async () => {
    const exporter: SpanExporter = {
      export: () => {
        throw new Error('exporter bug');
      },
      shutdown: async () => undefined,
    };
    const tracing = tracingFor({ exporter, spanProcessor: 'simple' });
    expect(() => tracing.tracer.startSpan('a').end()).not.toThrow();
    await expect(tracing.forceFlush()).resolves.toBeUndefined();
    expect(tracing.health()).toMatchObject({ failed: 1, degraded: true });
  });

  it('counts the spans the batch processor drops when its queue is full', () => {
    const { exporter, pending } = controlledExporter();
    const tracing = tracingFor({ exporter, batch: { maxQueueSize: 2, maxExportBatchSize: 1, scheduledDelayMs: 60_000 } });
    // The first span is exported at once (a full batch of 1) and hangs; two more fill the queue.
    for (const name of ['s1', 's2', 's3', 's4', 's5']) tracing.tracer.startSpan(name).end();
    expect(pending.map(({ spans }) => spans.map((span) => span.name))).toEqual([['s1']]);
    expect(tracing.health()).toEqual({ exported: 0, failed: 0, dropped: 2, degraded: true });
  });

  it('makes room again once the exporter answers', async () => {
    const memory = new KeepingSpanExporter();
    const tracing = tracingFor({ exporter: memory, batch: { maxQueueSize: 3, maxExportBatchSize: 3, scheduledDelayMs: 60_000 } });
    for (let round = 0; round < 4; round++) {
      tracing.tracer.startSpan(`a${round}`).end();
      tracing.tracer.startSpan(`b${round}`).end();
      await tracing.forceFlush();
    }
    expect(tracing.health()).toEqual({ exported: 8, failed: 0, dropped: 0, degraded: false });
  });

  it('does not count unsampled spans as dropped or exported', async () => {
    const memory = new KeepingSpanExporter();
    const tracing = tracingFor({ exporter: memory, sampler: { ratio: 0 }, spanProcessor: 'simple' });
    const span = tracing.tracer.startSpan('unsampled');
    expect(span.spanContext().traceFlags & TraceFlags.SAMPLED).toBe(0);
    span.end();
    await tracing.forceFlush();
    expect(memory.spans()).toHaveLength(0);
    expect(tracing.health()).toEqual({ exported: 0, failed: 0, dropped: 0, degraded: false });
  });

  it('follows a sampled parent when parent-based, even with ratio 0', () => {
    const memory = new KeepingSpanExporter();
    const parentBased = tracingFor({ exporter: memory, sampler: { ratio: 0, parentBased: true }, spanProcessor: 'simple' });
    const plain = tracingFor({ exporter: memory, sampler: { ratio: 0, parentBased: false }, spanProcessor: 'simple' });
    const remoteParent = trace.setSpanContext(context.active(), {
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
    expect(parentBased.tracer.startSpan('child', {}, remoteParent).isRecording()).toBe(true);
    expect(plain.tracer.startSpan('child', {}, remoteParent).isRecording()).toBe(false);
  });

  it('resolves forceFlush and counts the failure when the export fails', async () => {
    const exporter: SpanExporter = {
      export: (_spans, done) => done({ code: ExportResultCode.FAILED, error: new Error('nope') }),
      shutdown: async () => undefined,
    };
    const tracing = tracingFor({ exporter, batch: { scheduledDelayMs: 60_000 } });
    tracing.tracer.startSpan('a').end();
    await expect(tracing.forceFlush()).resolves.toBeUndefined();
    expect(tracing.health()).toMatchObject({ failed: 1, degraded: true });
  });

  it('shuts down within the budget when the exporter hangs, once', async () => {
    const { exporter, shutdownCalls } = controlledExporter();
    const tracing = tracingFor({ exporter, batch: { scheduledDelayMs: 60_000 } });
    tracing.tracer.startSpan('stuck').end();
    const started = performance.now();
    const first = tracing.shutdown(200);
    expect(tracing.shutdown(200)).toBe(first);
    await first;
    expect(performance.now() - started).toBeLessThan(1000);
    // The exporter was told to shut down, and only once, also by a call after the first settled.
    expect(tracing.shutdown(200)).toBe(first);
    await tracing.shutdown(200);
    expect(shutdownCalls()).toBe(1);
  });

  it('tells a hung exporter to shut down at the deadline, and only once', async () => {
    const { exporter, pending, shutdownCalls } = controlledExporter();
    const tracing = tracingFor({ exporter, batch: { scheduledDelayMs: 60_000 } });
    tracing.tracer.startSpan('stuck').end();
    await tracing.shutdown(50);
    expect(pending).toHaveLength(1); // the export the processor still waits for
    expect(shutdownCalls()).toBe(1);
    // Given up at the deadline: the span counts as failed, and a late answer changes nothing.
    expect(tracing.health()).toEqual({ exported: 0, failed: 1, dropped: 0, degraded: true });
    // The export ends late; the processor then shuts the exporter down: it is not called again.
    pending[0]?.done({ code: ExportResultCode.SUCCESS });
    await new Promise((resolve) => setImmediate(resolve));
    expect(shutdownCalls()).toBe(1);
    expect(tracing.health()).toEqual({ exported: 0, failed: 1, dropped: 0, degraded: true });
    expect(announced.map(({ signal, count }) => ({ signal, count }))).toEqual([{ signal: 'traces', count: 1 }]);
  });

  it('counts spans ended after shutdown as dropped', async () => {
    const memory = new KeepingSpanExporter();
    const tracing = tracingFor({ exporter: memory, spanProcessor: 'simple' });
    const late = tracing.tracer.startSpan('late');
    await tracing.shutdown(500);
    late.end();
    expect(tracing.health()).toMatchObject({ exported: 0, dropped: 1, degraded: true });
  });

  it("records spans but exports nothing with exporter 'none'", async () => {
    const tracing = tracingFor({});
    const span = tracing.tracer.startSpan('nowhere');
    expect(span.spanContext().spanId).toMatch(/^[0-9a-f]{16}$/);
    span.end();
    await tracing.forceFlush();
    expect(tracing.health()).toEqual({ exported: 0, failed: 0, dropped: 0, degraded: false });
  });

  it("prints spans with the 'console' exporter", async () => {
    const dir = vi.spyOn(console, 'dir').mockImplementation(() => undefined);
    try {
      const tracing = tracingFor({ exporter: 'console', spanProcessor: 'simple' });
      tracing.tracer.startSpan('shown').end();
      await tracing.forceFlush();
      expect(dir).toHaveBeenCalledWith(expect.objectContaining({ name: 'shown' }), expect.anything());
      expect(tracing.health().exported).toBe(1);
    } finally {
      dir.mockRestore();
    }
  });

  it("keeps spans in memory with the 'memory' exporter and the simple processor", async () => {
    const tracing = tracingFor({ exporter: 'memory' });
    tracing.tracer.startSpan('kept').end();
    await tracing.forceFlush();
    expect(tracing.health().exported).toBe(1);
  });

  describe('with a tracerProvider the user owns', () => {
    function userProvider() {
      const tracer = { startSpan: vi.fn(), startActiveSpan: vi.fn() };
      return {
        getTracer: vi.fn(() => tracer),
        forceFlush: vi.fn(async () => undefined),
        shutdown: vi.fn(async () => undefined),
        tracer,
      };
    }

    it('traces with it, flushes it on shutdown and leaves its shutdown to the user', async () => {
      const provider = userProvider();
      const tracing = tracingFor({ tracerProvider: provider as unknown as TracerProvider, exporter: 'console' });
      expect(tracing.tracer).toBe(provider.tracer);
      expect(provider.getTracer).toHaveBeenCalledWith(TRACER_NAME, TRACER_VERSION);
      await tracing.forceFlush();
      await tracing.shutdown(500);
      expect(provider.forceFlush).toHaveBeenCalledTimes(2);
      expect(provider.shutdown).not.toHaveBeenCalled();
    });

    it('is bounded by the budget when the provider flush hangs', async () => {
      const provider = { ...userProvider(), forceFlush: () => new Promise<void>(() => undefined) };
      const tracing = tracingFor({ tracerProvider: provider as unknown as TracerProvider });
      const started = performance.now();
      await tracing.shutdown(100);
      expect(performance.now() - started).toBeLessThan(1000);
    });

    it('copes with a provider that has no forceFlush', async () => {
      const tracing = tracingFor({ tracerProvider: { getTracer: () => trace.getTracer('x') } });
      await expect(tracing.forceFlush()).resolves.toBeUndefined();
      await expect(tracing.shutdown(100)).resolves.toBeUndefined();
    });
  });

  describe('registerGlobal', () => {
    afterEach(() => {
      trace.disable();
      propagation.disable();
    });

    it('registers the provider and W3C trace-context + baggage propagators, and removes them on shutdown', async () => {
      const memory = new KeepingSpanExporter();
      const tracing = tracingFor({ exporter: memory, spanProcessor: 'simple', registerGlobal: true });
      trace.getTracer('instrumentation').startSpan('from-global').end();
      expect(memory.spans().map((span) => span.name)).toEqual(['from-global']);
      expect(propagation.fields()).toEqual(expect.arrayContaining(['traceparent', 'tracestate', 'baggage']));

      await tracing.shutdown(500);
      expect(trace.getTracer('after').startSpan('x').isRecording()).toBe(false);
      expect(propagation.fields()).toEqual([]);
    });

    it('leaves the globals alone when not asked', () => {
      tracingFor({ exporter: 'memory' });
      expect(trace.getTracer('instrumentation').startSpan('x').isRecording()).toBe(false);
    });
  });
});
