import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { AggregationTemporality, DataPointType, type PushMetricExporter, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { counter, createTelemetry, histogram, lastValue, sum, type Telemetry, type TelemetryOptions } from '../../src/index.js';
import { KeepingLogExporter, MANUAL_CLOCK_EPOCH_MS, createManualClock } from '../../src/testing/index.js';
import { make } from '../support/testInstances.js';

const created: Telemetry[] = [];
afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all(created.splice(0).map((telemetry) => telemetry.shutdown({ timeoutMs: 200 })));
});

function telemetryWith(options: TelemetryOptions): Telemetry {
  const telemetry = createTelemetry({ clock: createManualClock(), warnings: false, flushOnExit: false, ...options });
  created.push(telemetry);
  return telemetry;
}

/** The definitions of the §7 example. */
const exampleDefinitions = () => [
  counter('db.query.count'),
  histogram('db.query.duration', { unit: 'ms', tags: ['table'] }),
  sum('batched.cache.miss.count'),
  histogram('span.stop.duration', { unit: 'ms', tags: ['name'] }),
  lastValue('pool.size', { event: 'pool.status', measurement: 'idle' }),
];

describe('§7 the example', () => {
  it('defines the five metrics of the example over the events that feed them', async () => {
    const t = make({ metrics: { intervalMs: 10_000, definitions: exampleDefinitions() } });
    t.withSpan('checkout.charge', () => {
      t.execute('db.query', { duration: 12 }, { table: 'orders' });
      t.execute('db.query', { duration: 30 }, { table: 'orders' });
      t.clock.advance(50);
    });
    t.emitBatched('cache.miss');
    t.emitBatched('cache.miss');
    t.execute('pool.status', { idle: 4, busy: 6 });
    t.clock.advance(t.config.events.batchIntervalMs);

    const collected = await t.collectMetrics();
    expect(collected.map((metric) => [metric.name, metric.kind, metric.unit])).toEqual([
      ['db.query.count', 'counter', undefined],
      ['db.query.duration', 'histogram', 'ms'],
      ['batched.cache.miss.count', 'sum', undefined],
      ['span.stop.duration', 'histogram', 'ms'],
      ['pool.size', 'lastValue', undefined],
    ]);
    const [count, duration, misses, spans, pool] = collected;
    expect(count?.points).toEqual([{ attributes: {}, value: 2 }]);
    expect(duration?.points).toEqual([{ attributes: { table: 'orders' }, value: expect.objectContaining({ count: 2, sum: 42, min: 12, max: 30 }) }]);
    expect(misses?.points).toEqual([{ attributes: {}, value: 2 }]);
    expect(spans?.points).toEqual([{ attributes: { name: 'checkout.charge' }, value: expect.objectContaining({ count: 1, sum: 50 }) }]);
    expect(pool?.points).toEqual([{ attributes: {}, value: 4 }]);
  });
});

describe('§7 exporters per signal', () => {
  it('logs and metrics default to the kind chosen for traces', () => {
    const telemetry = telemetryWith({ exporter: 'memory', metrics: { definitions: [counter('a.count')] } });
    expect(telemetry.config.logs.exporter).toBe('memory');
    expect(telemetry.config.metrics.exporter).toBe('memory');
    expect(telemetry.config.logs.processor).toBe('simple');
    expect(telemetryWith({ exporter: 'console' }).config.logs.processor).toBe('batch');
  });

  it('take a LogRecordExporter and a PushMetricExporter of their own', async () => {
    const logRecords: ReadableLogRecord[] = [];
    const logExporter: LogRecordExporter = {
      export: (records, done) => {
        logRecords.push(...records);
        done({ code: ExportResultCode.SUCCESS });
      },
      forceFlush: () => Promise.resolve(),
      shutdown: () => Promise.resolve(),
    };
    const exports: ResourceMetrics[] = [];
    const metricExporter: PushMetricExporter = {
      export: (batch, done: (result: ExportResult) => void) => {
        exports.push(batch);
        done({ code: ExportResultCode.SUCCESS });
      },
      forceFlush: () => Promise.resolve(),
      shutdown: () => Promise.resolve(),
    };
    const telemetry = telemetryWith({
      logs: { exporter: logExporter },
      metrics: { exporter: metricExporter, definitions: [counter('db.query.count')] },
    });
    expect(telemetry.config.logs.processor).toBe('batch');
    telemetry.emitEvent('db.query');
    await telemetry.flush();
    expect(logRecords.map((record) => record.eventName)).toEqual(['db.query']);
    expect(exports.at(-1)?.scopeMetrics[0]?.metrics[0]?.descriptor.name).toBe('db.query.count');
  });

  it('OTEL_METRIC_EXPORT_INTERVAL sets metrics.intervalMs, and the option beats it', () => {
    vi.stubEnv('OTEL_METRIC_EXPORT_INTERVAL', '15000');
    expect(telemetryWith({}).config.metrics.intervalMs).toBe(15_000);
    expect(telemetryWith({ metrics: { intervalMs: 500 } }).config.metrics.intervalMs).toBe(500);
  });

  it('describe() names where logs and metrics go', () => {
    const line = telemetryWith({
      serviceName: 'checkout',
      exporter: 'memory',
      metrics: { intervalMs: 10_000, definitions: exampleDefinitions() },
    }).describe();
    expect(line).toContain('logs=memory');
    expect(line).toContain('metrics=memory (5 defined, every 10000ms)');
    expect(line).not.toMatch(/[\r\n]/);
    const quiet = telemetryWith({ exporter: 'memory', logs: { events: 'none' } }).describe();
    expect(quiet).toContain('logs=none');
    expect(quiet).toContain('metrics=none');
  });
});

