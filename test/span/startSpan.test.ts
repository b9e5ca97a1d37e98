import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { createHarness } from './harness.js';

describe('startSpan and span handles', () => {
  it('returns a span that is not active until run', () => {
    const harness = createHarness();
    const { spans } = harness;
    const handle = spans.startSpan('manual', { queue: 'emails' });
    expect(trace.getActiveSpan()).toBeUndefined();
    expect(spans.activeSpan()).toBeUndefined();
    const inside = handle.run(() => {
      expect(spans.activeSpan()).toBe(handle);
      expect(spans.spanStack().map((entry) => entry.name)).toEqual(['manual']);
      return spans.withSpan('child', (child) => child.spanId);
    });
    expect(handle.isEnded()).toBe(false);
    expect(spans.health().open).toBe(1);
    handle.end();
    expect(handle.isEnded()).toBe(true);
    const manual = harness.finishedNamed('manual');
    expect(manual.attributes).toEqual({ queue: 'emails' });
    expect(harness.finishedNamed('child').spanContext().spanId).toBe(inside);
    expect(harness.finishedNamed('child').parentSpanContext?.spanId).toBe(handle.spanId);
  });

  it('is a child of the span active where it started', () => {
    const harness = createHarness();
    const handle = harness.spans.withSpan('parent', () => harness.spans.startSpan('child'));
    handle.end();
    expect(harness.finishedNamed('child').parentSpanContext?.spanId).toBe(harness.finishedNamed('parent').spanContext().spanId);
  });

  it('counts a second end instead of throwing, and exports the span once', () => {
    const harness = createHarness();
    const handle = harness.spans.startSpan('twice');
    handle.end();
    expect(() => handle.end()).not.toThrow();
    handle.end();
    expect(harness.spans.health()).toEqual({ started: 1, ended: 1, open: 0, doubleEnded: 2 });
    expect(harness.finished()).toHaveLength(1);
  });

  it('rejects bad arguments with a TypeError', () => {
    const { spans } = createHarness();
    expect(() => spans.startSpan('')).toThrow(/name must be a non-empty string/);
    expect(() => spans.startSpan('x', 7 as never)).toThrow(/attributesOrOptions must be/);
  });

  it('records an exception through the handle without touching the status', () => {
    const harness = createHarness();
    const handle = harness.spans.startSpan('noted');
    handle.recordException('plain string');
    handle.end();
    const noted = harness.finishedNamed('noted');
    expect(noted.status.code).toBe(SpanStatusCode.UNSET);
    expect(noted.events[0]?.attributes).toEqual({ 'exception.type': 'string', 'exception.message': 'plain string' });
  });

  it('adds links after start', () => {
    const harness = createHarness();
    const other = harness.spans.startSpan('other');
    const handle = harness.spans.startSpan('linking');
    expect(handle.addLink({ context: other.otelSpan.spanContext() })).toBe(handle);
    handle.end();
    other.end();
    expect(harness.finishedNamed('linking').links.map((link) => link.context.spanId)).toEqual([other.spanId]);
  });
});

describe('activeSpan with spans started elsewhere', () => {
  it('wraps an active span of another instrumentation without counting it', () => {
    const harness = createHarness();
    const foreignTracer = harness.provider.getTracer('other-instrumentation');
    foreignTracer.startActiveSpan('http.get', (foreign) => {
      const handle = harness.spans.activeSpan();
      expect(handle?.otelSpan).toBe(foreign);
      expect(handle?.name).toBe('http.get');
      expect(handle?.spanId).toBe(foreign.spanContext().spanId);
      handle?.setAttribute('seen', true);
      // Our spans started under it are its children.
      harness.spans.withSpan('ours', () => undefined);
      foreign.end();
    });
    expect(harness.finishedNamed('http.get').attributes).toEqual({ seen: true });
    expect(harness.finishedNamed('ours').parentSpanContext?.spanId).toBe(harness.finishedNamed('http.get').spanContext().spanId);
    expect(harness.spans.health()).toEqual({ started: 1, ended: 1, open: 0, doubleEnded: 0 });
  });

  it('prefers the innermost active span even when it is not ours', () => {
    const harness = createHarness();
    harness.spans.withSpan('ours', () => {
      const foreign = harness.provider.getTracer('x').startSpan('theirs');
      context.with(trace.setSpan(context.active(), foreign), () => {
        expect(harness.spans.activeSpan()?.name).toBe('theirs');
        expect(harness.spans.spanStack().map((entry) => entry.name)).toEqual(['ours']);
      });
      foreign.end();
      expect(harness.spans.activeSpan()?.name).toBe('ours');
    });
  });
});
