import { afterEach, describe, expect, it } from 'vitest';
import { createTestTelemetry, type TestTelemetry } from '../../src/testing/index.js';
import '../../src/testing/vitest.js';

describe('error context through createTelemetry', () => {
  let telemetry: TestTelemetry | undefined;
  afterEach(async () => {
    await telemetry?.shutdown();
  });

  it('an error escaping withSpan inside withContext keeps the span ids and context after both ended', async () => {
    telemetry = createTestTelemetry();
    const t = telemetry;
    let ids: { traceId: string; spanId: string } | undefined;
    const caught = await t
      .withContext({ requestId: 'r1' }, () =>
        t.withSpan('checkout', async (span) => {
          ids = { traceId: span.traceId, spanId: span.spanId };
          t.setContext({ userId: 'u1', apiKey: 'k' });
          t.addBreadcrumb('cart loaded', { items: 2 });
          await new Promise((resolve) => setImmediate(resolve));
          throw new Error('card declined');
        }),
      )
      .then(
        () => undefined,
        (error: any) => error,
      );
    expect(t.getContext()).toEqual({});
    expect(t.activeSpan()).toBeUndefined();
    expect(caught.context).toEqual({
      requestId: 'r1',
      userId: 'u1',
      apiKey: '[REDACTED]',
      traceId: ids?.traceId,
      spanId: ids?.spanId,
      spanPath: ['checkout'],
      breadcrumbs: [{ message: 'cart loaded', data: { items: 2 }, at: expect.any(Number) }],
    });
    expect(t).toHaveSpan('checkout', { parent: null, status: 'error' });
    const [span] = t.spans();
    const exception = span?.events.find((e) => e.name === 'exception');
    expect(exception?.attributes).toMatchObject({ 'error.context.requestId': 'r1', 'error.context.apiKey': '[REDACTED]' });
  });

  it('executes error.captured on the bus and reports counters in health()', () => {
    telemetry = createTestTelemetry({ errorContext: { maxBreadcrumbs: 1 } });
    const t = telemetry;
    const seen: unknown[] = [];
    t.attach('capture-test', ['error', 'captured'], (event, measurements, metadata) => {
      seen.push({ event, measurements, metadata });
    });
    const err = new RangeError('too big');
    t.withContext({ requestId: 'r1' }, () => {
      t.addBreadcrumb('a');
      t.addBreadcrumb('b');
      t.captureError(err, { source: 'test' });
    });
    expect(seen).toEqual([
      { event: ['error', 'captured'], measurements: { count: 1 }, metadata: { error: err, errorType: 'RangeError', source: 'test' } },
    ]);
    // The bus executed it once, to every observer alike.
    expect(t).toHaveEmitted('error.captured', {
      times: 1,
      measurements: { count: 1 },
      metadata: { error: err, errorType: 'RangeError', source: 'test' },
    });
    expect(t.health().errorContext).toMatchObject({ breadcrumbsDropped: 1, enrichFailed: 0 });
  });
});
