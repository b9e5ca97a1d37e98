import { SpanStatusCode } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestTelemetry, type TestTelemetry } from '../../src/testing/index.js';
import '../../src/testing/vitest.js';

const created: TestTelemetry[] = [];
function testTelemetry(): TestTelemetry {
  const t = createTestTelemetry();
  created.push(t);
  return t;
}
afterEach(async () => {
  await Promise.all(created.splice(0).map((t) => t.shutdown()));
});

/** The message of the assertion error `assertion` throws. */
function failureOf(assertion: () => void): string {
  try {
    assertion();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the assertion passed');
}

describe('toHaveEmitted', () => {
  it('passes for an executed event, by dotted or array name, with partial deep matching', () => {
    const t = testTelemetry();
    t.execute('db.query', { rows: 3, ms: 12 }, { table: 'users', request: { id: 'r-1', user: 'u-1' } });
    t.execute('db.query', { rows: 0, ms: 1 }, { table: 'carts' });

    expect(t).toHaveEmitted('db.query');
    expect(t).toHaveEmitted(['db', 'query'], { times: 2 });
    expect(t).toHaveEmitted('db.query', { times: 1, measurements: { rows: 3 } });
    expect(t).toHaveEmitted('db.query', { metadata: { request: { id: 'r-1' } } });
    expect(t).toHaveEmitted('db.query', { measurements: { ms: expect.any(Number) }, metadata: { table: 'carts' } });
    expect(t).toHaveEmitted('db.connect', { times: 0 });
  });

  it('supports .not', () => {
    const t = testTelemetry();
    t.execute('db.query', { rows: 3 }, { table: 'users' });
    expect(t).not.toHaveEmitted('db.connect');
    expect(t).not.toHaveEmitted('db.query', { metadata: { table: 'orders' } });
    expect(t).not.toHaveEmitted('db.query', { times: 2 });
  });

  it('takes times as the exact count: more matching events than times fail', () => {
    const t = testTelemetry();
    for (let i = 0; i < 3; i += 1) t.execute('db.query', { rows: i }, { table: 'users' });
    t.execute('db.query', { rows: 9 }, { table: 'orders' });
    expect(t).toHaveEmitted('db.query', { times: 3, metadata: { table: 'users' } });
    expect(t).not.toHaveEmitted('db.query', { times: 2, metadata: { table: 'users' } });
    expect(t).not.toHaveEmitted('db.query', { times: 1 });
    expect(failureOf(() => expect(t).toHaveEmitted('db.query', { times: 2, metadata: { table: 'users' } }))).toContain(
      `expected telemetry to have emitted 'db.query' 2 times with metadata {"table": "users"}, but 'db.query' was emitted 4 times, 3 matching.`,
    );
    expect(failureOf(() => expect(t).toHaveEmitted('db.query', { times: 0 }))).toContain('was emitted 4 times');
  });

  it('says how often the event was emitted, shows the closest candidates and every event name', () => {
    const t = testTelemetry();
    t.execute('cache.hit');
    t.execute('db.query', { rows: 3 }, { table: 'users', shard: 1 });
    t.execute('db.query', { rows: 0 }, { table: 'orders', shard: 2 });
    t.execute('cache.hit');

    expect(failureOf(() => expect(t).toHaveEmitted('db.query', { metadata: { table: 'orders', shard: 1 } }))).toBe(
      [
        `expected telemetry to have emitted 'db.query' with metadata {"shard": 1, "table": "orders"}, but 'db.query' was emitted 2 times, 0 matching.`,
        `Closest 'db.query' events:`,
        `  - measurements {"rows": 3}, metadata {"shard": 1, "table": "users"}`,
        `  - measurements {"rows": 0}, metadata {"shard": 2, "table": "orders"}`,
        `Emitted: cache.hit ×2, db.query ×2`,
      ].join('\n'),
    );
    expect(failureOf(() => expect(t).toHaveEmitted('db.query', { times: 3, measurements: { rows: 0 } }))).toBe(
      [
        `expected telemetry to have emitted 'db.query' 3 times with measurements {"rows": 0}, but 'db.query' was emitted 2 times, 1 matching.`,
        `Closest 'db.query' events:`,
        `  - measurements {"rows": 0}, metadata {"shard": 2, "table": "orders"}`,
        `  - measurements {"rows": 3}, metadata {"shard": 1, "table": "users"}`,
        `Emitted: cache.hit ×2, db.query ×2`,
      ].join('\n'),
    );
    expect(failureOf(() => expect(t).toHaveEmitted('db.connect'))).toBe(
      [`expected telemetry to have emitted 'db.connect', but 'db.connect' was emitted 0 times.`, `Emitted: cache.hit ×2, db.query ×2`].join('\n'),
    );
  });

  it('says what matched when .not fails', () => {
    const t = testTelemetry();
    t.execute('db.query', { rows: 3 }, { table: 'users' });
    expect(failureOf(() => expect(t).not.toHaveEmitted('db.query', { metadata: { table: 'users' } }))).toBe(
      [
        `expected telemetry not to have emitted 'db.query' with metadata {"table": "users"}, but it was emitted once:`,
        `  - measurements {"rows": 3}, metadata {"table": "users"}`,
      ].join('\n'),
    );
  });

  it('reports an empty recording plainly', () => {
    const t = testTelemetry();
    expect(failureOf(() => expect(t).toHaveEmitted('db.query'))).toBe(
      `expected telemetry to have emitted 'db.query', but 'db.query' was emitted 0 times.\nEmitted: no events were executed`,
    );
  });

  it('rejects a received value that is not a test telemetry, and bad arguments', () => {
    const t = testTelemetry();
    expect(() => expect({}).toHaveEmitted('db.query')).toThrow(
      /toHaveEmitted: expected a telemetry made by createTestTelemetry\(\) or a recordTelemetry\(\) recording, got object/,
    );
    expect(() => expect(t).toHaveEmitted('')).toThrow(/toHaveEmitted: event must be an event name/);
    expect(() => expect(t).toHaveEmitted('db.query', { times: -1 })).toThrow(
      /toHaveEmitted: options.times must be an integer >= 0, got -1/,
    );
  });
});

describe('matchers on anything that records', () => {
  it('need only events() for toHaveEmitted and spans() for toHaveSpan', () => {
    const t = testTelemetry();
    t.withSpan('job.run', () => t.execute('job.done', { attempts: 1 }));
    const eventsOnly = { events: () => t.events() };
    const spansOnly = { spans: () => t.spans() };
    expect(eventsOnly).toHaveEmitted('job.done', { times: 1, measurements: { attempts: 1 } });
    expect(eventsOnly).not.toHaveEmitted('job.failed');
    expect(spansOnly).toHaveSpan('job.run', { parent: null });
    expect(() => expect(spansOnly).toHaveEmitted('job.done')).toThrow(
      'toHaveEmitted: expected a telemetry made by createTestTelemetry() or a recordTelemetry() recording, got object without a events() method',
    );
    expect(() => expect(null).toHaveSpan('job.run')).toThrow(
      'toHaveSpan: expected a telemetry made by createTestTelemetry() or a recordTelemetry() recording, got null without a spans() method',
    );
  });
});

describe('toHaveSpan', () => {
  function checkout(t: TestTelemetry): void {
    t.withSpan('http.request', { route: '/pay' }, () => {
      t.withSpan('checkout.load', () => undefined);
      try {
        t.withSpan('checkout.charge', { 'order.id': 'o-1', amount: 42 }, () => {
          throw new Error('declined');
        });
      } catch {
        // the request answers 402 instead
      }
    });
  }

  it('passes for a finished span with the given parent, status and attributes', () => {
    const t = testTelemetry();
    checkout(t);
    expect(t).toHaveSpan('checkout.charge');
    expect(t).toHaveSpan('checkout.charge', { parent: 'http.request', status: 'error', attributes: { 'order.id': 'o-1' } });
    expect(t).toHaveSpan('checkout.charge', { status: SpanStatusCode.ERROR, attributes: { amount: expect.any(Number) } });
    expect(t).toHaveSpan('http.request', { parent: null, status: 'unset' });
    expect(t).toHaveSpan('checkout.load', { parent: 'http.request', status: SpanStatusCode.UNSET });
  });

  it('fails when only the status or only the attributes differ', () => {
    const t = testTelemetry();
    checkout(t);
    expect(failureOf(() => expect(t).toHaveSpan('checkout.charge', { parent: 'http.request', status: 'ok' }))).toContain(
      `expected telemetry to have a span 'checkout.charge' with parent 'http.request' with status ok, but the only 'checkout.charge' span does not match:`,
    );
    expect(failureOf(() => expect(t).toHaveSpan('checkout.charge', { status: SpanStatusCode.UNSET }))).toContain('status unset');
    expect(failureOf(() => expect(t).toHaveSpan('http.request', { status: 'error' }))).toContain(
      `expected telemetry to have a span 'http.request' with status error, but the only 'http.request' span does not match:`,
    );
    expect(failureOf(() => expect(t).toHaveSpan('checkout.charge', { parent: 'http.request', attributes: { 'order.id': 'o-2' } }))).toContain(
      `expected telemetry to have a span 'checkout.charge' with parent 'http.request' with attributes {"order.id": "o-2"}, but the only 'checkout.charge' span does not match:`,
    );
    expect(failureOf(() => expect(t).toHaveSpan('checkout.charge', { status: 'error', attributes: { amount: 42, extra: 1 } }))).toContain(
      'does not match',
    );
  });

  it('supports .not', () => {
    const t = testTelemetry();
    checkout(t);
    expect(t).not.toHaveSpan('checkout.refund');
    expect(t).not.toHaveSpan('checkout.charge', { status: 'ok' });
    expect(t).not.toHaveSpan('checkout.charge', { parent: null });
    expect(t).not.toHaveSpan('checkout.charge', { parent: 'checkout.load' });
    expect(t).not.toHaveSpan('checkout.charge', { attributes: { 'order.id': 'o-2' } });
  });

  it('shows the spans with that name and every finished span when it fails', () => {
    const t = testTelemetry();
    checkout(t);
    expect(failureOf(() => expect(t).toHaveSpan('checkout.charge', { parent: 'checkout.load', status: 'ok' }))).toBe(
      [
        `expected telemetry to have a span 'checkout.charge' with parent 'checkout.load' with status ok, but the only 'checkout.charge' span does not match:`,
        `  - parent 'http.request', status error, attributes {"amount": 42, "order.id": "o-1"}`,
        `3 spans were finished:`,
        `  - checkout.load (parent: http.request, status: unset)`,
        `  - checkout.charge (parent: http.request, status: error)`,
        `  - http.request (root, status: unset)`,
      ].join('\n'),
    );
    expect(failureOf(() => expect(t).toHaveSpan('checkout.refund'))).toBe(
      [
        `expected telemetry to have a span 'checkout.refund', but no finished span has that name.`,
        `3 spans were finished:`,
        `  - checkout.load (parent: http.request, status: unset)`,
        `  - checkout.charge (parent: http.request, status: error)`,
        `  - http.request (root, status: unset)`,
      ].join('\n'),
    );
    expect(failureOf(() => expect(t).not.toHaveSpan('http.request', { parent: null }))).toBe(
      [
        `expected telemetry not to have a span 'http.request' as a root, but it has 1:`,
        `  - root, status unset, attributes {"route": "/pay"}`,
      ].join('\n'),
    );
  });

  it('matches the parent by { spanId } when several spans share a name', () => {
    const t = testTelemetry();
    const first = t.startSpan('http.request');
    const second = t.startSpan('http.request');
    second.run(() => t.withSpan('db.query', { table: 'orders' }, () => undefined));
    expect(t).toHaveSpan('db.query', { parent: { spanId: second.spanId } });
    // By id, a parent that has not finished yet counts; by name it does not (as in spanTree()).
    expect(t).toHaveSpan('db.query', { parent: null });
    expect(failureOf(() => expect(t).toHaveSpan('db.query', { parent: { spanId: first.spanId } }))).toBe(
      [
        `expected telemetry to have a span 'db.query' with parent span ${first.spanId}, but the only 'db.query' span does not match:`,
        `  - parent span ${second.spanId}, status unset, attributes {"table": "orders"}`,
        `1 span was finished:`,
        `  - db.query (root, status: unset)`,
      ].join('\n'),
    );
    second.end();
    expect(t).toHaveSpan('db.query', { parent: 'http.request' });
    expect(failureOf(() => expect(t).toHaveSpan('db.query', { parent: { spanId: first.spanId } }))).toContain(
      `  - parent span ${second.spanId} 'http.request', status unset`,
    );
    first.end();
    expect(() => expect(t).toHaveSpan('db.query', { parent: { id: 'x' } as never })).toThrow(
      'toHaveSpan: options.parent must be a span name or null, or { spanId: string }, got object',
    );
  });

  it('rejects a bad status or parent with a TypeError', () => {
    const t = testTelemetry();
    expect(() => expect(t).toHaveSpan('x', { status: 'failed' as never })).toThrow(
      /toHaveSpan: options.status must be 'unset', 'ok', 'error' or a SpanStatusCode, got failed/,
    );
    expect(() => expect(t).toHaveSpan('x', { parent: 3 as never })).toThrow(/options.parent must be a span name or null/);
    expect(() => expect(undefined).toHaveSpan('x')).toThrow(/toHaveSpan: expected a telemetry made by createTestTelemetry/);
  });
});