describe('§7 log records: one event, one eventName', () => {
  it('maps an occurrence, a summary, a batch and a captured error as the table says', () => {
    const t = make();
    t.emitEvent('db.error', { durationMs: 7 }, { dedupKey: 'SELECT 1', table: 'orders' });
    t.clock.advance(10);
    t.emitEvent('db.error', { durationMs: 8 }, { dedupKey: 'SELECT 1', table: 'orders' });
    t.emitBatched('cache.miss', { bytes: 10 }, { batchKey: 'users' });
    t.emitBatched('cache.miss', { bytes: 5 }, { batchKey: 'users' });
    t.withContext({ requestId: 'r-1' }, () => t.captureError(new Error('card declined')));
    t.clock.advance(t.config.events.dedupWindowMs);

    const byName = (name: string) => t.logs().filter((record) => record.eventName === name);
    const [occurrence, summary] = byName('db.error');
    expect(occurrence?.attributes).toEqual({ durationMs: 7, dedupKey: 'SELECT 1', table: 'orders', log_count: 1 });
    expect(summary?.attributes).toEqual({
      log_count: 1,
      first_observed_timestamp: new Date(MANUAL_CLOCK_EPOCH_MS + 10).toISOString(),
      last_observed_timestamp: new Date(MANUAL_CLOCK_EPOCH_MS + 10).toISOString(),
      'dedup.key': 'SELECT 1',
    });
    expect(byName('cache.miss')[0]?.attributes).toEqual({ bytes: 15, count: 2, log_count: 2, 'batch.key': 'users', 'batch.reason': 'interval' });
    expect(byName('error.captured')[0]?.attributes).toMatchObject({
      'exception.type': 'Error',
      'exception.message': 'card declined',
      'exception.stacktrace': expect.stringContaining('Error: card declined'),
      'error.context.requestId': 'r-1',
    });
    expect(t.logs().some((record) => String(record.eventName).startsWith('suppressed') || String(record.eventName).startsWith('batched'))).toBe(false);
  });

  it("summing log_count over an event's records gives its executed plus suppressed occurrences", () => {
    const t = make();
    for (let index = 0; index < 10; index++) t.emitEvent('db.error', {}, { dedupKey: index % 3 });
    t.clock.advance(t.config.events.dedupWindowMs);
    const total = t.logs().reduce((sum, record) => sum + Number(record.attributes.log_count), 0);
    expect(total).toBe(10);
  });

  it('takes severity from metadata.severity and the body from metadata.message; occurrences carry their flow ids', () => {
    const t = make();
    let spanId = '';
    t.withSpan('request', (span) => {
      spanId = span.spanId;
      t.emitEvent('disk.full', {}, { severity: 'fatal', message: 'disk /var is full', password: 'x', nested: { a: 1 } });
    });
    expect(t.logs()).toEqual([
      {
        eventName: 'disk.full',
        severityText: 'fatal',
        body: 'disk /var is full',
        attributes: { severity: 'fatal', message: 'disk /var is full', password: '[REDACTED]', log_count: 1 },
        traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
        spanId,
      },
    ]);
  });

  it("logs.events chooses: 'emitted', 'all', 'none' or a predicate", () => {
    const run = (events: NonNullable<TelemetryOptions['logs']>['events']) => {
      const records = new KeepingLogExporter();
      const telemetry = telemetryWith({ logs: { exporter: records, processor: 'simple', events } });
      telemetry.execute('cart.viewed');
      telemetry.emitEvent('cart.abandoned', {}, { important: true });
      return records.records().map((record) => record.eventName);
    };
    expect(run(undefined)).toEqual(['cart.abandoned']);
    expect(run('emitted')).toEqual(['cart.abandoned']);
    expect(run('all')).toEqual(['cart.viewed', 'cart.abandoned']);
    expect(run('none')).toEqual([]);
    expect(run((event) => event.join('.') === 'cart.viewed')).toEqual(['cart.viewed']);
  });
});

