import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTelemetry, type Telemetry } from '../../src/index.js';
import { decodeSpans, type DecodedSpan } from './support/otlpDecode.js';
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

/** Lets CI decode one real protobuf body with an independent decoder (`protoc --decode`). */
function captureProtobuf(request: CapturedRequest): void {
  const file = process.env.OTLP_CAPTURE_FILE;
  if (file && request.contentType.includes('application/x-protobuf')) writeFileSync(file, request.body);
}

/** Runs a small request with a nested span; returns the span ids the application saw. */
async function checkoutRequest(t: Telemetry): Promise<{ total: number; traceId: string; parentId: string; childId: string }> {
  return t.withSpan('checkout.request', { 'http.route': '/pay' }, async (parent) => {
    const { total, childId } = await t.withSpan('checkout.charge', { 'order.items': 3, 'payment.captured': true }, async (child) => {
      await Promise.resolve();
      return { total: 42, childId: child.spanId };
    });
    return { total, traceId: parent.traceId, parentId: parent.spanId, childId };
  });
}

function spanNamed(spans: DecodedSpan[], name: string): DecodedSpan {
  const span = spans.find((candidate) => candidate.name === name);
  if (!span) throw new Error(`no span ${name} in ${spans.map((s) => s.name).join(', ')}`);
  return span;
}

describe.each([
  // 'otlp' sends protobuf, as the specification and the NodeSDK default to.
  { exporter: 'otlp' as const, contentType: 'application/x-protobuf' },
  { exporter: 'otlp-proto' as const, contentType: 'application/x-protobuf' },
  { exporter: 'otlp-json' as const, contentType: 'application/json' },
])("OTLP export with exporter '$exporter'", ({ exporter, contentType }) => {
  it('delivers nested spans with ids, attributes and service.name to a real HTTP receiver', async () => {
    receiver = await startOtlpReceiver();
    telemetry = createTelemetry({
      serviceName: 'checkout',
      resource: { 'deployment.environment': 'e2e' },
      exporter,
      otlp: { url: receiver.tracesUrl, headers: { 'x-tenant': 'acme' } },
    });

    const seen = await checkoutRequest(telemetry);
    expect(seen.total).toBe(42);
    await telemetry.flush();

    const [request] = await receiver.waitForRequests(1);
    if (!request) throw new Error('no request');
    captureProtobuf(request);
    expect(request.path).toBe('/v1/traces');
    expect(request.contentType).toContain(contentType);
    expect(request.headers['x-tenant']).toBe('acme');

    const spans = decodeSpans(request);
    expect(spans.map((span) => span.name).sort()).toEqual(['checkout.charge', 'checkout.request']);
    const parent = spanNamed(spans, 'checkout.request');
    const child = spanNamed(spans, 'checkout.charge');
    expect(parent.spanId).toBe(seen.parentId);
    expect(parent.parentSpanId).toBe('');
    expect(child.spanId).toBe(seen.childId);
    expect(child.parentSpanId).toBe(parent.spanId);
    expect(child.traceId).toBe(seen.traceId);
    expect(parent.traceId).toBe(seen.traceId);
    expect(parent.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(parent.attributes).toMatchObject({ 'http.route': '/pay' });
    expect(child.attributes).toMatchObject({ 'order.items': 3, 'payment.captured': true });
    expect(parent.resource).toMatchObject({ 'service.name': 'checkout', 'deployment.environment': 'e2e' });
    expect(parent.scope.name).toBe('foundation-telemetry');
    expect(telemetry.health().export).toEqual({ exported: 2, failed: 0, dropped: 0 });
    expect(telemetry.health().status).toBe('ok');
  });
});

describe('OTLP export configured by the environment alone', () => {
  it('sends protobuf to OTEL_EXPORTER_OTLP_ENDPOINT/v1/traces with the env headers, service name and resource', async () => {
    receiver = await startOtlpReceiver();
    vi.stubEnv('OTEL_EXPORTER_OTLP_ENDPOINT', receiver.baseUrl);
    vi.stubEnv('OTEL_EXPORTER_OTLP_PROTOCOL', 'http/protobuf');
    vi.stubEnv('OTEL_EXPORTER_OTLP_HEADERS', 'authorization=Bearer%20abc');
    vi.stubEnv('OTEL_SERVICE_NAME', 'billing');
    vi.stubEnv('OTEL_RESOURCE_ATTRIBUTES', 'team=payments');
    telemetry = createTelemetry();
    expect(telemetry.config.exporter).toBe('otlp-proto');
    expect(telemetry.config.sources.exporter).toBe('env');

    const seen = await checkoutRequest(telemetry);
    await telemetry.shutdown({ timeoutMs: 2000 });

    const [request] = await receiver.waitForRequests(1);
    if (!request) throw new Error('no request');
    captureProtobuf(request);
    expect(request.path).toBe('/v1/traces');
    expect(request.headers.authorization).toBe('Bearer abc');
    const spans = decodeSpans(request);
    expect(spanNamed(spans, 'checkout.charge').parentSpanId).toBe(seen.parentId);
    expect(spanNamed(spans, 'checkout.request').resource).toMatchObject({ 'service.name': 'billing', team: 'payments' });
    expect(telemetry.health().export.exported).toBe(2);
  });
});
