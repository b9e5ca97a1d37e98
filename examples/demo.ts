/**
 * A small checkout service on a loopback port: three concurrent requests, served through
 * `telemetry.http.handler`, each with a server span, nested spans, request context, a
 * deduplicated warning and batched metrics. Run with `npm run demo`.
 *
 * Spans, log records (the events) and metrics (defined over the events) go through the
 * OpenTelemetry SDK's in-memory exporters, and the demo prints what they received: a span
 * tree per request, the log records and the metric values. `npm run demo -- --raw` uses
 * the console exporters instead and shows their output as OpenTelemetry prints it; with
 * OTEL_EXPORTER_OTLP_ENDPOINT set, everything goes to that collector over OTLP.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { InMemoryLogRecordExporter } from '@opentelemetry/sdk-logs';
import { AggregationTemporality, InMemoryMetricExporter } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { counter, createTelemetry, errorContextOf, histogram, sum } from '../src/index.js';

const raw = process.argv.includes('--raw');
const sendsOtlp = Boolean(process.env.OTEL_EXPORTER_OTLP_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
// The SDK's in-memory exporters, kept readable after shutdown (theirs would empty them).
class KeptSpans extends InMemorySpanExporter {
  override shutdown(): Promise<void> {
    return this.forceFlush();
  }
}
class KeptLogRecords extends InMemoryLogRecordExporter {
  override shutdown(): Promise<void> {
    return this.forceFlush();
  }
}
const memory =
  raw || sendsOtlp
    ? undefined
    : { spans: new KeptSpans(), logs: new KeptLogRecords(), metrics: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE) };

const telemetry = createTelemetry({
  serviceName: 'demo-checkout',
  // Without an explicit exporter, the OTLP endpoint in the environment selects 'otlp'.
  exporter: memory?.spans ?? (raw ? 'console' : undefined),
  // Give up on an unreachable collector before shutdown's 5 s budget ends, so the counts below say so.
  otlp: { timeoutMs: 3000 },
  spanProcessor: 'simple',
  events: { dedupWindowMs: 60_000, batchIntervalMs: 200 },
  logs: memory ? { exporter: memory.logs, processor: 'simple' } : {},
  // Metrics over the events: counted, summed and timed as the events are executed.
  metrics: {
    exporter: memory?.metrics,
    definitions: [
      counter('inventory.low.count', { tags: ['sku'] }),
      sum('batched.cart.item.cents', { unit: 'cents' }),
      histogram('span.stop.duration', { unit: 'ms', tags: ['name'] }),
    ],
  },
});

// The events as they happen, one line each.
telemetry.attach('demo.warnings', ['inventory', 'low'], (_event, _measurements, metadata) => {
  console.log(`  event  inventory.low sku=${String(metadata.sku)} (${String(metadata.requestId)})`);
});
telemetry.attach('demo.suppressed', ['suppressed', 'inventory', 'low'], (_event, measurements, metadata) => {
  console.log(`  event  suppressed.inventory.low: ${measurements.count} more for ${String(metadata.dedupKey)} within the dedup window`);
});
telemetry.attach('demo.batches', ['batched', 'cart', 'item'], (_event, measurements, metadata) => {
  console.log(`  event  batched.cart.item: ${measurements.count} items, ${measurements.cents} cents in one batch (${String(metadata.reason)})`);
});

// Which request each trace belongs to, and the bus's own view of each span, for the trees.
const requestOfTrace = new Map<string, string>();
interface SpanSeen { name: string; spanId: string; parentSpanId: unknown; traceId: string; duration: number; failed: boolean }
const spansSeen: SpanSeen[] = [];
telemetry.attach('demo.spans', [['span', 'stop'], ['span', 'exception']], (event, measurements, metadata) => {
  const { name, spanId, parentSpanId, traceId } = metadata;
  spansSeen.push({ name: String(name), spanId: String(spanId), parentSpanId, traceId: String(traceId), duration: measurements.duration ?? 0, failed: event[1] === 'exception' });
});

const checkout = telemetry.traced('checkout.handle', async (items: number) => {
  const requestId = String(telemetry.getContext().requestId);
  requestOfTrace.set(telemetry.currentTraceId() ?? '', requestId);
  await telemetry.withSpan('cart.load', { 'cart.items': items }, async () => {
    for (let i = 0; i < items; i += 1) telemetry.emitBatched('cart.item', { cents: 250 * (i + 1) });
    await delay(5 + items);
  });
  await telemetry.withSpan('inventory.reserve', async (span) => {
    span.setAttribute('inventory.sku', 'sku-42');
    telemetry.emitEvent('inventory.low', { remaining: 3 }, { dedupKey: 'sku-42', sku: 'sku-42', requestId, severity: 'warn' });
    await delay(3);
  });
  return telemetry.withSpan('payment.charge', { 'payment.amount': items * 250 }, async () => {
    await delay(4);
    if (items > 3) throw new Error('card declined');
    return `receipt-${requestId}`;
  });
});

// Each request runs in a server span ("POST") with a request scope holding the x-request-id.
const server = http.createServer(
  telemetry.http.handler(async (req, res) => {
    const items = Number(new URL(req.url ?? '/', 'http://localhost').searchParams.get('items'));
    try {
      res.end(await checkout(items));
    } catch (error) {
      const context = errorContextOf(error);
      res.statusCode = 502;
      res.end(`${error instanceof Error ? error.message : String(error)} (error context: spanPath ${context?.spanPath?.join(' > ')})`);
    }
  }),
);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

console.log(telemetry.describe());
if (raw) console.log('\nWhat the console exporters print, as OpenTelemetry writes it (children end before their parents):\n');
console.log('\nThree concurrent orders (req-2 has 5 items: its card is declined):');

const order = (requestId: string, items: number) =>
  fetch(`${base}/checkout?items=${items}`, { method: 'POST', headers: { 'x-request-id': requestId } });
const responses = await Promise.all([order('req-1', 2), order('req-2', 5), order('req-3', 1)]);
const answers = await Promise.all(responses.map(async (response) => `${response.status} ${await response.text()}`));

// Graceful shutdown: close the server (open requests finish), then export what is left.
await new Promise((resolve) => server.close(resolve));
await telemetry.shutdown();

console.log('\nOne trace per request, as the spans ended (span tree, duration, outcome):');
['req-1', 'req-2', 'req-3'].forEach((requestId, index) => {
  const traceId = [...requestOfTrace].find(([, id]) => id === requestId)?.[0] ?? '';
  console.log(`\n${requestId}  → ${answers[index]}\n  trace ${traceId}`);
  printTree(spansSeen.filter((span) => span.traceId === traceId), undefined, 2);
});

function printTree(spans: SpanSeen[], parentSpanId: unknown, depth: number): void {
  const ids = new Set(spans.map((span) => span.spanId));
  const children = spans.filter((span) => (parentSpanId === undefined ? !ids.has(String(span.parentSpanId)) : span.parentSpanId === parentSpanId));
  for (const span of children) {
    console.log(`${'  '.repeat(depth)}${span.name}  ${span.duration.toFixed(1)} ms${span.failed ? '  ✗ error' : ''}`);
    printTree(spans, span.spanId, depth + 1);
  }
}

const health = telemetry.health();
console.log(`\nhealth: spans ${JSON.stringify(health.spans)}`);
if (memory) {
  console.log('\nWhat the OpenTelemetry SDK exporters received (run with --raw for the console exporters):');
  printExported(memory.spans.getFinishedSpans(), memory.logs, memory.metrics);
} else {
  // With OTLP, this says whether the collector took everything: `failed` counts what it refused or never answered.
  console.log(`exported: spans ${JSON.stringify(health.export)}, log records ${JSON.stringify(health.logs)}, metrics ${JSON.stringify(health.metrics)}`);
}

function printExported(spans: ReadableSpan[], logs: InMemoryLogRecordExporter, metrics: InMemoryMetricExporter): void {
  const traces = new Set(spans.map((span) => span.spanContext().traceId));
  console.log(`  spans        ${spans.length} in ${traces.size} traces (health: ${health.export.exported} exported, ${health.export.failed} failed)`);
  const records = logs.getFinishedLogRecords();
  console.log(`  log records  ${records.length} (health: ${health.logs.exported} exported)`);
  for (const { attributes, severityText, eventName, spanContext } of records) {
    const count = String(attributes.log_count);
    const what =
      attributes['dedup.key'] !== undefined
        ? `summary: ${count} occurrences suppressed (dedup.key ${String(attributes['dedup.key'])})`
        : attributes['batch.key'] !== undefined
          ? `batch: ${count} occurrences (${String(attributes['batch.reason'])})`
          : `occurrence in ${spanContext ? requestOfTrace.get(spanContext.traceId) : '?'}, span ${spanContext?.spanId}`;
    console.log(`    ${String(severityText).padEnd(5)} ${eventName}  log_count=${count}  ${what}`);
  }
  const latest = metrics.getMetrics().at(-1);
  const exported = latest?.scopeMetrics.flatMap((scope) => scope.metrics) ?? [];
  console.log(`  metrics      ${exported.length} (health: ${health.metrics.exported} data points exported)`);
  for (const metric of exported) {
    const points = metric.dataPoints.map((point) => {
      const value = typeof point.value === 'number' ? point.value : `count ${point.value.count}`;
      const tags = Object.values(point.attributes).join(',');
      return tags ? `${tags}: ${value}` : String(value);
    });
    console.log(`    ${metric.descriptor.name}  ${points.join('; ')}`);
  }
}
