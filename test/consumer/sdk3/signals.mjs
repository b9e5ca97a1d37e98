// What both SDK 3 checks do with the instance, and what they require of each signal.
import assert from 'node:assert/strict';
import { MetricReader } from '@opentelemetry/sdk-metrics';
import { counter, histogram } from 'foundation-telemetry';

/** A metric reader that exports nothing: the check reads the values with `collect()`. */
export class CollectingReader extends MetricReader {
  onForceFlush() {
    return Promise.resolve();
  }
  onShutdown() {
    return Promise.resolve();
  }
}

/**
 * Two requests, each a `withSpan` tree (with a span of the SDK's own tracer inside, as an
 * instrumentation would make) emitting events; then the exported spans, log records and
 * metric points are checked against what the instance counted.
 */
export async function exerciseAllSignals({ label, options, createTelemetry, tracer, spans, logRecords, collect }) {
  const telemetry = createTelemetry({
    serviceName: 'sdk3-consumer',
    ...options,
    logs: { events: 'emitted' },
    metrics: { definitions: [counter('order.placed.count', { tags: ['tier'] }), histogram('span.stop.duration', { unit: 'ms', tags: ['name'] })] },
    warnings: false,
  });
  const requests = await Promise.all(
    ['gold', 'silver'].map((tier) =>
      telemetry.withSpan('checkout.request', { tier }, async (request) => {
        const charge = await telemetry.withSpan('checkout.charge', async (span) => {
          await new Promise((resolve) => setImmediate(resolve));
          tracer().startActiveSpan('db.query', (db) => db.end());
          telemetry.emitEvent('order.placed', { cents: 990 }, { tier, severity: 'warn' });
          return span;
        });
        return { request, charge };
      }),
    ),
  );
  await telemetry.shutdown();

  const finished = spans();
  const byId = new Map(finished.map((span) => [span.spanContext().spanId, span]));
  for (const { request, charge } of requests) {
    const chargeSpan = byId.get(charge.spanId);
    assert.ok(byId.get(request.spanId), `${label}: the request span ${request.spanId} was exported`);
    assert.ok(chargeSpan, `${label}: the charge span ${charge.spanId} was exported`);
    assert.equal(chargeSpan.parentSpanContext?.spanId, request.spanId, `${label}: checkout.charge is a child of its request`);
    assert.equal(chargeSpan.spanContext().traceId, request.traceId, `${label}: one trace per request`);
    const db = finished.find((span) => span.name === 'db.query' && span.parentSpanContext?.spanId === charge.spanId);
    assert.ok(db, `${label}: the SDK tracer's span is a child of checkout.charge`);
  }
  assert.notEqual(requests[0].request.traceId, requests[1].request.traceId, `${label}: concurrent requests are separate traces`);
  const health = telemetry.health();
  assert.deepEqual(
    { started: health.spans.started, ended: health.spans.ended, open: health.spans.open },
    { started: 4, ended: 4, open: 0 },
    `${label}: the instance counted its 4 spans`,
  );
  assert.equal(finished.length, 6, `${label}: 4 spans of the instance and 2 of the SDK tracer were exported, got ${finished.length}`);

  const records = logRecords().filter((record) => record.eventName === 'order.placed');
  assert.equal(records.length, 2, `${label}: one log record per emitted event, got ${records.length}`);
  for (const { charge } of requests) {
    const record = records.find((candidate) => candidate.spanContext?.spanId === charge.spanId);
    assert.ok(record, `${label}: a log record carries the span ${charge.spanId} that emitted it`);
    assert.equal(record.severityText, 'warn');
    assert.equal(record.attributes.log_count, 1);
  }

  const { resourceMetrics, errors } = await collect();
  assert.deepEqual(errors, [], `${label}: collecting metrics raised no error`);
  const metrics = resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics);
  const placed = metrics.find((metric) => metric.descriptor.name === 'order.placed.count');
  assert.ok(placed, `${label}: the counter order.placed.count was recorded`);
  const tiers = Object.fromEntries(placed.dataPoints.map((point) => [point.attributes.tier, point.value]));
  assert.deepEqual(tiers, { gold: 1, silver: 1 }, `${label}: one order per tier`);
  const durations = metrics.find((metric) => metric.descriptor.name === 'span.stop.duration');
  const spanStops = durations?.dataPoints.reduce((total, point) => total + point.value.count, 0);
  assert.equal(spanStops, 4, `${label}: the histogram over span.stop saw the 4 spans, got ${spanStops}`);

  console.log(
    `${label}: ${finished.length} spans exported (4 of the instance, ${health.spans.ended} counted ended), ` +
      `${records.length} log records with their span ids, order.placed.count ${JSON.stringify(tiers)}, span.stop.duration count ${spanStops}`,
  );
}
