import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { counter, createTelemetry, histogram, lastValue, sum, type Telemetry } from '../../src/index.js';
import { createManualClock, MANUAL_CLOCK_EPOCH_MS, waitFor } from '../../src/testing/index.js';
import { decodeLogs, decodeMetrics, decodeSpans, type DecodedLogRecord, type DecodedMetric } from './support/otlpDecode.js';
import { startOtlpReceiver, type CapturedRequest, type OtlpReceiver } from './support/otlpReceiver.js';

let receiver: OtlpReceiver | undefined;
let telemetry: Telemetry | undefined;

afterEach(async () => {
  await telemetry?.shutdown({ timeoutMs: 1000 });
  await receiver?.close();
  telemetry = undefined;
  receiver = undefined;
  vi.unstubAllEnvs();
});

/** Lets CI decode one real protobuf logs body with an independent decoder (`protoc --decode`). */
function captureLogsBody(request: CapturedRequest): void {
  const file = process.env.OTLP_LOGS_CAPTURE_FILE;
  if (file && request.contentType.includes('application/x-protobuf')) writeFileSync(file, request.body);
}

/** Every log record of every request to `/v1/logs`, in order. */
function logRecords(from: OtlpReceiver): DecodedLogRecord[] {
  return from.requestsTo('/v1/logs').flatMap(decodeLogs);
}

/** The metrics of the latest request to `/v1/metrics` (cumulative: it holds every value). */
function latestMetrics(from: OtlpReceiver): DecodedMetric[] {
  const requests = from.requestsTo('/v1/metrics');
  const latest = requests[requests.length - 1];
  if (latest === undefined) throw new Error('no request to /v1/metrics');
  return decodeMetrics(latest);
}

function metricNamed(metrics: DecodedMetric[], name: string): DecodedMetric {
  const metric = metrics.find((candidate) => candidate.name === name);
  if (!metric) throw new Error(`no metric ${name} in ${metrics.map((m) => m.name).join(', ')}`);
  return metric;
}

/** A metric's points ordered by their attributes, so that assertions do not depend on the SDK's order. */
function pointsOf(metric: DecodedMetric): DecodedMetric['points'] {
  return [...metric.points].sort((a, b) => JSON.stringify(a.attributes).localeCompare(JSON.stringify(b.attributes)));
}

const at = (offsetMs: number): string => new Date(MANUAL_CLOCK_EPOCH_MS + offsetMs).toISOString();

