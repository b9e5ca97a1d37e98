import { context, diag, DiagLogLevel, trace, type DiagLogger } from '@opentelemetry/api';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { createHarness, tick } from './harness.js';

/** A span processor with a bug in one of its hooks. */
function failingProcessor(hook: 'onStart' | 'onEnd'): SpanProcessor {
  const fail = (): void => {
    throw new Error(`${hook} bug`);
  };
  return {
    onStart: hook === 'onStart' ? fail : () => undefined,
    onEnd: hook === 'onEnd' ? fail : () => undefined,
    forceFlush: async () => undefined,
    shutdown: async () => undefined,
  };
}

describe('a span processor that throws never reaches the application', () => {
  it('onEnd throwing: sync results and errors are the application’s own, and the span is not left open', () => {
    const harness = createHarness({ processors: [failingProcessor('onEnd')] });
    expect(harness.spans.withSpan('sync', () => 'value')).toBe('value');
    const error = new Error('app error');
    expect(() =>
      harness.spans.withSpan('sync.throw', () => {
        throw error;
      }),
    ).toThrow(error);
    const manual = harness.spans.startSpan('manual');
    expect(() => manual.end()).not.toThrow();
    expect(harness.spans.health()).toEqual({ started: 3, ended: 3, open: 0, doubleEnded: 0 });
    // Nothing is left in the open list for shutdown to end again.
    expect(harness.spans.endOpenSpans()).toBe(0);
  });

  it('onEnd throwing after a promise settles makes no unhandled rejection', async () => {
    const harness = createHarness({ processors: [failingProcessor('onEnd')] });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on('unhandledRejection', onUnhandled);
    try {
      await expect(harness.spans.withSpan('async', async () => 'value')).resolves.toBe('value');
      const error = new Error('async app error');
      await expect(harness.spans.withSpan('async.reject', () => Promise.reject(error))).rejects.toBe(error);
      await tick();
      await tick();
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
    expect(harness.spans.health()).toEqual({ started: 2, ended: 2, open: 0, doubleEnded: 0 });
  });

  it('onStart throwing: fn still runs in the trace of its parent, and its value or error comes back', () => {
    const harness = createHarness({ processors: [failingProcessor('onStart')] });
    const remoteParent = trace.wrapSpanContext({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 });
    const result = context.with(trace.setSpan(context.active(), remoteParent), () =>
      harness.spans.withSpan('stand-in', (span) => {
        expect(span.otelSpan.isRecording()).toBe(false);
        expect(harness.spans.currentTraceId()).toBe('0af7651916cd43dd8448eb211c80319c');
        return 'ran';
      }),
    );
    expect(result).toBe('ran');
    expect(harness.spans.withSpan('no parent', () => 7)).toBe(7);
    const error = new RangeError('app');
    expect(() =>
      harness.spans.withSpan('no parent.throw', () => {
        throw error;
      }),
    ).toThrow(error);
    expect(harness.spans.health()).toEqual({ started: 3, ended: 3, open: 0, doubleEnded: 0 });
    expect(harness.finished()).toHaveLength(0);
  });

  it('onStart throwing is reported through diag, with the processor\'s error', () => {
    const reported: unknown[][] = [];
    const logger: DiagLogger = { error: (...args) => void reported.push(args), warn: () => {}, info: () => {}, debug: () => {}, verbose: () => {} };
    diag.setLogger(logger, DiagLogLevel.ERROR);
    try {
      const harness = createHarness({ processors: [failingProcessor('onStart')] });
      harness.spans.startSpan('unstarted').end();
    } finally {
      diag.disable();
    }
    expect(reported).toHaveLength(1);
    expect(reported[0]?.[0]).toBe('foundation-telemetry: the tracer failed to start a span');
    expect(reported[0]?.[1]).toMatchObject({ message: 'onStart bug' });
  });
});
