import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { createHarness } from './harness.js';

describe('withSpan', () => {
  it('runs fn with the span active and returns its value', () => {
    const { spans, finishedNamed } = createHarness();
    const result = spans.withSpan('work', (span) => {
      expect(trace.getActiveSpan()).toBe(span.otelSpan);
      expect(spans.activeSpan()).toBe(span);
      expect(span.name).toBe('work');
      expect(span.spanId).toBe(span.otelSpan.spanContext().spanId);
      expect(span.traceId).toBe(span.otelSpan.spanContext().traceId);
      expect(spans.currentTraceId()).toBe(span.traceId);
      return { answer: 42 };
    });
    expect(result).toEqual({ answer: 42 });
    expect(spans.activeSpan()).toBeUndefined();
    expect(spans.currentTraceId()).toBeUndefined();
    expect(finishedNamed('work').status.code).toBe(SpanStatusCode.UNSET);
  });

  it('takes attributes as the second argument', () => {
    const { spans, finishedNamed } = createHarness();
    spans.withSpan('charge', { 'order.id': 'o-1', amount: 42 }, () => undefined);
    expect(finishedNamed('charge').attributes).toEqual({ 'order.id': 'o-1', amount: 42 });
  });

  it('takes options with attributes, kind and links', () => {
    const { spans, finishedNamed } = createHarness();
    const linked = spans.startSpan('linked');
    linked.end();
    const link = { context: linked.otelSpan.spanContext(), attributes: { reason: 'retry' } };
    spans.withSpan('server', { attributes: { route: '/pay' }, kind: SpanKind.SERVER, links: [link] }, () => undefined);
    const server = finishedNamed('server');
    expect(server.kind).toBe(SpanKind.SERVER);
    expect(server.attributes).toEqual({ route: '/pay' });
    expect(server.links.map((l) => l.context.spanId)).toEqual([linked.spanId]);
    expect(server.links[0]?.attributes).toEqual({ reason: 'retry' });
  });

  it('treats an object whose option-named keys have other types as attributes', () => {
    const { spans, finishedNamed } = createHarness();
    spans.withSpan('odd', { kind: 'order', root: 'yes' }, () => undefined);
    const odd = finishedNamed('odd');
    expect(odd.attributes).toEqual({ kind: 'order', root: 'yes' });
    expect(odd.kind).toBe(SpanKind.INTERNAL);
  });

  it('reads an object with an attributes object as options, and rejects wrong option fields in it', () => {
    const { spans, finishedNamed } = createHarness();
    spans.withSpan('named kind', { attributes: { route: '/pay' }, kind: SpanKind.CLIENT, links: undefined }, () => undefined);
    expect(finishedNamed('named kind').attributes).toEqual({ route: '/pay' });
    expect(finishedNamed('named kind').kind).toBe(SpanKind.CLIENT);
    expect(() => spans.withSpan('x', { attributes: { a: 1 }, kind: 'server' } as never, () => 1)).toThrow(/kind must be a SpanKind .*got "server"/);
    expect(() => spans.withSpan('x', { attributes: { a: 1 }, root: 'yes' } as never, () => 1)).toThrow(/root must be a boolean, got "yes"/);
    expect(() => spans.withSpan('x', { attributes: { a: 1 }, links: {} } as never, () => 1)).toThrow(/links must be an array/);
    expect(() => spans.startSpan('x', { attributes: { a: 1 }, 'order.id': 5 } as never)).toThrow(/unknown key "order.id"/);
    expect(spans.health().started).toBe(1);
  });

  it('starts a new trace with root: true while keeping the outer span intact', () => {
    const { spans, finishedNamed } = createHarness();
    spans.withSpan('outer', (outer) => {
      spans.withSpan('detached', { root: true }, (detached) => {
        expect(detached.traceId).not.toBe(outer.traceId);
      });
      spans.withSpan('inner', () => undefined);
    });
    expect(finishedNamed('detached').parentSpanContext).toBeUndefined();
    expect(finishedNamed('inner').parentSpanContext?.spanId).toBe(finishedNamed('outer').spanContext().spanId);
  });

  it('rejects bad arguments with a TypeError naming the argument', () => {
    const { spans } = createHarness();
    expect(() => spans.withSpan('', () => 1)).toThrow(/name must be a non-empty string, got ""/);
    expect(() => spans.withSpan(42 as unknown as string, () => 1)).toThrow(TypeError);
    expect(() => spans.withSpan('x', { a: 1 }, undefined as unknown as () => void)).toThrow(/fn must be a function, got undefined/);
    expect(() => spans.withSpan('x', 'nope' as unknown as () => void)).toThrow(/fn must be a function/);
    expect(() => spans.withSpan('x', 'attrs' as never, () => 1)).toThrow(/attributesOrOptions must be/);
    expect(() => spans.withSpan('x', { kind: 9 }, () => 1)).toThrow(/kind must be a SpanKind/);
    expect(spans.health().started).toBe(0);
  });

  it('sets attributes, events and status through the handle, chaining', () => {
    const { spans, finishedNamed } = createHarness();
    spans.withSpan('chained', (span) => {
      expect(span.setAttribute('a', 1).setAttributes({ b: 'two' }).addEvent('step', { n: 3 }).setStatus({ code: SpanStatusCode.OK })).toBe(span);
      span.recordException(new RangeError('soft'));
    });
    const chained = finishedNamed('chained');
    expect(chained.attributes).toEqual({ a: 1, b: 'two' });
    expect(chained.events.map((event) => event.name)).toEqual(['step', 'exception']);
    expect(chained.events[1]?.attributes).toMatchObject({ 'exception.type': 'RangeError', 'exception.message': 'soft' });
    expect(chained.status.code).toBe(SpanStatusCode.OK);
  });
});

