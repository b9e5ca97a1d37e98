import { afterEach, describe, expect, it, vi } from 'vitest';
import { propagation, trace, type ProxyTracerProvider } from '@opentelemetry/api';
import { counter, createTelemetry, type Telemetry, type TelemetryOptions } from '../../src/index.js';

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
      'foundation-telemetry service=checkout exporter=memory processor=simple sampler=parentbased_always_on logs=memory metrics=none events: dedup=5000ms batch=1000ms/100',
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
  });

  it.each([
    ['an option', { sampler: { ratio: 2 } }, /option "sampler.ratio"/],
    ['a metric definition', { metrics: { exporter: 'memory', definitions: [counter('login.count', { tags: ['password'] })] } }, /metrics.definitions\[0\]/],
  ] as const)('refuses %s before it builds a pipeline, starts a timer or registers a global', (_what, invalid, message) => {
    const proxy = trace.getTracerProvider() as ProxyTracerProvider;
    const before = { delegate: proxy.getDelegate(), propagatorFields: propagation.fields(), beforeExit: process.listenerCount('beforeExit') };
    const timers: number[] = [];
    const clock = {
      now: () => 0,
      setInterval: (_callback: () => void, ms: number) => timers.push(ms),
      clearInterval: () => undefined,
    };
    const exporter = { export: vi.fn(), shutdown: vi.fn(async () => undefined) };
    expect(() => createTelemetry({ registerGlobal: true, exporter, clock, ...invalid } as TelemetryOptions)).toThrow(message);
    expect(timers, 'timers started by the refused instance').toEqual([]);
    expect(proxy.getDelegate()).toBe(before.delegate);
    expect(propagation.fields()).toEqual(before.propagatorFields);
    expect(process.listenerCount('beforeExit')).toBe(before.beforeExit);
    // The same options, made valid, do all three: what was checked above can be seen.
    const valid = telemetryWith({ registerGlobal: true, exporter, clock, metrics: { exporter: 'memory', definitions: [counter('login.count')] } });
    expect(timers.length).toBeGreaterThan(0);
    expect(proxy.getDelegate()).not.toBe(before.delegate);
    expect(propagation.fields()).not.toEqual(before.propagatorFields);
    expect(process.listenerCount('beforeExit')).toBe(before.beforeExit + 1);
    return valid.shutdown();
  });

  it('reports export counts in health() once spans are flushed', async () => {
    const telemetry = telemetryWith({ exporter: 'memory' });
    await telemetry.withSpan('outer', () => telemetry.withSpan('inner', () => 1));
    await telemetry.flush();
    expect(telemetry.health().export).toEqual({ exported: 2, failed: 0, dropped: 0 });
    expect(telemetry.health().status).toBe('ok');
  });
});