describe('§7 metrics', () => {
  it('map to an OpenTelemetry Counter, Counter or UpDownCounter, Gauge and Histogram', async () => {
    const exports: ResourceMetrics[] = [];
    const exporter: PushMetricExporter = {
      export: (batch, done: (result: ExportResult) => void) => {
        exports.push(batch);
        done({ code: ExportResultCode.SUCCESS });
      },
      selectAggregationTemporality: () => AggregationTemporality.CUMULATIVE,
      forceFlush: () => Promise.resolve(),
      shutdown: () => Promise.resolve(),
    };
    const telemetry = telemetryWith({
      metrics: {
        exporter,
        definitions: [
          counter('queue.job.count'),
          sum('queue.job.size'),
          sum('queue.depth.change', { event: 'queue.moved', measurement: 'delta', monotonic: false }),
          lastValue('queue.job.waiting'),
          histogram('queue.job.duration'),
        ],
      },
    });
    telemetry.execute('queue.job', { size: 3, waiting: 7, duration: 20 });
    telemetry.execute('queue.moved', { delta: -2 });
    await telemetry.flush();
    const metrics = exports.at(-1)?.scopeMetrics.flatMap((scope) => scope.metrics) ?? [];
    const shape = Object.fromEntries(
      metrics.map((metric) => [
        metric.descriptor.name,
        [DataPointType[metric.dataPointType], 'isMonotonic' in metric ? metric.isMonotonic : undefined, metric.dataPoints[0]?.value],
      ]),
    );
    expect(shape).toEqual({
      'queue.job.count': ['SUM', true, 1],
      'queue.job.size': ['SUM', true, 3],
      'queue.depth.change': ['SUM', false, -2],
      'queue.job.waiting': ['GAUGE', undefined, 7],
      'queue.job.duration': ['HISTOGRAM', undefined, expect.objectContaining({ count: 1, sum: 20 })],
    });
  });

  it('a bad definition throws a TypeError at creation; a missing measurement at run time is skipped and counted', () => {
    expect(() => histogram('db.query.duration', { boundaries: [10, 5] })).toThrow(TypeError);
    expect(() => createTelemetry({ metrics: { definitions: [counter('login.count', { tags: ['password'] })] } })).toThrow(TypeError);
    const t = make({ metrics: { definitions: [histogram('db.query.duration')] } });
    t.execute('db.query', { rows: 3 });
    t.execute('db.query', { duration: 3 });
    expect(t.health().metrics).toMatchObject({ recorded: 1, skipped: 1 });
  });
});

describe('§7 health(), flush() and shutdown()', () => {
  it('health() adds logs: { exported, failed, dropped } and metrics: { recorded, skipped, exported, failed }', () => {
    const health = make().health();
    expect(Object.keys(health.logs).sort()).toEqual(['dropped', 'exported', 'failed']);
    expect(Object.keys(health.metrics).sort()).toEqual(['exported', 'failed', 'recorded', 'skipped']);
  });

  it('flush() and shutdown() drain logs and metrics after the events that feed them', async () => {
    const records = new KeepingLogExporter();
    const exports: ResourceMetrics[] = [];
    const exporter: PushMetricExporter = {
      export: (batch, done: (result: ExportResult) => void) => {
        exports.push(batch);
        done({ code: ExportResultCode.SUCCESS });
      },
      forceFlush: () => Promise.resolve(),
      shutdown: () => Promise.resolve(),
    };
    const telemetry = telemetryWith({
      logs: { exporter: records, processor: 'batch', batch: { scheduledDelayMs: 60_000 } },
      metrics: { exporter, definitions: [sum('batched.cache.miss.count')] },
    });
    telemetry.emitBatched('cache.miss', 4);
    await telemetry.flush();
    expect(records.records().map((record) => record.eventName)).toEqual(['cache.miss']);
    expect(exports.at(-1)?.scopeMetrics[0]?.metrics[0]?.dataPoints[0]?.value).toBe(4);

    telemetry.emitBatched('cache.miss', 1);
    await telemetry.shutdown();
    expect(records.records().map((record) => record.attributes.count)).toEqual([4, 1]);
    expect(exports.at(-1)?.scopeMetrics[0]?.metrics[0]?.dataPoints[0]?.value).toBe(5);
  });
});
