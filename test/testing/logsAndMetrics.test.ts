import { describe, expect, it } from 'vitest';
import { counter, histogram, lastValue, sum } from '../../src/index.js';
import { createManualClock, waitFor } from '../../src/testing/index.js';
import { make, tick } from '../support/testInstances.js';

describe('t.logs()', () => {
  it('shows each record as exactly { eventName, severityText, body, attributes }, plus traceId and spanId inside a span', () => {
    const t = make();
    t.emitEvent('job.done', { durationMs: 3 }, { message: 'done', severity: 'warn' });
    let ids: { traceId: string; spanId: string } = { traceId: '', spanId: '' };
    t.withSpan('request', (span) => {
      ids = { traceId: span.traceId, spanId: span.spanId };
      t.emitEvent('job.done');
    });
    const [outside, inside] = t.logs();
    expect(Object.keys(outside ?? {}).sort()).toEqual(['attributes', 'body', 'eventName', 'severityText']);
    expect(outside).toEqual({
      eventName: 'job.done',
      severityText: 'warn',
      body: 'done',
      attributes: { durationMs: 3, message: 'done', severity: 'warn', log_count: 1 },
    });
    expect(Object.keys(inside ?? {}).sort()).toEqual(['attributes', 'body', 'eventName', 'severityText', 'spanId', 'traceId']);
    expect(inside).toEqual({ eventName: 'job.done', severityText: 'info', body: 'job.done', attributes: { log_count: 1 }, ...ids });
  });

  it('returns copies: changing what it returned changes nothing recorded', () => {
    const t = make();
    t.emitEvent('job.done', {}, { n: 1 });
    const first = t.logs();
    first.pop();
    expect(t.logs()).toHaveLength(1);
    (t.logs()[0] as { attributes: Record<string, unknown> }).attributes.n = 2;
    expect(t.logs()[0]?.attributes.n).toBe(1);
  });

  it('keeps the records after shutdown(), with those the drain produced', async () => {
    const t = make();
    t.emitEvent('job.done');
    t.emitBatched('cache.miss');
    await t.shutdown();
    expect(t.logs().map((record) => record.eventName)).toEqual(['job.done', 'cache.miss']);
  });

  it('is emptied by reset(), and records again afterwards', () => {
    const t = make();
    t.emitEvent('job.done');
    t.reset();
    expect(t.logs()).toEqual([]);
    t.emitEvent('job.again');
    expect(t.logs().map((record) => record.eventName)).toEqual(['job.again']);
  });
});

describe('t.collectMetrics()', () => {
  const definitions = [
    counter('db.query.count', { tags: ['table'] }),
    histogram('db.query.duration', { unit: 'ms', boundaries: [10, 100] }),
    sum('batched.cache.miss.count'),
    lastValue('pool.size', { event: 'pool.status', measurement: 'idle', unit: '{connection}' }),
  ];

  it('returns every defined metric in order, those without points too', async () => {
    const t = make({ metrics: { definitions } });
    expect(await t.collectMetrics()).toEqual([
      { name: 'db.query.count', kind: 'counter', unit: undefined, points: [] },
      { name: 'db.query.duration', kind: 'histogram', unit: 'ms', points: [] },
      { name: 'batched.cache.miss.count', kind: 'sum', unit: undefined, points: [] },
      { name: 'pool.size', kind: 'lastValue', unit: '{connection}', points: [] },
    ]);
    expect(await make().collectMetrics()).toEqual([]);
  });

  it('gives { name, kind, unit, points: [{ attributes, value }] }, a histogram value as { count, sum, min, max, buckets }', async () => {
    const t = make({ metrics: { definitions } });
    t.execute('db.query', { duration: 4 }, { table: 'orders' });
    t.execute('db.query', { duration: 40 }, { table: 'orders' });
    t.execute('db.query', { duration: 400 }, { table: 'users' });
    t.emitBatched('cache.miss', 3);
    t.execute('pool.status', { idle: 5 });
    t.clock.advance(t.config.events.batchIntervalMs);
    const collected = await t.collectMetrics();
    for (const metric of collected) expect(Object.keys(metric).sort()).toEqual(['kind', 'name', 'points', 'unit']);
    expect(collected).toEqual([
      {
        name: 'db.query.count',
        kind: 'counter',
        unit: undefined,
        points: [
          { attributes: { table: 'orders' }, value: 2 },
          { attributes: { table: 'users' }, value: 1 },
        ],
      },
      {
        name: 'db.query.duration',
        kind: 'histogram',
        unit: 'ms',
        points: [{ attributes: {}, value: { count: 3, sum: 444, min: 4, max: 400, buckets: { boundaries: [10, 100], counts: [1, 1, 1] } } }],
      },
      { name: 'batched.cache.miss.count', kind: 'sum', unit: undefined, points: [{ attributes: {}, value: 3 }] },
      { name: 'pool.size', kind: 'lastValue', unit: '{connection}', points: [{ attributes: {}, value: 5 }] },
    ]);
  });

  it('reads current values without waiting for an export, and again after more events', async () => {
    const t = make({ metrics: { definitions: [counter('db.query.count')], intervalMs: 60_000 } });
    t.execute('db.query');
    expect((await t.collectMetrics())[0]?.points).toEqual([{ attributes: {}, value: 1 }]);
    t.execute('db.query');
    expect((await t.collectMetrics())[0]?.points).toEqual([{ attributes: {}, value: 2 }]);
    expect(t.health().metrics.exported).toBe(0);
  });

  it('keeps the values after shutdown(): the last exported ones, with what the drain added', async () => {
    const t = make({ metrics: { definitions: [counter('db.query.count'), sum('batched.cache.miss.count')] } });
    t.execute('db.query');
    t.emitBatched('cache.miss', 2);
    await t.shutdown();
    const expected = [
      { name: 'db.query.count', kind: 'counter', unit: undefined, points: [{ attributes: {}, value: 1 }] },
      { name: 'batched.cache.miss.count', kind: 'sum', unit: undefined, points: [{ attributes: {}, value: 2 }] },
    ];
    expect(await t.collectMetrics()).toEqual(expected);
    t.execute('db.query');
    expect(await t.collectMetrics()).toEqual(expected);
  });

  it('gives the final values when called while shutdown() is under way', async () => {
    const t = make({ metrics: { definitions: [counter('db.query.count')] } });
    t.execute('db.query');
    const stopping = t.shutdown();
    expect((await t.collectMetrics())[0]?.points).toEqual([{ attributes: {}, value: 1 }]);
    await stopping;
  });

  it('keeps metric values across reset()', async () => {
    const t = make({ metrics: { definitions: [counter('db.query.count')] } });
    t.execute('db.query');
    t.reset();
    t.execute('db.query');
    expect((await t.collectMetrics())[0]?.points).toEqual([{ attributes: {}, value: 2 }]);
  });

  it('exports on the manual clock every metrics.intervalMs', async () => {
    const clock = createManualClock();
    const t = make({ clock, metrics: { definitions: [counter('db.query.count')], intervalMs: 5000 } });
    t.execute('db.query');
    clock.advance(4999);
    await tick();
    expect(t.health().metrics.exported).toBe(0);
    clock.advance(1);
    // The export follows a collection, a few promise callbacks later.
    await waitFor(() => t.health().metrics.exported === 1);
  });
});