describe.each([
  { exporter: 'otlp-json' as const, contentType: 'application/json' },
  { exporter: 'otlp-proto' as const, contentType: 'application/x-protobuf' },
])('events to a real OTLP receiver with exporter $exporter', ({ exporter, contentType }) => {
  it('delivers occurrences, summaries, batches and captured errors as log records', async () => {
    receiver = await startOtlpReceiver();
    const clock = createManualClock();
    telemetry = createTelemetry({
      serviceName: 'checkout',
      resource: { 'deployment.environment': 'e2e' },
      exporter,
      // Only the traces URL: logs go to the same collector's /v1/logs.
      otlp: { url: receiver.tracesUrl, headers: { 'x-tenant': 'acme' } },
      clock,
      events: { dedupWindowMs: 1000, batchIntervalMs: 500, maxBatchSize: 3 },
      warnings: false,
    });
    const t = telemetry;
    const declined = { dedupKey: 'card-4242', severity: 'warn' as const, message: 'card declined', orderId: 'o-1', retry: true, password: 'hunter2' };

    const charge = t.withSpan('checkout.charge', (span) => {
      const executed = t.emitEvent('payment.declined', { amountCents: 1250 }, declined);
      t.captureError(new TypeError('card expired'), { orderId: 'o-1' });
      return { executed, traceId: span.traceId, spanId: span.spanId };
    });
    expect(charge.executed).toBe(true);
    clock.advance(100);
    expect(t.emitEvent('payment.declined', { amountCents: 1250 }, declined)).toBe(false);
    clock.advance(200);
    expect(t.emitEvent('payment.declined', { amountCents: 990 }, declined)).toBe(false);
    // Three occurrences fill a batch (sent at once, reason 'size'); the fourth waits for the flusher.
    for (let i = 0; i < 4; i++) t.emitBatched('cache.miss', { bytes: 10 }, { batchKey: 'users' });
    clock.advance(1500);
    await t.flush();

    const requests = await receiver.waitForRequests(1, 5000, '/v1/logs');
    for (const request of requests) {
      expect(request.contentType).toContain(contentType);
      expect(request.headers['x-tenant']).toBe('acme');
    }
    captureLogsBody(requests[0] as CapturedRequest);
    const records = logRecords(receiver);
    expect(records.map((record) => record.eventName).sort()).toEqual([
      'cache.miss',
      'cache.miss',
      'error.captured',
      'payment.declined',
      'payment.declined',
    ]);

    const [occurrence, summary] = records.filter((record) => record.eventName === 'payment.declined');
    expect(occurrence).toMatchObject({
      severityText: 'warn',
      severityNumber: 13,
      body: 'card declined',
      traceId: charge.traceId,
      spanId: charge.spanId,
      timeMs: MANUAL_CLOCK_EPOCH_MS,
    });
    expect(occurrence?.attributes).toEqual({
      amountCents: 1250,
      dedupKey: 'card-4242',
      severity: 'warn',
      message: 'card declined',
      orderId: 'o-1',
      retry: true,
      password: '[REDACTED]',
      log_count: 1,
    });
    // The two suppressed occurrences, summarized when their window closed, by the flusher (no span).
    expect(summary).toMatchObject({ severityText: 'warn', severityNumber: 13, body: 'card declined', traceId: '', spanId: '' });
    expect(summary?.attributes).toEqual({
      'dedup.key': 'card-4242',
      first_observed_timestamp: at(100),
      last_observed_timestamp: at(300),
      log_count: 2,
    });
    const declinedCount = [occurrence, summary].reduce((total, record) => total + Number(record?.attributes.log_count), 0);
    expect(declinedCount, 'log_count summed over payment.declined').toBe(3);

    const batches = records.filter((record) => record.eventName === 'cache.miss');
    expect(batches.map((record) => record.attributes)).toEqual([
      { count: 3, bytes: 30, 'batch.key': 'users', 'batch.reason': 'size', log_count: 3 },
      { count: 1, bytes: 10, 'batch.key': 'users', 'batch.reason': 'interval', log_count: 1 },
    ]);
    expect(batches[0]).toMatchObject({ severityText: 'info', severityNumber: 9, body: 'cache.miss' });

    const captured = records.find((record) => record.eventName === 'error.captured');
    expect(captured).toMatchObject({
      severityText: 'error',
      severityNumber: 17,
      traceId: charge.traceId,
      spanId: charge.spanId,
    });
    expect(captured?.attributes).toMatchObject({
      'exception.type': 'TypeError',
      'exception.message': 'card expired',
      orderId: 'o-1',
      log_count: 1,
    });
    expect(captured?.attributes['exception.stacktrace']).toMatch(/^TypeError: card expired\n\s+at /);

    for (const record of records) {
      expect(record.resource).toMatchObject({ 'service.name': 'checkout', 'deployment.environment': 'e2e' });
      expect(record.scope.name).toBe('foundation-telemetry');
    }
    expect(t.health().logs).toEqual({ exported: 5, failed: 0, dropped: 0 });
    expect(t.health().status).toBe('ok');
  });

  it('delivers counters, sums, gauges and histograms on the instance clock, and a last export at shutdown', async () => {
    receiver = await startOtlpReceiver();
    const clock = createManualClock();
    telemetry = createTelemetry({
      serviceName: 'checkout',
      exporter,
      otlp: { url: receiver.tracesUrl },
      clock,
      metrics: {
        intervalMs: 10_000,
        definitions: [
          counter('db.query.count', { tags: ['table'], description: 'queries run' }),
          histogram('db.query.duration', { unit: 'ms', tags: ['table'], boundaries: [10, 100] }),
          sum('batched.cache.miss.count', { unit: '{miss}' }),
          sum('queue.depth.change', { event: 'queue.moved', measurement: 'delta', monotonic: false }),
          lastValue('pool.size', { event: 'pool.status', measurement: 'idle', unit: '{connection}' }),
        ],
      },
      warnings: false,
    });
    const t = telemetry;
    for (const duration of [5, 50, 500]) t.execute('db.query', { duration }, { table: 'orders' });
    t.execute('db.query', { duration: 7 }, { table: 'users' });
    for (let i = 0; i < 3; i++) t.emitBatched('cache.miss', 1, { batchKey: 'users' });
    t.execute('queue.moved', { delta: 5 });
    t.execute('queue.moved', { delta: -2 });
    t.execute('pool.status', { idle: 4 });
    t.execute('pool.status', { idle: 6 });
    expect(t.health().metrics.exported).toBe(0);

    // The interval runs on the instance's clock: the batch flushes at 1 s, the metrics go at 10 s.
    clock.advance(10_000);
    const [request] = await receiver.waitForRequests(1, 5000, '/v1/metrics');
    expect(request?.contentType).toContain(contentType);
    await waitFor(() => t.health().metrics.exported > 0, { message: 'the metric export answered' });

    const metrics = latestMetrics(receiver);
    expect(metrics.map((metric) => metric.name).sort()).toEqual([
      'batched.cache.miss.count',
      'db.query.count',
      'db.query.duration',
      'pool.size',
      'queue.depth.change',
    ]);
    const queries = metricNamed(metrics, 'db.query.count');
    expect(queries).toMatchObject({ kind: 'sum', monotonic: true, temporality: 2, description: 'queries run', unit: '' });
    expect(pointsOf(queries)).toEqual([
      { attributes: { table: 'orders' }, value: 3 },
      { attributes: { table: 'users' }, value: 1 },
    ]);
    const durations = metricNamed(metrics, 'db.query.duration');
    expect(durations).toMatchObject({ kind: 'histogram', unit: 'ms', temporality: 2 });
    expect(pointsOf(durations)).toEqual([
      { attributes: { table: 'orders' }, value: { count: 3, sum: 555, min: 5, max: 500, bucketCounts: [1, 1, 1], explicitBounds: [10, 100] } },
      { attributes: { table: 'users' }, value: { count: 1, sum: 7, min: 7, max: 7, bucketCounts: [1, 0, 0], explicitBounds: [10, 100] } },
    ]);
    const misses = metricNamed(metrics, 'batched.cache.miss.count');
    expect(misses).toMatchObject({ kind: 'sum', monotonic: true, unit: '{miss}' });
    expect(misses.points).toEqual([{ attributes: {}, value: 3 }]);
    const depth = metricNamed(metrics, 'queue.depth.change');
    expect(depth).toMatchObject({ kind: 'sum', monotonic: false });
    expect(depth.points).toEqual([{ attributes: {}, value: 3 }]);
    const pool = metricNamed(metrics, 'pool.size');
    expect(pool).toMatchObject({ kind: 'gauge', unit: '{connection}' });
    expect(pool.points).toEqual([{ attributes: {}, value: 6 }]);
    for (const metric of metrics) {
      expect(metric.resource).toMatchObject({ 'service.name': 'checkout' });
      expect(metric.scope.name).toBe('foundation-telemetry');
    }
    // 4 queries x 2 definitions, 1 batch, 2 queue moves, 2 pool statuses; 7 data points.
    expect(t.health().metrics).toEqual({ recorded: 13, skipped: 0, exported: 7, failed: 0 });

    // Shutdown exports once more, after the events that feed the metrics.
    t.execute('db.query', { duration: 20 }, { table: 'users' });
    t.emitBatched('cache.miss', 1, { batchKey: 'users' });
    await t.shutdown({ timeoutMs: 2000 });
    const last = latestMetrics(receiver);
    expect(receiver.requestsTo('/v1/metrics')).toHaveLength(2);
    expect(pointsOf(metricNamed(last, 'db.query.count'))).toEqual([
      { attributes: { table: 'orders' }, value: 3 },
      { attributes: { table: 'users' }, value: 2 },
    ]);
    expect(metricNamed(last, 'batched.cache.miss.count').points).toEqual([{ attributes: {}, value: 4 }]);
    expect(t.health().metrics).toEqual({ recorded: 16, skipped: 0, exported: 14, failed: 0 });
  });
});

