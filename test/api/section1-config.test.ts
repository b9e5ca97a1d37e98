import { context, propagation, trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTelemetry, type Telemetry, type TelemetryOptions } from '../../src/index.js';
import { createManualClock } from '../../src/testing/index.js';

const OTEL_VARIABLES = [
  'OTEL_SERVICE_NAME',
  'OTEL_RESOURCE_ATTRIBUTES',
  'OTEL_TRACES_EXPORTER',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
  'OTEL_EXPORTER_OTLP_PROTOCOL',
  'OTEL_EXPORTER_OTLP_HEADERS',
  'OTEL_TRACES_SAMPLER',
  'OTEL_TRACES_SAMPLER_ARG',
  'OTEL_BSP_SCHEDULE_DELAY',
  'OTEL_BSP_MAX_QUEUE_SIZE',
  'OTEL_BSP_MAX_EXPORT_BATCH_SIZE',
  'OTEL_BSP_EXPORT_TIMEOUT',
];

const created: Telemetry[] = [];
function make(options?: TelemetryOptions): Telemetry {
  const telemetry = createTelemetry(options);
  created.push(telemetry);
  return telemetry;
}

beforeEach(() => {
  for (const name of OTEL_VARIABLES) vi.stubEnv(name, undefined);
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all(created.splice(0).map((telemetry) => telemetry.shutdown({ timeoutMs: 200 })));
});

function deepFrozen(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (!Object.isFrozen(value)) return false;
  return Object.values(value).every(deepFrozen);
}

describe('§1 createTelemetry(options?) defaults', () => {
  it('works with no options at all and applies every documented default', () => {
    const { config } = make();
    expect(config.serviceName).toBe('unknown_service:node');
    expect(config.exporter).toBe('none');
    expect(config.spanProcessor).toBe('batch');
    expect(config.sampler).toEqual({ ratio: 1, parentBased: true });
    expect(config.registerGlobal).toBe(false);
    expect(config.events).toEqual({
      dedupWindowMs: 5000,
      batchIntervalMs: 1000,
      maxBatchSize: 100,
      maxDedupKeys: 10000,
      maxBatchKeys: 10000,
      sampling: {},
    });
    expect(config.errorContext).toMatchObject({ maxValueLength: 1024, maxKeys: 64, maxBreadcrumbs: 50, propagateKeys: [] });
    const redact = config.errorContext.redact.map(String);
    for (const key of ['password', 'passwd', 'secret', 'token', 'authorization', 'cookie', 'api key']) {
      expect(redact).toContain(key);
    }
  });

  it('uses the OpenTelemetry batch processor defaults', () => {
    expect(make().config.batch).toEqual({ scheduledDelayMs: 5000, maxQueueSize: 2048, maxExportBatchSize: 512, exportTimeoutMs: 30000 });
  });

  it("defaults spanProcessor to 'simple' for the 'memory' exporter", () => {
    expect(make({ exporter: 'memory' }).config.spanProcessor).toBe('simple');
    expect(make({ exporter: 'memory', spanProcessor: 'batch' }).config.spanProcessor).toBe('batch');
  });

  it('accepts every exporter name and any SpanExporter object', () => {
    for (const exporter of ['console', 'otlp', 'otlp-proto', 'memory', 'none'] as const) {
      expect(make({ exporter }).config.exporter).toBe(exporter);
    }
    const custom = new InMemorySpanExporter();
    const telemetry = make({ exporter: custom, spanProcessor: 'simple' });
    telemetry.withSpan('custom.export', () => undefined);
    expect(custom.getFinishedSpans().map((span) => span.name)).toEqual(['custom.export']);
  });

  it('puts serviceName in service.name and adds the resource attributes to the exported resource', () => {
    const exporter = new InMemorySpanExporter();
    const telemetry = make({ serviceName: 'checkout', resource: { 'deployment.environment': 'test' }, exporter, spanProcessor: 'simple' });
    expect(telemetry.config.resource).toMatchObject({ 'deployment.environment': 'test' });
    telemetry.withSpan('resource.check', () => undefined);
    expect(exporter.getFinishedSpans()[0]?.resource.attributes).toMatchObject({
      'service.name': 'checkout',
      'deployment.environment': 'test',
    });
    const unnamed = new InMemorySpanExporter();
    make({ exporter: unnamed, spanProcessor: 'simple' }).withSpan('resource.default', () => undefined);
    expect(unnamed.getFinishedSpans()[0]?.resource.attributes['service.name']).toBe('unknown_service:node');
  });

  it('takes otlp, batch and sampler options as given', () => {
    const { config } = make({
      exporter: 'otlp',
      otlp: { url: 'http://collector:4318/v1/traces', headers: { 'x-api-key': 'k' }, timeoutMs: 1234 },
      batch: { scheduledDelayMs: 10, maxQueueSize: 20, maxExportBatchSize: 5, exportTimeoutMs: 30 },
      sampler: { ratio: 0.25, parentBased: false },
    });
    expect(config.otlp).toEqual({ url: 'http://collector:4318/v1/traces', headers: { 'x-api-key': 'k' }, timeoutMs: 1234 });
    expect(config.batch).toEqual({ scheduledDelayMs: 10, maxQueueSize: 20, maxExportBatchSize: 5, exportTimeoutMs: 30 });
    expect(config.sampler).toEqual({ ratio: 0.25, parentBased: false });
  });

  it('uses an existing tracerProvider instead of building one', async () => {
    const { BasicTracerProvider, SimpleSpanProcessor } = await import('@opentelemetry/sdk-trace-base');
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const telemetry = make({ tracerProvider: provider });
    telemetry.withSpan('from.provider', () => undefined);
    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual(['from.provider']);
  });

  it('uses the given clock for event timestamps', () => {
    const clock = createManualClock(1_000_000);
    const telemetry = make({ clock });
    const seen: unknown[] = [];
    telemetry.attach('clock', ['suppressed', 'clock', 'tick'], (_e, _m, metadata) => seen.push(metadata));
    telemetry.emitEvent('clock.tick', {}, { dedupKey: 'k' });
    clock.advance(10);
    telemetry.emitEvent('clock.tick', {}, { dedupKey: 'k' });
    clock.advance(6000);
    void telemetry.flush();
    expect(seen).toEqual([{ dedupKey: 'k', firstAt: 1_000_010, lastAt: 1_000_010 }]);
  });
});

