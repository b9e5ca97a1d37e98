import type { Attributes, Meter } from '@opentelemetry/api';
import { DataPointType, MeterProvider, MetricReader, type MetricData } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import type { MetricDefinition } from '../../src/config/options.js';
import { counter, histogram, lastValue, sum } from '../../src/metrics/definitions.js';
import { createMetricRecorders, type MetricCounts, type MetricRedaction } from '../../src/metrics/metricRecorders.js';

/** A reader whose `collect()` the test calls. */
class CollectingReader extends MetricReader {
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

const redaction: MetricRedaction = {
  isSecretKey: (key) => /token|password|secret/i.test(key),
  cutString: (value) => value.slice(0, 8),
};

const providers: MeterProvider[] = [];
afterEach(async () => {
  await Promise.all(providers.splice(0).map((provider) => provider.shutdown()));
});

function setup(...definitions: MetricDefinition[]) {
  const reader = new CollectingReader();
  const provider = new MeterProvider({ readers: [reader] });
  providers.push(provider);
  const counts: MetricCounts = { recorded: 0, skipped: 0 };
  const recorders = createMetricRecorders(definitions, provider.getMeter('test'), redaction, counts);

  /** Records one event on the metric named `name`, as the bus would. */
  function record(name: string, measurements: Record<string, number>, metadata: Record<string, unknown> = {}): void {
    const recorder = recorders.find((candidate) => candidate.name === name);
    if (recorder === undefined) throw new Error(`no metric ${name}`);
    recorder.record(measurements, metadata);
  }

  async function metric(name: string): Promise<MetricData | undefined> {
    const { resourceMetrics, errors } = await reader.collect();
    expect(errors).toEqual([]);
    return resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics).find((data) => data.descriptor.name === name);
  }

  /** The data points of a metric, as `{ attributes, value }`, sorted by attributes. */
  async function points(name: string): Promise<Array<{ attributes: Attributes; value: unknown }>> {
    const data = await metric(name);
    const all = (data?.dataPoints ?? []) as Array<{ attributes: Attributes; value: unknown }>;
    return all
      .map(({ attributes, value }) => ({ attributes, value }))
      .sort((a, b) => JSON.stringify(a.attributes).localeCompare(JSON.stringify(b.attributes)));
  }

  return { recorders, counts, record, metric, points };
}

describe('metric recorders: one instrument per definition', () => {
  it('returns, per definition, its name and its event, in order', () => {
    const { recorders } = setup(counter('db.query.count'), lastValue('pool.size', { event: 'pool.status', measurement: 'idle' }));
    expect(recorders.map(({ name, event }) => ({ name, event }))).toEqual([
      { name: 'db.query.count', event: ['db', 'query'] },
      { name: 'pool.size', event: ['pool', 'status'] },
    ]);
  });

  it('counts executions with a counter, whatever they measure', async () => {
    const { record, metric, points, counts } = setup(counter('db.query.count', { unit: '{query}', description: 'Queries run' }));
    record('db.query.count', { duration: 12 });
    record('db.query.count', {});
    record('db.query.count', { duration: Number.NaN });
    const data = await metric('db.query.count');
    expect(data?.descriptor).toMatchObject({ unit: '{query}', description: 'Queries run' });
    expect(data).toMatchObject({ dataPointType: DataPointType.SUM, isMonotonic: true });
    expect(await points('db.query.count')).toEqual([{ attributes: {}, value: 3 }]);
    expect(counts).toEqual({ recorded: 3, skipped: 0 });
  });

  it('adds up a measurement with a monotonic sum and skips negative values, counting them', async () => {
    const { record, metric, points, counts } = setup(sum('batched.cache.miss.count'));
    record('batched.cache.miss.count', { count: 3 });
    record('batched.cache.miss.count', { count: 4.5 });
    record('batched.cache.miss.count', { count: -2 });
    expect(await metric('batched.cache.miss.count')).toMatchObject({ dataPointType: DataPointType.SUM, isMonotonic: true });
    expect(await points('batched.cache.miss.count')).toEqual([{ attributes: {}, value: 7.5 }]);
    expect(counts).toEqual({ recorded: 2, skipped: 1 });
  });

  it('adds negative values too with a non-monotonic sum (an UpDownCounter)', async () => {
    const { record, metric, points, counts } = setup(sum('queue.depth.delta', { monotonic: false }));
    record('queue.depth.delta', { delta: 5 });
    record('queue.depth.delta', { delta: -7 });
    const data = await metric('queue.depth.delta');
    expect(data).toMatchObject({ dataPointType: DataPointType.SUM, isMonotonic: false });
    expect(await points('queue.depth.delta')).toEqual([{ attributes: {}, value: -2 }]);
    expect(counts).toEqual({ recorded: 2, skipped: 0 });
  });

  it('keeps the last value with a gauge, negative ones included', async () => {
    const { record, metric, points } = setup(lastValue('pool.size', { event: 'pool.status', measurement: 'idle', unit: '{connection}' }));
    record('pool.size', { idle: 4, busy: 6 });
    record('pool.size', { idle: -1, busy: 6 });
    record('pool.size', { idle: 9, busy: 1 });
    const data = await metric('pool.size');
    expect(data).toMatchObject({ dataPointType: DataPointType.GAUGE, descriptor: { unit: '{connection}' } });
    expect(await points('pool.size')).toEqual([{ attributes: {}, value: 9 }]);
  });

  it('records a histogram in the SDK default buckets when no boundaries are given', async () => {
    const { record, metric, points } = setup(histogram('db.query.duration', { unit: 'ms' }));
    for (const duration of [3, 7, 7, 300]) record('db.query.duration', { duration });
    expect(await metric('db.query.duration')).toMatchObject({ dataPointType: DataPointType.HISTOGRAM, descriptor: { unit: 'ms' } });
    const [point] = await points('db.query.duration');
    expect(point?.value).toMatchObject({
      count: 4,
      sum: 317,
      min: 3,
      max: 300,
      buckets: { boundaries: [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000] },
    });
    expect((point?.value as { buckets: { counts: number[] } }).buckets.counts.slice(0, 9)).toEqual([0, 1, 2, 0, 0, 0, 0, 0, 1]);
  });

  it('records a histogram in the boundaries given, and skips negative values, counting them', async () => {
    const { record, points, counts } = setup(histogram('db.query.duration', { boundaries: [10, 100] }));
    for (const duration of [1, 10, 50, 500, 5000, -1]) record('db.query.duration', { duration });
    const [point] = await points('db.query.duration');
    expect(point?.value).toMatchObject({ count: 5, buckets: { boundaries: [10, 100], counts: [2, 1, 2] } });
    expect(counts).toEqual({ recorded: 5, skipped: 1 });
  });
});

