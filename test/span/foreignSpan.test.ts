import { context, trace } from '@opentelemetry/api';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { createTestTelemetry, KeepingSpanExporter } from '../../src/testing/index.js';

describe('activeSpan() on a span another instrumentation started', () => {
  it('returns a handle on it that redacts secret attributes like our own spans', async () => {
    const t = createTestTelemetry();
    const exporter = new KeepingSpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const foreign = provider.getTracer('other-instrumentation').startSpan('http.request');
    context.with(trace.setSpan(context.active(), foreign), () => {
      const handle = t.activeSpan();
      expect(handle?.otelSpan).toBe(foreign);
      handle?.setAttribute('db.password', 'hunter2').setAttributes({ 'user.token': 't-1', route: '/pay' });
    });
    foreign.end();
    expect(exporter.spans()[0]?.attributes).toEqual({ 'db.password': '[REDACTED]', 'user.token': '[REDACTED]', route: '/pay' });
    await Promise.all([t.shutdown(), provider.shutdown()]);
  });
});