describe('§1 environment', () => {
  it('reads OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES; explicit options win', () => {
    vi.stubEnv('OTEL_SERVICE_NAME', 'from-env');
    vi.stubEnv('OTEL_RESOURCE_ATTRIBUTES', 'team=payments,region=eu');
    const fromEnv = make();
    expect(fromEnv.config.serviceName).toBe('from-env');
    expect(fromEnv.config.sources.serviceName).toBe('env');
    expect(fromEnv.config.resource).toMatchObject({ team: 'payments', region: 'eu' });
    const fromOption = make({ serviceName: 'from-option' });
    expect(fromOption.config.serviceName).toBe('from-option');
    expect(fromOption.config.sources.serviceName).toBe('option');
  });

  it('reads the environment once, at creation', () => {
    vi.stubEnv('OTEL_SERVICE_NAME', 'first');
    const telemetry = make();
    vi.stubEnv('OTEL_SERVICE_NAME', 'second');
    expect(telemetry.config.serviceName).toBe('first');
  });

  it('reads OTEL_TRACES_EXPORTER (otlp, console, none)', () => {
    for (const name of ['otlp', 'console', 'none'] as const) {
      vi.stubEnv('OTEL_TRACES_EXPORTER', name);
      const { config } = make();
      expect(config.exporter).toBe(name);
      expect(config.sources.exporter).toBe('env');
    }
    vi.stubEnv('OTEL_TRACES_EXPORTER', 'console');
    expect(make({ exporter: 'none' }).config.exporter).toBe('none');
  });

  it("picks 'otlp' when no exporter is named but an OTLP endpoint is set", () => {
    vi.stubEnv('OTEL_EXPORTER_OTLP_ENDPOINT', 'http://collector:4318');
    const base = make().config;
    expect(base.exporter).toBe('otlp');
    expect(base.otlp.url).toBe('http://collector:4318/v1/traces');
    vi.stubEnv('OTEL_EXPORTER_OTLP_ENDPOINT', undefined);
    vi.stubEnv('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'http://traces:4318/custom');
    const traces = make().config;
    expect(traces.exporter).toBe('otlp');
    expect(traces.otlp.url).toBe('http://traces:4318/custom');
  });

  it('maps OTEL_EXPORTER_OTLP_PROTOCOL http/protobuf to otlp-proto, http/json to otlp-json, and reads the headers', () => {
    vi.stubEnv('OTEL_EXPORTER_OTLP_PROTOCOL', 'http/protobuf');
    vi.stubEnv('OTEL_EXPORTER_OTLP_HEADERS', 'x-api-key=abc,x-team=pay');
    vi.stubEnv('OTEL_EXPORTER_OTLP_ENDPOINT', 'http://collector:4318');
    const { config } = make();
    expect(config.exporter).toBe('otlp-proto');
    expect(config.otlp.headers).toEqual({ 'x-api-key': 'abc', 'x-team': 'pay' });
    vi.stubEnv('OTEL_EXPORTER_OTLP_PROTOCOL', 'http/json');
    expect(make().config.exporter).toBe('otlp-json');
  });

  it('reads OTEL_TRACES_SAMPLER and OTEL_TRACES_SAMPLER_ARG', () => {
    vi.stubEnv('OTEL_TRACES_SAMPLER', 'traceidratio');
    vi.stubEnv('OTEL_TRACES_SAMPLER_ARG', '0.5');
    expect(make().config.sampler).toEqual({ ratio: 0.5, parentBased: false });
    vi.stubEnv('OTEL_TRACES_SAMPLER', 'parentbased_traceidratio');
    vi.stubEnv('OTEL_TRACES_SAMPLER_ARG', '0.2');
    expect(make().config.sampler).toEqual({ ratio: 0.2, parentBased: true });
    expect(make({ sampler: { ratio: 0.9 } }).config.sampler.ratio).toBe(0.9);
  });

  it('reads OTEL_BSP_*', () => {
    vi.stubEnv('OTEL_BSP_SCHEDULE_DELAY', '100');
    vi.stubEnv('OTEL_BSP_MAX_QUEUE_SIZE', '300');
    vi.stubEnv('OTEL_BSP_MAX_EXPORT_BATCH_SIZE', '30');
    vi.stubEnv('OTEL_BSP_EXPORT_TIMEOUT', '400');
    const { config } = make();
    expect(config.batch).toEqual({ scheduledDelayMs: 100, maxQueueSize: 300, maxExportBatchSize: 30, exportTimeoutMs: 400 });
    expect(config.sources['batch.maxQueueSize']).toBe('env');
    expect(make({ batch: { maxQueueSize: 500 } }).config.batch.maxQueueSize).toBe(500);
  });
});

describe('§1 bad options throw a TypeError naming the option, the value and what is allowed', () => {
  // [label, options, the option named, the value given, what is allowed]
  const cases: [string, TelemetryOptions, string, string, string][] = [
    ['unknown exporter name', { exporter: 'zipkin' as never }, 'exporter', 'zipkin', 'otlp-proto'],
    ['ratio above 1', { sampler: { ratio: 1.5 } }, 'sampler.ratio', '1.5', '0 to 1'],
    ['ratio below 0', { sampler: { ratio: -0.1 } }, 'sampler.ratio', '-0.1', '0 to 1'],
    ['negative duration', { events: { dedupWindowMs: -1 } }, 'dedupWindowMs', '-1', 'must be'],
    ['non-finite duration', { events: { batchIntervalMs: Number.POSITIVE_INFINITY } }, 'batchIntervalMs', 'Infinity', 'must be'],
    ['NaN duration', { batch: { scheduledDelayMs: Number.NaN } }, 'scheduledDelayMs', 'NaN', 'must be'],
    ['negative otlp timeout', { otlp: { timeoutMs: -5 } }, 'otlp.timeoutMs', '-5', 'must be'],
    ['batch size above queue size', { batch: { maxQueueSize: 10, maxExportBatchSize: 20 } }, 'maxExportBatchSize', '20', 'maxQueueSize'],
    ['non-string service name', { serviceName: 42 as never }, 'serviceName', '42', 'string'],
  ];
  it.each(cases)('%s', (_label, options, option, value, allowed) => {
    let thrown: unknown;
    try {
      createTelemetry(options);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TypeError);
    const { message } = thrown as TypeError;
    expect(message).toContain(option);
    expect(message).toContain(value);
    expect(message).toContain(allowed);
  });

  it('does not throw for a bad value read from the environment: it is ignored, with a warning naming it', () => {
    vi.stubEnv('OTEL_TRACES_EXPORTER', 'zipkin');
    const { config } = make({ warnings: false });
    expect(config.exporter).toBe('none');
    expect(config.warnings.join('\n')).toMatch(/OTEL_TRACES_EXPORTER.*otlp, console, none.*'zipkin'/);
  });
});

describe('§1 telemetry.config and describe()', () => {
  it('config is deeply frozen and records where each value came from', () => {
    vi.stubEnv('OTEL_BSP_MAX_QUEUE_SIZE', '1000');
    const { config } = make({ serviceName: 'checkout', events: { dedupWindowMs: 10 } });
    expect(deepFrozen(config)).toBe(true);
    expect(config.sources).toMatchObject({
      serviceName: 'option',
      'batch.maxQueueSize': 'env',
      'sampler.ratio': 'default',
      'events.dedupWindowMs': 'option',
      'events.batchIntervalMs': 'default',
    });
    for (const source of Object.values(config.sources)) expect(['option', 'env', 'default']).toContain(source);
    expect(() => {
      (config as { serviceName: string }).serviceName = 'changed';
    }).toThrow(TypeError);
  });

  it('describe() is a one-line summary of the config', () => {
    const telemetry = make({ serviceName: 'checkout', exporter: 'memory' });
    const line = telemetry.describe();
    expect(typeof line).toBe('string');
    expect(line).not.toMatch(/[\r\n]/);
    expect(line).toContain('checkout');
    expect(line).toContain('memory');
  });
});

describe('§1 one instance owns all state', () => {
  it("two instances never see each other's events, batches or handlers", () => {
    const clockA = createManualClock();
    const clockB = createManualClock();
    const a = make({ clock: clockA });
    const b = make({ clock: clockB });
    const seenA: string[] = [];
    const seenB: string[] = [];
    a.attach('same-id', [['app', 'ping'], ['batched', 'app', 'hit']], (event) => seenA.push(event.join('.')));
    b.attach('same-id', [['app', 'ping'], ['batched', 'app', 'hit']], (event) => seenB.push(event.join('.')));
    expect(a.handlers().map((handler) => handler.id)).toEqual(['same-id']);
    a.execute('app.ping');
    a.emitBatched('app.hit');
    expect(a.emitEvent('app.ping', {}, { dedupKey: 'k' })).toBe(true);
    expect(b.emitEvent('app.ping', {}, { dedupKey: 'k' })).toBe(true);
    clockA.advance(1000);
    expect(seenA).toEqual(['app.ping', 'app.ping', 'batched.app.hit']);
    expect(seenB).toEqual(['app.ping']);
    clockB.advance(1000);
    expect(seenB).toEqual(['app.ping']);
    expect(b.detach('same-id')).toBe(true);
    expect(a.handlers()).toHaveLength(1);
  });

  it('registerGlobal: instrumentations trace into this instance and W3C headers propagate, until shutdown', async () => {
    const exporter = new InMemorySpanExporter();
    const telemetry = createTelemetry({ exporter, spanProcessor: 'simple', registerGlobal: true });
    const carrier: Record<string, string> = {};
    telemetry.withSpan('handler', (span) => {
      const instrumented = trace.getTracer('some-instrumentation').startSpan('db.query');
      expect(instrumented.spanContext().traceId).toBe(span.traceId);
      instrumented.end();
      propagation.inject(context.active(), carrier);
    });
    const [child, parent] = exporter.getFinishedSpans();
    expect(child?.name).toBe('db.query');
    expect(child?.parentSpanContext?.spanId).toBe(parent?.spanContext().spanId);
    expect(carrier.traceparent).toMatch(new RegExp(`^00-${parent?.spanContext().traceId}-${parent?.spanContext().spanId}-01$`));
    await telemetry.shutdown();
    expect(trace.getTracer('after').startSpan('x').isRecording()).toBe(false);
    const after: Record<string, string> = {};
    propagation.inject(trace.setSpan(context.active(), trace.wrapSpanContext(parent!.spanContext())), after);
    expect(after).toEqual({});
  });

  it('leaves the OpenTelemetry globals alone without registerGlobal', () => {
    make({ exporter: 'memory' }).withSpan('private', () => {
      expect(trace.getTracer('other').startSpan('x').isRecording()).toBe(false);
    });
  });

  it('registers a working context manager so trace.getActiveSpan() sees the span', async () => {
    const telemetry = make({ exporter: 'memory' });
    await telemetry.withSpan('outer', async (span) => {
      await new Promise((resolve) => setImmediate(resolve));
      expect(trace.getActiveSpan()?.spanContext().spanId).toBe(span.spanId);
      expect(trace.getSpan(context.active())).toBe(span.otelSpan);
    });
  });
});
