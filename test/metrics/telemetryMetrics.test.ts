import { metrics, propagation, trace, type ProxyTracerProvider } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import {
  AggregationTemporality,
  MeterProvider,
  MetricReader,
  type CollectionResult,
  type PushMetricExporter,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { counter, createTelemetry, histogram, lastValue, sum, type Telemetry, type TelemetryOptions } from '../../src/index.js';
import { createManualClock, waitFor, type ManualClock } from '../../src/testing/index.js';
import { make, tick } from '../support/testInstances.js';

const created: Telemetry[] = [];
const providers: MeterProvider[] = [];
afterEach(async () => {
  await Promise.all(created.splice(0).map((telemetry) => telemetry.shutdown({ timeoutMs: 200 })));
  await Promise.all(providers.splice(0).map((provider) => provider.shutdown()));
  metrics.disable();
});

function telemetryWith(options: TelemetryOptions): Telemetry {
  const telemetry = createTelemetry({ clock: createManualClock(), warnings: false, flushOnExit: false, ...options });
  created.push(telemetry);
  return telemetry;
}

/** A push exporter that keeps every export and answers each with `code`. */
function keepingExporter(code: ExportResultCode = ExportResultCode.SUCCESS): PushMetricExporter & { exports: ResourceMetrics[] } {
  const exports: ResourceMetrics[] = [];
  return {
    exports,
    export(batch: ResourceMetrics, done: (result: ExportResult) => void): void {
      exports.push(batch);
      done(code === ExportResultCode.SUCCESS ? { code } : { code, error: new Error('collector refused the metrics') });
    },
    selectAggregationTemporality: () => AggregationTemporality.CUMULATIVE,
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
}

/** A reader of a provider the test owns: it counts what is asked of it and collects on demand. */
class WatchedReader extends MetricReader {
  flushes = 0;
  shutdowns = 0;
  protected override onForceFlush(): Promise<void> {
    this.flushes++;
    return Promise.resolve();
  }
  protected override onShutdown(): Promise<void> {
    this.shutdowns++;
    return Promise.resolve();
  }
}

function ownProvider(): { provider: MeterProvider; reader: WatchedReader } {
  const reader = new WatchedReader();
  const provider = new MeterProvider({ readers: [reader] });
  providers.push(provider);
  return { provider, reader };
}

/** `name`'s points in a collection: `[attributes, value]` pairs, and the scope that made them. */
function pointsOf(collected: ResourceMetrics | undefined, name: string): { scope: string | undefined; points: Array<[unknown, unknown]> } {
  for (const scope of collected?.scopeMetrics ?? []) {
    const metric = scope.metrics.find((candidate) => candidate.descriptor.name === name);
    if (metric !== undefined) {
      return { scope: scope.scope.name, points: metric.dataPoints.map((point) => [point.attributes, point.value] as [unknown, unknown]) };
    }
  }
  return { scope: undefined, points: [] };
}

const collect = async (reader: MetricReader): Promise<ResourceMetrics> => ((await reader.collect()) as CollectionResult).resourceMetrics;

describe('metric definitions see every event executed on the bus with their name', () => {
  it('sees execute, emitEvent occurrences, prefixed emitters, span events, summaries, batches and captured errors', async () => {
    const t = make({
      metrics: {
        definitions: [
          counter('db.query.count'),
          histogram('span.stop.duration', { unit: 'ms', tags: ['name'], boundaries: [10, 100] }),
          counter('db.error.count'),
          sum('suppressed.db.error.count'),
          sum('batched.cache.miss.count'),
          sum('batched.cache.miss.bytes'),
          counter('error.captured.count', { tags: ['errorType'] }),
          counter('shop.cart.opened.count'),
        ],
      },
    });
    t.execute('db.query');
    t.emitEvent('db.query');
    t.withSpan('checkout', () => t.clock.advance(25));
    t.withSpan('refund', () => t.clock.advance(5));
    for (let index = 0; index < 3; index++) t.emitEvent('db.error', {}, { dedupKey: 'q1' });
    t.emitBatched('cache.miss', { bytes: 100 });
    t.emitBatched('cache.miss', { bytes: 20 });
    t.captureError(new RangeError('x'));
    t.prefixed('shop').execute('cart.opened');
    // The window closes 5000 ms after the executed occurrence; the flusher sees it at the next tick.
    t.clock.advance(t.config.events.dedupWindowMs + t.config.events.batchIntervalMs);

    const byName = Object.fromEntries((await t.collectMetrics()).map((metric) => [metric.name, metric.points]));
    expect(byName['db.query.count']).toEqual([{ attributes: {}, value: 2 }]);
    expect(byName['span.stop.duration']).toEqual([
      { attributes: { name: 'checkout' }, value: { count: 1, sum: 25, min: 25, max: 25, buckets: { boundaries: [10, 100], counts: [0, 1, 0] } } },
      { attributes: { name: 'refund' }, value: { count: 1, sum: 5, min: 5, max: 5, buckets: { boundaries: [10, 100], counts: [1, 0, 0] } } },
    ]);
    // Only the executed occurrence reaches db.error; the two suppressed ones arrive in the summary.
    expect(byName['db.error.count']).toEqual([{ attributes: {}, value: 1 }]);
    expect(byName['suppressed.db.error.count']).toEqual([{ attributes: {}, value: 2 }]);
    expect(byName['batched.cache.miss.count']).toEqual([{ attributes: {}, value: 2 }]);
    expect(byName['batched.cache.miss.bytes']).toEqual([{ attributes: {}, value: 120 }]);
    expect(byName['error.captured.count']).toEqual([{ attributes: { errorType: 'RangeError' }, value: 1 }]);
    expect(byName['shop.cart.opened.count']).toEqual([{ attributes: {}, value: 1 }]);
  });

  it('makes span events happen for a metric alone, with no handler attached', async () => {
    const exporter = keepingExporter();
    const clock = createManualClock();
    const telemetry = telemetryWith({ clock, metrics: { definitions: [histogram('span.stop.duration', { tags: ['name'] })], exporter } });
    telemetry.withSpan('checkout', () => clock.advance(40));
    await telemetry.shutdown();
    const { points } = pointsOf(exporter.exports.at(-1), 'span.stop.duration');
    expect(points).toHaveLength(1);
    expect(points[0]?.[0]).toEqual({ name: 'checkout' });
    expect(points[0]?.[1]).toMatchObject({ count: 1, sum: 40 });
  });

  it('keeps the last value with lastValue, from another event and measurement', async () => {
    const t = make({ metrics: { definitions: [lastValue('pool.size', { event: 'pool.status', measurement: 'idle' })] } });
    t.execute('pool.status', { idle: 4, busy: 6 });
    t.execute('pool.status', { idle: 2, busy: 8 });
    expect(await t.collectMetrics()).toEqual([{ name: 'pool.size', kind: 'lastValue', unit: undefined, points: [{ attributes: {}, value: 2 }] }]);
  });

  it('redacts what tagValues returns under a secret key', async () => {
    const t = make({ metrics: { definitions: [counter('user.login.count', { tagValues: (metadata) => ({ plan: String(metadata.plan), token: 't' }) })] } });
    t.execute('user.login', {}, { plan: 'pro' });
    expect((await t.collectMetrics())[0]?.points).toEqual([{ attributes: { plan: 'pro', token: '[REDACTED]' }, value: 1 }]);
  });
});

describe('health().metrics', () => {
  it('has exactly recorded, skipped, exported and failed', () => {
    const t = make();
    expect(Object.keys(t.health().metrics).sort()).toEqual(['exported', 'failed', 'recorded', 'skipped']);
    expect(t.health().metrics).toEqual({ recorded: 0, skipped: 0, exported: 0, failed: 0 });
  });

  it('counts events recorded and skipped (measurement missing or out of range, function that throws); keep refusing is neither', () => {
    const t = make({
      metrics: {
        definitions: [
          histogram('db.query.duration', { keep: (metadata) => metadata.table !== 'health_check' }),
          sum('db.query.rows', { measurement: (measurements) => {
            if (measurements.rows === undefined) throw new Error('no rows');
            return measurements.rows;
          } }),
        ],
      },
    });
    t.execute('db.query', { duration: 3, rows: 1 });
    t.execute('db.query', { duration: -1, rows: 2 });
    t.execute('db.query', {});
    t.execute('db.query', { duration: 5, rows: 0 }, { table: 'health_check' });
    // Recorded: duration 3; rows 1, 2 and 0. Skipped: duration -1 and missing; rows missing (the reader threw).
    // Refused by keep, and so neither: duration 5.
    expect(t.health().metrics).toMatchObject({ recorded: 4, skipped: 3 });
  });

  it('counts exported and failed data points with a custom exporter', async () => {
    const accepting = keepingExporter();
    const ok = telemetryWith({ metrics: { definitions: [counter('a.count', { tags: ['k'] })], exporter: accepting } });
    ok.execute('a', {}, { k: 1 });
    ok.execute('a', {}, { k: 2 });
    await ok.flush();
    expect(ok.health().metrics).toEqual({ recorded: 2, skipped: 0, exported: 2, failed: 0 });

    const refusing = keepingExporter(ExportResultCode.FAILED);
    const failing = telemetryWith({ metrics: { definitions: [counter('a.count')], exporter: refusing } });
    failing.execute('a');
    await failing.flush();
    expect(refusing.exports).toHaveLength(1);
    expect(failing.health().metrics).toEqual({ recorded: 1, skipped: 0, exported: 0, failed: 1 });
    expect(failing.health().export.lastError).toMatchObject({ signal: 'metrics' });
  });

  it("counts with the 'memory' exporter", async () => {
    const telemetry = telemetryWith({ exporter: 'memory', metrics: { definitions: [counter('a.count'), sum('a.bytes')] } });
    telemetry.execute('a', { bytes: 10 });
    await telemetry.flush();
    expect(telemetry.health().metrics).toEqual({ recorded: 2, skipped: 0, exported: 2, failed: 0 });
  });
});

describe('metric export runs on the instance clock', () => {
  it('exports nothing before metrics.intervalMs has passed on a manual clock, and every interval after', async () => {
    const exporter = keepingExporter();
    const clock: ManualClock = createManualClock();
    const telemetry = telemetryWith({ clock, metrics: { definitions: [counter('db.query.count')], intervalMs: 10_000, exporter } });
    telemetry.execute('db.query');
    clock.advance(9_999);
    await tick();
    await tick();
    expect(exporter.exports).toHaveLength(0);

    clock.advance(1);
    await waitFor(() => exporter.exports.length === 1);
    const first = pointsOf(exporter.exports[0], 'db.query.count');
    expect(first).toEqual({ scope: 'foundation-telemetry', points: [[{}, 1]] });
    expect(telemetry.health().metrics.exported).toBe(1);

    telemetry.execute('db.query');
    clock.advance(10_000);
    await waitFor(() => exporter.exports.length === 2);
    expect(pointsOf(exporter.exports[1], 'db.query.count').points).toEqual([[{}, 2]]);
  });

  it('exports the last values at shutdown', async () => {
    const exporter = keepingExporter();
    const telemetry = telemetryWith({ metrics: { definitions: [counter('db.query.count')], intervalMs: 60_000, exporter } });
    telemetry.execute('db.query');
    await telemetry.shutdown();
    expect(pointsOf(exporter.exports.at(-1), 'db.query.count').points).toEqual([[{}, 1]]);
  });
});

describe('bad definitions are refused at creation', () => {
  it('refuses a tag matching a secret pattern with a TypeError before anything is built', async () => {
    const proxy = trace.getTracerProvider() as ProxyTracerProvider;
    const delegate = proxy.getDelegate();
    const propagatorFields = propagation.fields();
    const exitListeners = process.listenerCount('beforeExit');
    const clock = createManualClock();
    const options = (tags: string[]): TelemetryOptions => ({
      clock,
      registerGlobal: true,
      exporter: 'memory',
      errorContext: { redact: [/^internal_/] },
      metrics: { definitions: [counter('db.query.count'), counter('user.login.count', { tags })] },
    });

    for (const secret of ['password', 'apiKey', 'internal_user']) {
      expect(() => createTelemetry(options(['region', secret]))).toThrow(TypeError);
      expect(() => createTelemetry(options([secret]))).toThrow(`tag "${secret}"`);
    }
    expect(trace.getTracerProvider()).toBe(proxy);
    expect(proxy.getDelegate()).toBe(delegate);
    expect(propagation.fields()).toEqual(propagatorFields);
    expect(clock.pendingTimers()).toBe(0);
    expect(process.listenerCount('beforeExit')).toBe(exitListeners);

    // The same options with a harmless tag build and register all of it.
    const telemetry = createTelemetry(options(['region']));
    expect(proxy.getDelegate()).not.toBe(delegate);
    expect(clock.pendingTimers()).toBeGreaterThan(0);
    expect(process.listenerCount('beforeExit')).toBe(exitListeners + 1);
    await telemetry.shutdown();
    expect(process.listenerCount('beforeExit')).toBe(exitListeners);
  });

  it('refuses two definitions with one name, naming it', () => {
    expect(() => createTelemetry({ metrics: { definitions: [counter('db.query.count'), sum('db.query.count', { event: 'db.call', measurement: 'n' })] } })).toThrow(
      /metrics\.definitions\[1\].*'db\.query\.count'/,
    );
  });
});

describe('meterProvider', () => {
  it("records with the provider passed in, under the scope 'foundation-telemetry', and flushes it", async () => {
    const { provider, reader } = ownProvider();
    const telemetry = telemetryWith({ meterProvider: provider, metrics: { definitions: [counter('db.query.count', { tags: ['table'] })] } });
    expect(telemetry.config.metrics.exporter).toBe('provider');
    telemetry.execute('db.query', {}, { table: 'orders' });
    expect(pointsOf(await collect(reader), 'db.query.count')).toEqual({ scope: 'foundation-telemetry', points: [[{ table: 'orders' }, 1]] });
    const flushes = reader.flushes;
    await telemetry.flush();
    expect(reader.flushes).toBe(flushes + 1);
  });

  it('flushes the provider at shutdown but does not shut it down', async () => {
    const { provider, reader } = ownProvider();
    const telemetry = telemetryWith({ meterProvider: provider, metrics: { definitions: [counter('db.query.count')] } });
    telemetry.emitBatched('ignored');
    telemetry.execute('db.query');
    await telemetry.shutdown();
    expect(reader.flushes).toBeGreaterThan(0);
    expect(reader.shutdowns).toBe(0);
    // Still the application's: it records and collects after the instance is gone.
    provider.getMeter('app').createCounter('app.count').add(3);
    const collected = await collect(reader);
    expect(pointsOf(collected, 'app.count').points).toEqual([[{}, 3]]);
    expect(pointsOf(collected, 'db.query.count').points).toEqual([[{}, 1]]);
  });

  it("'global' uses the provider registered with @opentelemetry/api", async () => {
    const { provider, reader } = ownProvider();
    metrics.setGlobalMeterProvider(provider);
    const telemetry = telemetryWith({ meterProvider: 'global', metrics: { definitions: [sum('cache.miss.bytes')] } });
    telemetry.execute('cache.miss', { bytes: 512 });
    expect(pointsOf(await collect(reader), 'cache.miss.bytes')).toEqual({ scope: 'foundation-telemetry', points: [[{}, 512]] });
  });
});