describe('metric recorders: measurements', () => {
  it('reads the measurement with a reader function of measurements and metadata', async () => {
    const { record, points } = setup(
      histogram('http.request.size', { measurement: (measurements, metadata) => (measurements.bytes ?? 0) * (metadata.scale as number) }),
    );
    record('http.request.size', { bytes: 3 }, { scale: 2 });
    const [point] = await points('http.request.size');
    expect(point?.value).toMatchObject({ count: 1, sum: 6 });
  });

  it.each([
    ['missing', {}],
    ['NaN', { duration: Number.NaN }],
    ['infinite', { duration: Number.POSITIVE_INFINITY }],
    ['a string', { duration: '12' as unknown as number }],
  ])('skips and counts an event whose measurement is %s', async (_label, measurements) => {
    const { record, points, counts } = setup(histogram('db.query.duration'), sum('db.query.duration_total', { event: 'db.query', measurement: 'duration' }));
    record('db.query.duration', measurements);
    record('db.query.duration_total', measurements);
    expect(counts).toEqual({ recorded: 0, skipped: 2 });
    expect(await points('db.query.duration')).toEqual([]);
  });

  it('skips and counts an event whose reader returns undefined or throws', async () => {
    const { record, counts } = setup(
      lastValue('a.undefined', { measurement: () => undefined }),
      lastValue('a.throws', {
        measurement: () => {
          throw new Error('reader failed');
        },
      }),
    );
    expect(() => record('a.undefined', { value: 1 })).not.toThrow();
    expect(() => record('a.throws', { value: 1 })).not.toThrow();
    expect(counts).toEqual({ recorded: 0, skipped: 2 });
  });
});

describe('metric recorders: keep', () => {
  it('records only the events that keep accepts, without counting the others as skipped', async () => {
    const { record, points, counts } = setup(counter('http.request.count', { keep: (metadata) => metadata.route !== '/health' }));
    record('http.request.count', {}, { route: '/orders' });
    record('http.request.count', {}, { route: '/health' });
    record('http.request.count', {}, { route: '/cart' });
    expect(await points('http.request.count')).toEqual([{ attributes: {}, value: 2 }]);
    expect(counts).toEqual({ recorded: 2, skipped: 0 });
  });

  it('skips and counts an event whose keep throws', () => {
    const { record, counts } = setup(
      counter('a.count', {
        keep: () => {
          throw new Error('keep failed');
        },
      }),
    );
    expect(() => record('a.count', {})).not.toThrow();
    expect(counts).toEqual({ recorded: 0, skipped: 1 });
  });
});

