/**
 * A small checkout service on a loopback port: three concurrent requests, served through
 * `telemetry.http.handler`, each with a server span, nested spans, request context, a
 * deduplicated warning and batched metrics. Spans, log records (the events)
 * and metrics (defined over the events) go to the console exporters, or over OTLP when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set. Run with `npm run demo`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { counter, createTelemetry, histogram, sum } from '../src/index.js';

const sendsOtlp = Boolean(process.env.OTEL_EXPORTER_OTLP_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);

const telemetry = createTelemetry({
  serviceName: 'demo-checkout',
  // Without an explicit exporter, the OTLP endpoint in the environment selects 'otlp'.
  exporter: sendsOtlp ? undefined : 'console',
  // Give up on an unreachable collector before shutdown's 5 s budget ends, so the counts below say so.
  otlp: { timeoutMs: 3000 },
  spanProcessor: 'simple',
  events: { dedupWindowMs: 60_000, batchIntervalMs: 200 },
  // Metrics over the events: counted, summed and timed as the events are executed.
  metrics: {
    definitions: [
      counter('inventory.low.count', { tags: ['sku'] }),
      sum('batched.cart.item.cents', { unit: 'cents' }),
      histogram('span.stop.duration', { unit: 'ms', tags: ['name'] }),
    ],
  },
});

// A compact view of the span tree, built from the span events on the bus.
interface FinishedSpan { name: string; spanId: unknown; parentSpanId: unknown; duration: number; failed: boolean }
const finished: FinishedSpan[] = [];
telemetry.attach('demo.span-log', [['span', 'stop'], ['span', 'exception']], (event, measurements, metadata) => {
  const { name, spanId, parentSpanId } = metadata;
  finished.push({ name: String(name), spanId, parentSpanId, duration: measurements.duration ?? 0, failed: event[1] === 'exception' });
});
telemetry.attach('demo.warnings', ['inventory', 'low'], (_event, _measurements, metadata) => {
  console.log(`[event] inventory.low sku=${String(metadata.sku)}${metadata.suppressed ? ` (+${String(metadata.suppressed)} suppressed)` : ''}`);
});
telemetry.attach('demo.suppressed', ['suppressed', 'inventory', 'low'], (_event, measurements, metadata) => {
  console.log(`[event] suppressed inventory.low: ${measurements.count} repeats of ${String(metadata.dedupKey)}`);
});
telemetry.attach('demo.metrics', ['batched', 'cart', 'item'], (_event, measurements, metadata) => {
  console.log(`[event] batched cart.item: ${measurements.count} items, ${measurements.cents} cents (${String(metadata.reason)})`);
});

const checkout = telemetry.traced('checkout.handle', async (items: number) => {
  await telemetry.withSpan('cart.load', { 'cart.items': items }, async () => {
    for (let i = 0; i < items; i += 1) telemetry.emitBatched('cart.item', { cents: 250 * (i + 1) });
    await delay(5 + items);
  });
  await telemetry.withSpan('inventory.reserve', async (span) => {
    span.setAttribute('inventory.sku', 'sku-42');
    telemetry.emitEvent('inventory.low', { remaining: 3 }, { dedupKey: 'sku-42', sku: 'sku-42' });
    await delay(3);
  });
  return telemetry.withSpan('payment.charge', { 'payment.amount': items * 250 }, async () => {
    await delay(4);
    if (items > 3) throw new Error('card declined');
    return `receipt-${String(telemetry.getContext().requestId)}`;
  });
});

// Each request runs in a server span ("POST") with a request scope holding the x-request-id.
const server = http.createServer(
  telemetry.http.handler(async (req, res) => {
    const items = Number(new URL(req.url ?? '/', 'http://localhost').searchParams.get('items'));
    try {
      res.end(await checkout(items));
    } catch (error) {
      const { message, context } = error as Error & { context?: Record<string, unknown> };
      res.statusCode = 502;
      res.end(`failed: ${message} context=${JSON.stringify({ requestId: context?.requestId, spanPath: context?.spanPath })}`);
    }
  }),
);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

console.log(telemetry.describe());
console.log(
  sendsOtlp
    ? `Sending spans over OTLP to ${telemetry.config.otlp.url ?? '?'}; the span tree and export counts follow at the end.\n`
    : 'Each finished span, as the console exporter prints it (children end before their parents; parentSpanContext points to the parent):\n',
);

const order = (requestId: string, items: number) =>
  fetch(`${base}/checkout?items=${items}`, { method: 'POST', headers: { 'x-request-id': requestId } });
const responses = await Promise.all([order('req-1', 2), order('req-2', 5), order('req-3', 1)]);
for (const response of responses) console.log(`[app] ${response.status} ${await response.text()}`);

// Graceful shutdown: close the server (open requests finish), then export what is left.
await new Promise((resolve) => server.close(resolve));
await telemetry.shutdown();

function printTree(spans: FinishedSpan[], depth: number): void {
  for (const span of spans) {
    console.log(`${'  '.repeat(depth)}${span.name}  ${span.duration.toFixed(1)} ms${span.failed ? '  (error)' : ''}`);
    printTree(finished.filter((child) => child.parentSpanId === span.spanId), depth + 1);
  }
}
const spanIds = new Set(finished.map((span) => span.spanId));
console.log('\nSpan tree (three concurrent requests, each a trace of its own under its server span):');
printTree(finished.filter((span) => !spanIds.has(span.parentSpanId)), 1);
const health = telemetry.health();
console.log(`\nspans: ${JSON.stringify(health.spans)}`);
// With OTLP, this says whether the collector took the spans: `failed` counts what it refused or never answered.
console.log(`export: ${JSON.stringify(health.export)}`);
// Every emitted event, summary and batch became a log record; the metric definitions recorded what they saw.
console.log(`logs: ${JSON.stringify(health.logs)}`);
console.log(`metrics: ${JSON.stringify(health.metrics)}`);
