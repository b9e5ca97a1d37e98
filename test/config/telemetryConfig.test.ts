import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTelemetry, type Telemetry } from '../../src/index.js';

const created: Telemetry[] = [];
function telemetryWith(options: Parameters<typeof createTelemetry>[0]): Telemetry {
  const telemetry = createTelemetry(options);
  created.push(telemetry);
  return telemetry;
}

afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all(created.splice(0).map((telemetry) => telemetry.shutdown({ timeoutMs: 500 })));
});

describe('createTelemetry configuration', () => {
  it('exposes the frozen effective config with its sources, and describe()', () => {
    vi.stubEnv('OTEL_BSP_MAX_QUEUE_SIZE', '1000');
    const telemetry = telemetryWith({ serviceName: 'checkout', exporter: 'memory' });
    expect(Object.isFrozen(telemetry.config)).toBe(true);
    expect(telemetry.config.serviceName).toBe('checkout');
    expect(telemetry.config.batch.maxQueueSize).toBe(1000);
    expect(telemetry.config.sources).toMatchObject({ serviceName: 'option', 'batch.maxQueueSize': 'env', 'sampler.ratio': 'default' });
    expect(telemetry.describe()).toBe(
      'foundation-telemetry service=checkout exporter=memory processor=simple sampler=parentbased(ratio=1) logs=memory metrics=none events: dedup=5000ms batch=1000ms/100',
    );
  });

  it('reads OTEL_SERVICE_NAME from process.env and lets the option win', () => {
    vi.stubEnv('OTEL_SERVICE_NAME', 'from-env');
    expect(telemetryWith({}).config.serviceName).toBe('from-env');
    expect(telemetryWith({ serviceName: 'from-option' }).config.serviceName).toBe('from-option');
  });

  it('throws the TypeError before building anything', () => {
    expect(() => createTelemetry({ sampler: { ratio: 2 } })).toThrow(
      new TypeError('createTelemetry: option "sampler.ratio" must be a number from 0 to 1, got 2'),
    );
    vi.stubEnv('OTEL_TRACES_EXPORTER', 'zipkin');
    expect(() => createTelemetry()).toThrow(/OTEL_TRACES_EXPORTER.*'zipkin'/);
  });

  it('reports export counts in health() once spans are flushed', async () => {
    const telemetry = telemetryWith({ exporter: 'memory' });
    await telemetry.withSpan('outer', () => telemetry.withSpan('inner', () => 1));
    await telemetry.flush();
    expect(telemetry.health().export).toEqual({ exported: 2, failed: 0, dropped: 0 });
    expect(telemetry.health().status).toBe('ok');
  });
});