describe('secret attributes', () => {
  it('hides span attribute values whose key the error hooks call secret', async () => {
    const { BasicTracerProvider, SimpleSpanProcessor } = await import('@opentelemetry/sdk-trace-base');
    const { createSpanSystem } = await import('../../src/span/spanSystem.js');
    const { KeepingSpanExporter } = await import('../../src/testing/index.js');
    const { FakeErrorHooks, FakeEvents } = await import('./harness.js');
    const exporter = new KeepingSpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const errors = Object.assign(new FakeErrorHooks(), { isSecretKey: (key: string) => /password|token/i.test(key) });
    const spans = createSpanSystem({ tracer: provider.getTracer('t'), events: new FakeEvents(), errors });
    const attributes = { user: 'ada', password: 'hunter2' };
    spans.withSpan('login', attributes, (span) => {
      span.setAttribute('apiToken', 'abc').setAttributes({ token: 'x', plain: 1 });
    });
    const traced = spans.traced('traced.login', (pw: string) => pw.length, { attributes: (pw) => ({ password: pw }) });
    traced('secret');
    const [login, tracedLogin] = exporter.spans();
    expect(login?.attributes).toEqual({ user: 'ada', password: '[REDACTED]', apiToken: '[REDACTED]', token: '[REDACTED]', plain: 1 });
    expect(tracedLogin?.attributes).toEqual({ password: '[REDACTED]' });
    // The caller's object is not modified.
    expect(attributes.password).toBe('hunter2');
  });
});

describe('the context a span runs in', () => {
  it('behaves as an ordinary OpenTelemetry context when others write to it', async () => {
    const { createContextKey, context: contextApi } = await import('@opentelemetry/api');
    const { suppressTracing, isTracingSuppressed } = await import('@opentelemetry/core');
    const { spans } = createHarness();
    const key = createContextKey('other-library');
    const outerKey = createContextKey('outer-library');
    contextApi.with(contextApi.active().setValue(outerKey, 'outer'), () => {
      spans.withSpan('mine', (span) => {
        const active = contextApi.active();
        expect(active.getValue(outerKey)).toBe('outer');
        const written = active.setValue(key, 'value');
        contextApi.with(written, () => {
          expect(contextApi.active().getValue(key)).toBe('value');
          expect(contextApi.active().getValue(outerKey)).toBe('outer');
          expect(trace.getActiveSpan()).toBe(span.otelSpan);
          expect(spans.spanStack().map((entry) => entry.name)).toEqual(['mine']);
          expect(contextApi.active().deleteValue(key).getValue(key)).toBeUndefined();
        });
        expect(active.getValue(key)).toBeUndefined();
        const suppressed = suppressTracing(active);
        expect(isTracingSuppressed(suppressed)).toBe(true);
        expect(trace.getSpan(trace.deleteSpan(active))).toBeUndefined();
      });
    });
  });
});
