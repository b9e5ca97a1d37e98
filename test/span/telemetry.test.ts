import { SpanStatusCode, trace } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestTelemetry, type TestTelemetry, type TestTelemetryOptions } from '../../src/testing/index.js';
import '../../src/testing/vitest.js';

const instances: TestTelemetry[] = [];

/** A test telemetry (spans kept across shutdown), shut down after each test. */
function create(options: TestTelemetryOptions = {}): TestTelemetry {
  const telemetry = createTestTelemetry({ serviceName: 'span-tests', ...options });
  instances.push(telemetry);
  return telemetry;
}

afterEach(async () => {
  await Promise.all(instances.splice(0).map((telemetry) => telemetry.shutdown({ timeoutMs: 1000 })));
});

describe('spans through createTelemetry', () => {
  it('records an escaping error with its context and enriches it once', async () => {
    const telemetry = create();
    const error = new Error('card declined');
    let spanId = '';
    await expect(
      telemetry.withContext({ requestId: 'r-1' }, () =>
        telemetry.withSpan('checkout.charge', { 'order.id': 'o-9' }, async (span) => {
          spanId = span.spanId;
          telemetry.setContext({ userId: 'u-7' });
          throw error;
        }),
      ),
    ).rejects.toBe(error);
    const context = (error as Error & { context?: Record<string, unknown> }).context;
    expect(context).toMatchObject({ requestId: 'r-1', userId: 'u-7', spanId });
    expect(telemetry).toHaveSpan('checkout.charge', { parent: null, status: 'error', attributes: { 'order.id': 'o-9' } });
    const [span] = telemetry.spans();
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'card declined' });
    expect(span?.attributes).toEqual({ 'order.id': 'o-9' });
    expect(span?.events[0]?.name).toBe('exception');
    expect(span?.events[0]?.attributes).toMatchObject({
      'exception.type': 'Error',
      'exception.message': 'card declined',
      'error.context.requestId': 'r-1',
      'error.context.userId': 'u-7',
    });
  });

  it('emits span events on the bus to attached handlers', () => {
    const telemetry = create();
    const seen: { event: string; metadata: Record<string, unknown>; measurements: Record<string, number> }[] = [];
    telemetry.attach('spans', [['span', 'start'], 'span.stop', ['span', 'exception']], (event, measurements, metadata) => {
      seen.push({ event: event.join('.'), measurements, metadata });
    });
    telemetry.withSpan('outer', { tier: 'gold' }, (outer) => {
      telemetry.withSpan('inner', () => undefined);
      expect(seen.find((entry) => entry.metadata.name === 'inner')?.metadata.parentSpanId).toBe(outer.spanId);
    });
    expect(() =>
      telemetry.withSpan('failing', () => {
        throw new TypeError('nope');
      }),
    ).toThrow('nope');
    expect(seen.map((entry) => `${entry.event}:${entry.metadata.name}`)).toEqual([
      'span.start:outer',
      'span.start:inner',
      'span.stop:inner',
      'span.stop:outer',
      'span.start:failing',
      'span.exception:failing',
    ]);
    expect(seen[0]?.metadata).toMatchObject({ tier: 'gold', parentSpanId: undefined });
    expect(seen[5]?.metadata).toMatchObject({ kind: 'error' });
    expect(seen[5]?.metadata.error).toBeInstanceOf(TypeError);
    // The handlers saw exactly what was executed on the bus.
    expect(telemetry).toHaveEmitted('span.exception', { times: 1, metadata: { name: 'failing', kind: 'error', error: expect.any(TypeError) } });
    expect(telemetry).toHaveEmitted('span.stop', { times: 2 });
  });

  it('shutdown ends open spans as abandoned; afterwards withSpan still runs fn', async () => {
    const telemetry = create();
    void telemetry.withSpan('hung', () => new Promise(() => undefined));
    expect(telemetry.health().spans).toEqual({ started: 1, ended: 0, open: 1, doubleEnded: 0 });
    await telemetry.shutdown({ timeoutMs: 1000 });
    expect(telemetry.spans()).toHaveLength(1);
    expect(telemetry).toHaveSpan('hung', { parent: null, status: 'error', attributes: { 'telemetry.span.abandoned': true } });
    expect(telemetry.health().spans).toEqual({ started: 1, ended: 1, open: 0, doubleEnded: 0 });

    expect(telemetry.withSpan('after', () => 'value')).toBe('value');
    expect(await telemetry.withSpan('after.async', async () => 'async value')).toBe('async value');
    // Error context still has a scope to write to inside it.
    expect(() => telemetry.withSpan('after.context', () => telemetry.setContext({ late: true }))).not.toThrow();
    expect(telemetry.health().spans.started).toBe(1);
  });

  it('with sampler ratio 0 keeps parenting and spanStack and exports nothing', async () => {
    const telemetry = create({ sampler: { ratio: 0 } });
    await telemetry.withSpan('outer', async (outer) => {
      await telemetry.withSpan('inner', async (inner) => {
        expect(trace.getActiveSpan()).toBe(inner.otelSpan);
        expect(inner.traceId).toBe(outer.traceId);
        expect(telemetry.spanStack().map((entry) => entry.name)).toEqual(['outer', 'inner']);
        expect(telemetry.currentTraceId()).toBe(outer.traceId);
      });
    });
    expect(telemetry.spans()).toHaveLength(0);
    expect(telemetry.health().spans).toMatchObject({ started: 2, open: 0 });
  });

  it('two instances count their own spans', () => {
    const first = create();
    const second = create();
    first.withSpan('one', () => second.withSpan('two', () => undefined));
    expect(first.health().spans.started).toBe(1);
    expect(second.health().spans.started).toBe(1);
  });
});
