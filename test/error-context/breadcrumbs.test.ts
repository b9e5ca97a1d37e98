import { trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { createHarness } from './harness.js';

describe('addBreadcrumb', () => {
  it('records message, data and the clock time, in order, root scope first on enriched errors', async () => {
    const { errors, clock } = createHarness();
    const start = clock.now();
    await errors.withContext({ requestId: 'r1' }, async () => {
      errors.addBreadcrumb('request received', { path: '/cart' });
      clock.advance(5);
      await errors.withContext({}, async () => {
        errors.addBreadcrumb('cart loaded');
        clock.advance(5);
        errors.addBreadcrumb('charging', { amount: 42 });
        const err = errors.enrichError(new Error('x')) as any;
        expect(err.context.breadcrumbs).toEqual([
          { message: 'request received', data: { path: '/cart' }, at: start },
          { message: 'cart loaded', data: undefined, at: start + 5 },
          { message: 'charging', data: { amount: 42 }, at: start + 10 },
        ]);
      });
      // The inner scope's breadcrumbs ended with it.
      const outer = errors.enrichError(new Error('y')) as any;
      expect(outer.context.breadcrumbs.map((b: any) => b.message)).toEqual(['request received']);
    });
  });

  it('keeps at most maxBreadcrumbs, dropping and counting the oldest', () => {
    const { errors } = createHarness({ maxBreadcrumbs: 3 });
    errors.withContext({}, () => {
      for (let i = 0; i < 10; i += 1) errors.addBreadcrumb(`step ${i}`);
      const err = errors.enrichError(new Error('x')) as any;
      expect(err.context.breadcrumbs.map((b: any) => b.message)).toEqual(['step 7', 'step 8', 'step 9']);
    });
    expect(errors.health().breadcrumbsDropped).toBe(7);
  });

  it('bounds each scope, and errors carry every scope of the flow', () => {
    const { errors } = createHarness({ maxBreadcrumbs: 2 });
    errors.withContext({}, () => {
      errors.addBreadcrumb('outer 1');
      errors.addBreadcrumb('outer 2');
      errors.withContext({}, () => {
        errors.addBreadcrumb('inner 1');
        const err = errors.enrichError(new Error('x')) as any;
        expect(err.context.breadcrumbs.map((b: any) => b.message)).toEqual(['outer 1', 'outer 2', 'inner 1']);
      });
    });
  });

  it('stores a copy of data, so later changes do not leak in', () => {
    const { errors } = createHarness();
    errors.withContext({}, () => {
      const data = { step: 1 };
      errors.addBreadcrumb('a', data);
      data.step = 2;
      expect((errors.enrichError(new Error('x')) as any).context.breadcrumbs[0].data).toEqual({ step: 1 });
    });
  });

  it('keeps none with maxBreadcrumbs: 0, counting each one dropped', () => {
    const { errors } = createHarness({ maxBreadcrumbs: 0 });
    errors.withContext({}, () => {
      errors.addBreadcrumb('one');
      errors.addBreadcrumb('two', { n: 2 });
      expect((errors.enrichError(new Error('x')) as any).context).not.toHaveProperty('breadcrumbs');
    });
    expect(errors.health().breadcrumbsDropped).toBe(2);
  });

  it('with maxBreadcrumbs: 0 neither cuts nor copies what it drops, so nothing is counted as cut', () => {
    const { errors } = createHarness({ maxBreadcrumbs: 0, maxValueLength: 4 });
    errors.withContext({}, () => {
      errors.addBreadcrumb('payment declined', { reason: 'insufficient funds', items: Array.from({ length: 100 }, (_, i) => i) });
    });
    expect(errors.health()).toMatchObject({ breadcrumbsDropped: 1, valuesCut: 0, keysDropped: 0 });
  });

  it('keeps data whose keys cannot be listed as {}', () => {
    const { errors } = createHarness();
    const unlistable = new Proxy({}, {
      ownKeys() {
        throw new Error('no keys');
      },
    });
    errors.withContext({}, () => {
      errors.addBreadcrumb('odd data', unlistable);
      const [crumb] = (errors.enrichError(new Error('x')) as any).context.breadcrumbs;
      expect(crumb.message).toBe('odd data');
      expect(crumb.data).toStrictEqual({});
    });
  });

  it('cuts messages and data strings at maxValueLength and redacts secret data keys', () => {
    const { errors } = createHarness({ maxValueLength: 8 });
    errors.withContext({}, () => {
      errors.addBreadcrumb('payment declined by the bank', { reason: 'insufficient funds', token: 'tok-1' });
      errors.addBreadcrumb('retry');
      const crumbs = (errors.enrichError(new Error('x')) as any).context.breadcrumbs;
      expect(crumbs.map((crumb: { message: string }) => crumb.message)).toEqual(['payment ', 'retry']);
      expect(crumbs[0].data).toEqual({ reason: 'insuffic', token: '[REDACTED]' });
    });
    expect(errors.health().valuesCut).toBe(2);
  });
});

describe('captureError', () => {
  it('enriches, records an exception event on the active span and executes error.captured', async () => {
    const { errors, spans, executed, exporter } = createHarness();
    class PaymentError extends Error {}
    const err = new PaymentError('declined');
    const returned = await errors.withContext({ requestId: 'r1' }, () =>
      spans.withSpan('charge', () => errors.captureError(err, { retrying: true })),
    );
    expect(returned).toBe(err);
    expect((err as any).context).toMatchObject({ requestId: 'r1', spanPath: ['charge'] });
    expect(executed).toEqual([
      { event: ['error', 'captured'], measurements: { count: 1 }, metadata: { error: err, errorType: 'PaymentError', retrying: true } },
    ]);
    const [span] = exporter.spans();
    expect(span?.events.map((e) => e.name)).toEqual(['exception']);
    expect(span?.events[0]?.attributes).toMatchObject({
      'exception.type': 'Error',
      'exception.message': 'declined',
      'error.context.requestId': 'r1',
    });
    expect(span?.status.code).toBe(0);
  });

  it('works outside any span or scope, and for non-Error values', () => {
    const { errors, executed } = createHarness();
    expect(trace.getActiveSpan()).toBeUndefined();
    expect(errors.captureError('boom')).toBe('boom');
    expect(errors.captureError(null)).toBe(null);
    expect(executed.map((c) => c.metadata)).toEqual([
      { error: 'boom', errorType: 'string' },
      { error: null, errorType: 'null' },
    ]);
  });

  it('builds no exception attributes under a span that records nothing, so no value is counted as cut', () => {
    const { errors, executed } = createHarness({ maxValueLength: 4 });
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const err = Object.assign(new Error('declined'), { context: { note: 'a note longer than four' } });
    errors.extract({ traceparent }, () => {
      expect(trace.getActiveSpan()?.isRecording()).toBe(false);
      expect(errors.captureError(err)).toBe(err);
    });
    expect(executed).toHaveLength(1);
    expect(errors.health().valuesCut).toBe(0);
  });

  it('rejects metadata that is not an object', () => {
    const { errors } = createHarness();
    expect(() => errors.captureError(new Error('x'), 'meta' as any)).toThrow(/captureError\(err, metadata\): metadata must be a plain object/);
  });
});

describe('exceptionAttributes', () => {
  it('describes non-Error values with typeof and String(value)', () => {
    const { errors } = createHarness();
    expect(errors.spanHooks.exceptionAttributes('boom')).toEqual({ 'exception.type': 'string', 'exception.message': 'boom' });
    expect(errors.spanHooks.exceptionAttributes(undefined)).toEqual({ 'exception.type': 'undefined', 'exception.message': 'undefined' });
    expect(errors.spanHooks.exceptionAttributes(Object.create(null))).toMatchObject({ 'exception.type': 'Object' });
  });
});

describe('logFields', () => {
  it('is {} outside any flow and has trace ids only while a span is active', async () => {
    const { errors, spans } = createHarness();
    expect(errors.logFields()).toEqual({});
    await errors.withContext({ requestId: 'r1' }, async () => {
      expect(errors.logFields()).toStrictEqual({ requestId: 'r1' });
      await spans.withSpan('work', async (span) => {
        expect(errors.logFields()).toStrictEqual({ trace_id: span.traceId, span_id: span.spanId, requestId: 'r1' });
      });
    });
  });
});
