import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import type { SpanHandle } from '../../src/span/types.js';
import { createHarness, tick } from './harness.js';

describe('open-span accounting and stop', () => {
  it('counts open spans exactly', async () => {
    const { spans } = createHarness();
    let release!: () => void;
    const pending = spans.withSpan('slow', () => new Promise<void>((resolve) => (release = resolve)));
    const manual = spans.startSpan('manual');
    spans.withSpan('quick', () => undefined);
    expect(spans.health()).toEqual({ started: 3, ended: 1, open: 2, doubleEnded: 0 });
    release();
    await pending;
    await tick();
    manual.end();
    expect(spans.health()).toEqual({ started: 3, ended: 3, open: 0, doubleEnded: 0 });
  });

  it('endOpenSpans ends what is still open, marked abandoned with status ERROR', async () => {
    const harness = createHarness();
    const { spans } = harness;
    const hung = spans.withSpan('hung', () => new Promise(() => undefined));
    expect(hung).toBeInstanceOf(Promise);
    const manual = spans.startSpan('manual');
    spans.withSpan('done', () => undefined);
    expect(spans.endOpenSpans()).toBe(2);
    expect(spans.health()).toEqual({ started: 3, ended: 3, open: 0, doubleEnded: 0 });
    for (const name of ['hung', 'manual']) {
      const span = harness.finishedNamed(name);
      expect(span.attributes['telemetry.span.abandoned']).toBe(true);
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
    }
    expect(harness.finishedNamed('done').attributes['telemetry.span.abandoned']).toBeUndefined();
    // The owner ending it later is not a double end.
    manual.end();
    expect(spans.health().doubleEnded).toBe(0);
    expect(spans.endOpenSpans()).toBe(0);
  });

  it("endOpenSpans counts once a span that another span's end closed first", () => {
    const started: { child?: SpanHandle } = {};
    const closesChild: SpanProcessor = {
      onStart: () => undefined,
      onEnd: (span) => {
        if (span.name === 'parent') started.child?.end();
      },
      forceFlush: async () => undefined,
      shutdown: async () => undefined,
    };
    const harness = createHarness({ processors: [closesChild] });
    harness.spans.startSpan('parent');
    started.child = harness.spans.startSpan('child');
    expect(harness.spans.endOpenSpans()).toBe(2);
    expect(harness.spans.health()).toEqual({ started: 2, ended: 2, open: 0, doubleEnded: 0 });
    expect(harness.finished().map((span) => span.name)).toEqual(['child', 'parent']);
    expect(harness.finishedNamed('child').attributes['telemetry.span.abandoned']).toBeUndefined();
  });

  it('after stop, a started span runs fn under the caller\'s own active span', () => {
    const { spans } = createHarness();
    spans.stop();
    const handle = spans.startSpan('after.stop');
    const callerSpan = trace.wrapSpanContext({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 });
    const seen = context.with(trace.setSpan(context.active(), callerSpan), () => handle.run(() => spans.currentTraceId()));
    expect(seen).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(handle.run(() => trace.getActiveSpan())).toBeUndefined();
  });

  it('after stop, withSpan still runs fn and returns its value, with no span', async () => {
    const harness = createHarness();
    const { spans } = harness;
    spans.stop();
    const value = spans.withSpan('after', (span) => {
      expect(span.otelSpan.isRecording()).toBe(false);
      expect(span.name).toBe('after');
      expect(trace.getActiveSpan()).toBeUndefined();
      span.setAttribute('ignored', 1).addEvent('ignored');
      span.end();
      span.end();
      return 'still works';
    });
    expect(value).toBe('still works');
    expect(await spans.withSpan('after.async', { a: 1 }, async () => 'async too')).toBe('async too');
    expect(() =>
      spans.withSpan('after.throw', () => {
        throw new Error('app error');
      }),
    ).toThrow('app error');
    const traced = spans.traced('after.traced', function (this: { n: number }, add: number) {
      return this.n + add;
    });
    expect(traced.call({ n: 1 }, 2)).toBe(3);
    const handle = spans.startSpan('after.manual');
    expect(handle.otelSpan.isRecording()).toBe(false);
    expect(handle.run(() => 5)).toBe(5);
    handle.end();
    expect(spans.health()).toEqual({ started: 0, ended: 0, open: 0, doubleEnded: 0 });
    expect(harness.finished()).toHaveLength(0);
  });

  it('a span open at stop still ends normally afterwards', async () => {
    const harness = createHarness();
    let release!: () => void;
    const pending = harness.spans.withSpan('straddling', () => new Promise<void>((resolve) => (release = resolve)));
    harness.spans.stop();
    release();
    await pending;
    await tick();
    expect(harness.spans.health()).toEqual({ started: 1, ended: 1, open: 0, doubleEnded: 0 });
    expect(harness.finishedNamed('straddling').status.code).toBe(SpanStatusCode.UNSET);
  });
});

describe('telemetry never breaks the application', () => {
  it('a throwing error hook neither replaces the error nor leaves the span open', () => {
    const harness = createHarness();
    harness.errors.enrichEscaping = () => {
      throw new Error('hook bug');
    };
    harness.errors.exceptionAttributes = () => {
      throw new Error('hook bug');
    };
    const error = new RangeError('app');
    expect(() =>
      harness.spans.withSpan('guarded', () => {
        throw error;
      }),
    ).toThrow(error);
    const span = harness.finishedNamed('guarded');
    expect(span.events[0]?.attributes).toEqual({ 'exception.type': 'RangeError', 'exception.message': 'app' });
    expect(harness.spans.health().open).toBe(0);
  });
});
