import { context, diag, DiagLogLevel, SpanStatusCode, trace, type DiagLogger } from '@opentelemetry/api';
import { BasicTracerProvider, SimpleSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { createTelemetry, type Telemetry } from '../../src/index.js';
import { KeepingSpanExporter } from '../../src/testing/index.js';
import '../../src/testing/vitest.js';
import { make } from '../support/testInstances.js';

const owned: Telemetry[] = [];
afterEach(async () => {
  diag.disable();
  await Promise.all(owned.splice(0).map((telemetry) => telemetry.shutdown({ timeoutMs: 200 })));
});

/** A span of another tracer, and the handle `activeSpan()` gives for it. */
function foreignSpan(name: string) {
  const exporter = new KeepingSpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const span = provider.getTracer('other-instrumentation').startSpan(name);
  const t = make();
  const handle = context.with(trace.setSpan(context.active(), span), () => t.activeSpan());
  if (handle === undefined) throw new Error('no handle for the foreign span');
  return { t, span, handle, exporter };
}

describe('the handle on a span another instrumentation started', () => {
  it('names it, adds events, links and exceptions to it, and ends it once', () => {
    const { span, handle, exporter } = foreignSpan('http.request');
    const linked = trace.wrapSpanContext({ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1 });
    expect(handle.name).toBe('http.request');
    expect(handle.traceId).toBe(span.spanContext().traceId);
    handle.addEvent('cache.miss', { key: 'k' }).addLink({ context: linked.spanContext() });
    handle.recordException(Object.assign(new TypeError('bad'), { context: { requestId: 'r1' } }));
    handle.setStatus({ code: SpanStatusCode.ERROR, message: 'failed' });
    expect(handle.isEnded()).toBe(false);
    handle.end();
    handle.end();
    expect(handle.isEnded()).toBe(true);
    const [exported] = exporter.spans();
    expect(exporter.spans()).toHaveLength(1);
    expect(exported?.events.map((event) => event.name)).toEqual(['cache.miss', 'exception']);
    expect(exported?.events[1]?.attributes).toMatchObject({ 'exception.type': 'TypeError', 'error.context.requestId': 'r1' });
    expect(exported?.links.map((link) => link.context.spanId)).toEqual(['b'.repeat(16)]);
    expect(exported?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'failed' });
  });

  it('knows when the span was ended by its owner, and runs fn with it active', () => {
    const { t, span, handle } = foreignSpan('owned.elsewhere');
    expect(handle.run(() => t.activeSpan()?.spanId)).toBe(span.spanContext().spanId);
    span.end();
    expect(handle.isEnded()).toBe(true);
  });

  it('records no exception on a span that no longer records', () => {
    const { span, handle, exporter } = foreignSpan('closed');
    span.end();
    handle.recordException(new Error('late'));
    expect(exporter.spans()[0]?.events).toEqual([]);
  });
});

describe('span ends and the bus', () => {
  it("a span ended by hand, or left open at shutdown, is a ['span','stop'], never an exception", async () => {
    const t = make();
    const seen: string[] = [];
    t.attach('ends', [['span', 'stop'], ['span', 'exception']], (event, _measurements, metadata) => seen.push(`${event.join('.')} ${String(metadata.name)}`));
    t.startSpan('manual').end();
    t.startSpan('left.open');
    await t.shutdown();
    expect(seen).toEqual(['span.stop manual', 'span.stop left.open']);
    expect(t).toHaveSpan('left.open', { status: 'error', attributes: { 'telemetry.span.abandoned': true } });
    expect(t.spans().find((span) => span.name === 'left.open')?.status.message).toBe('span was still open at shutdown');
  });

  it('an UNSET status set by fn still lets a failure mark the span ERROR', () => {
    const t = make();
    expect(() =>
      t.withSpan('unset.then.throw', (span) => {
        span.setStatus({ code: SpanStatusCode.UNSET });
        throw new Error('failed after all');
      }),
    ).toThrow('failed after all');
    expect(t).toHaveSpan('unset.then.throw', { status: 'error' });
  });

  it('measures span times with performance.now() on the real clock', () => {
    const telemetry = createTelemetry({ exporter: 'none', flushOnExit: false });
    owned.push(telemetry);
    let monotonicTime = Number.NaN;
    telemetry.attach('start', ['span', 'start'], (_event, measurements) => (monotonicTime = measurements.monotonicTime ?? Number.NaN));
    const before = performance.now();
    telemetry.withSpan('timed', () => undefined);
    expect(monotonicTime).toBeGreaterThanOrEqual(before);
    expect(monotonicTime).toBeLessThanOrEqual(performance.now());
  });

  it('reports a span processor that throws on end through diag, and the work keeps its result', () => {
    const errors: string[] = [];
    const logger: DiagLogger = { error: (message) => void errors.push(message), warn: () => {}, info: () => {}, debug: () => {}, verbose: () => {} };
    diag.setLogger(logger, DiagLogLevel.ERROR);
    const throwing: SpanProcessor = {
      onStart: () => undefined,
      onEnd: () => {
        throw new Error('processor bug');
      },
      forceFlush: async () => undefined,
      shutdown: async () => undefined,
    };
    const provider = new BasicTracerProvider({ spanProcessors: [throwing] });
    const telemetry = createTelemetry({ tracerProvider: provider, flushOnExit: false });
    owned.push(telemetry);
    expect(telemetry.withSpan('ends.badly', () => 42)).toBe(42);
    expect(errors).toContain('foundation-telemetry: a span processor failed while ending a span');
  });
});

describe('withSpan and traced arguments', () => {
  it('names null given in place of fn', () => {
    const t = make();
    expect(() => t.withSpan('x', null as never)).toThrow(new TypeError('withSpan: fn must be a function, got null'));
  });

  it('gives the wrapper the name and length descriptors of the wrapped function', () => {
    const t = make();
    function chargeCard(_id: string): void {}
    const wrapped = t.traced('charge', chargeCard);
    expect(Object.getOwnPropertyDescriptor(wrapped, 'name')).toEqual(Object.getOwnPropertyDescriptor(chargeCard, 'name'));
    expect(Object.getOwnPropertyDescriptor(wrapped, 'length')).toEqual(Object.getOwnPropertyDescriptor(chargeCard, 'length'));
  });
});