describe.each([
  { protocol: 'http/json', exporter: 'otlp-json', contentType: 'application/json' },
  { protocol: 'http/protobuf', exporter: 'otlp-proto', contentType: 'application/x-protobuf' },
])('three signals to one collector from OTEL_EXPORTER_OTLP_ENDPOINT ($protocol)', ({ protocol, exporter, contentType }) => {
  it('sends spans, log records and metrics to /v1/traces, /v1/logs and /v1/metrics of the base, tied by trace ids', async () => {
    receiver = await startOtlpReceiver();
    vi.stubEnv('OTEL_EXPORTER_OTLP_ENDPOINT', receiver.baseUrl);
    vi.stubEnv('OTEL_EXPORTER_OTLP_PROTOCOL', protocol);
    vi.stubEnv('OTEL_EXPORTER_OTLP_HEADERS', 'x-tenant=acme');
    vi.stubEnv('OTEL_SERVICE_NAME', 'billing');
    telemetry = createTelemetry({ clock: createManualClock(), metrics: { definitions: [counter('invoice.sent.count')] }, warnings: false });
    const t = telemetry;
    expect([t.config.exporter, t.config.logs.exporter, t.config.metrics.exporter]).toEqual([exporter, exporter, exporter]);
    expect([t.config.otlp.url, t.config.logs.otlp.url, t.config.metrics.otlp.url]).toEqual([
      `${receiver.baseUrl}/v1/traces`,
      `${receiver.baseUrl}/v1/logs`,
      `${receiver.baseUrl}/v1/metrics`,
    ]);

    const sent = t.withSpan('invoice.send', (span) => {
      t.emitEvent('invoice.sent', { amount: 120 }, { invoiceId: 'i-1' });
      return { traceId: span.traceId, spanId: span.spanId };
    });
    await t.shutdown({ timeoutMs: 2000 });

    const paths = receiver.requests.map((request) => request.path).sort();
    expect(paths).toEqual(['/v1/logs', '/v1/metrics', '/v1/traces']);
    for (const request of receiver.requests) {
      expect(request.contentType, request.path).toContain(contentType);
      expect(request.headers['x-tenant'], request.path).toBe('acme');
    }
    const spans = receiver.requestsTo('/v1/traces').flatMap(decodeSpans);
    const [record] = logRecords(receiver);
    const [metric] = latestMetrics(receiver);
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({ name: 'invoice.send', traceId: sent.traceId, spanId: sent.spanId });
    expect(record).toMatchObject({ eventName: 'invoice.sent', traceId: sent.traceId, spanId: sent.spanId });
    expect(record?.attributes).toEqual({ amount: 120, invoiceId: 'i-1', log_count: 1 });
    expect(metric).toMatchObject({ name: 'invoice.sent.count', points: [{ attributes: {}, value: 1 }] });
    for (const resource of [spans[0]?.resource, record?.resource, metric?.resource]) {
      expect(resource).toMatchObject({ 'service.name': 'billing' });
    }
    const { export: spansHealth, logs, metrics } = t.health();
    expect({ spans: spansHealth.exported, logs: logs.exported, metrics: metrics.exported }).toEqual({ spans: 1, logs: 1, metrics: 1 });
  });
});