describe('metric recorders: attributes', () => {
  it('makes the tags attributes: strings cut, numbers and booleans as they are, anything else left out', async () => {
    const { record, points } = setup(counter('db.query.count', { tags: ['table', 'shard', 'cached', 'rows', 'missing', 'nothing', 'big'] }));
    record('db.query.count', {}, { table: 'order_lines_archive', shard: 3, cached: false, rows: [1, 2], nothing: null, big: 10n, other: 'x' });
    record('db.query.count', {}, { table: 'users', shard: 3, cached: true });
    expect(await points('db.query.count')).toStrictEqual([
      { attributes: { table: 'order_li', shard: 3, cached: false }, value: 1 },
      { attributes: { table: 'users', shard: 3, cached: true }, value: 1 },
    ]);
  });

  it('merges what tagValues returns over the tags, with the same value rules', async () => {
    const { record, points } = setup(
      counter('http.request.count', {
        tags: ['method', 'route'],
        tagValues: (metadata) => ({ route: String(metadata.route).split('?')[0] ?? '', status_class: `${String(metadata.status)[0]}xx`, nested: { a: 1 } as never, long: 'abcdefghijkl' }),
      }),
    );
    record('http.request.count', {}, { method: 'GET', route: '/a?x=1', status: 404 });
    expect(await points('http.request.count')).toStrictEqual([
      { attributes: { method: 'GET', route: '/a', status_class: '4xx', long: 'abcdefgh' }, value: 1 },
    ]);
  });

  it('redacts what tagValues returns under a secret key, and a secret tag', async () => {
    const { record, points } = setup(
      counter('login.attempt.count', { tags: ['user', 'password'], tagValues: (metadata) => ({ session_token: metadata.token as string, ok: true }) }),
    );
    record('login.attempt.count', {}, { user: 'ada', password: 'hunter2', token: 'abc123' });
    expect(await points('login.attempt.count')).toEqual([
      { attributes: { user: 'ada', password: '[REDACTED]', session_token: '[REDACTED]', ok: true }, value: 1 },
    ]);
  });

  it('skips and counts an event whose tagValues throws', () => {
    const { record, counts } = setup(
      counter('a.count', {
        tagValues: () => {
          throw new Error('tagValues failed');
        },
      }),
    );
    expect(() => record('a.count', {})).not.toThrow();
    expect(counts).toEqual({ recorded: 0, skipped: 1 });
  });
});

describe('metric recorders: hostile input never throws', () => {
  it('leaves out a tag whose getter throws or whose value is a revoked Proxy, and records the event', async () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const metadata = {
      get table(): string {
        throw new Error('getter failed');
      },
      value: proxy,
      route: '/a',
    };
    const { record, points, counts } = setup(counter('db.query.count', { tags: ['table', 'value', 'route'] }));
    expect(() => record('db.query.count', {}, metadata)).not.toThrow();
    expect(await points('db.query.count')).toStrictEqual([{ attributes: { route: '/a' }, value: 1 }]);
    expect(counts).toEqual({ recorded: 1, skipped: 0 });
  });

  it('survives revoked Proxies as metadata, measurements and tagValues result', () => {
    const revoked = () => {
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      return proxy as Record<string, never>;
    };
    const { record, counts } = setup(
      counter('a.count', { tags: ['x'] }),
      histogram('a.duration'),
      counter('b.count', { keep: (metadata) => 'x' in metadata }),
      counter('c.count', { tagValues: () => revoked() }),
    );
    expect(() => record('a.count', {}, revoked())).not.toThrow();
    expect(() => record('a.duration', revoked(), {})).not.toThrow();
    expect(() => record('b.count', {}, revoked())).not.toThrow();
    expect(() => record('c.count', {}, {})).not.toThrow();
    expect(counts).toEqual({ recorded: 1, skipped: 3 });
  });

  it('handles a promise returned by keep, a reader or tagValues: skipped, counted, its rejection never unhandled', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const rejected = () => Promise.reject(new Error('async user function'));
      const { record, counts } = setup(
        counter('a.count', { keep: rejected as never }),
        lastValue('b.value', { measurement: rejected as never }),
        counter('c.count', { tagValues: rejected as never }),
      );
      record('a.count', {});
      record('b.value', {});
      record('c.count', {});
      expect(counts).toEqual({ recorded: 0, skipped: 3 });
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('counts an event as skipped when the instrument itself throws', () => {
    const failing = () => {
      throw new Error('instrument failed');
    };
    const instrument = { add: failing, record: failing };
    const meter = {
      createCounter: () => instrument,
      createUpDownCounter: () => instrument,
      createGauge: () => instrument,
      createHistogram: () => instrument,
    } as unknown as Meter;
    const counts = { recorded: 0, skipped: 0 };
    const recorders = createMetricRecorders([counter('a.count'), sum('a.total'), lastValue('a.value'), histogram('a.duration')], meter, redaction, counts);
    for (const recorder of recorders) expect(() => recorder.record({ total: 1, value: 1, duration: 1 }, {})).not.toThrow();
    expect(counts).toEqual({ recorded: 0, skipped: 4 });
  });
});
