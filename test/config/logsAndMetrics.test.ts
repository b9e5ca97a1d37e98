import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolveConfig.js';
import type { MetricDefinition } from '../../src/config/options.js';

const noEnv = {};
const definition = (name: string): MetricDefinition =>
  Object.freeze({
    kind: 'counter',
    name,
    event: name.split('.').slice(0, -1),
    measurement: undefined,
    tags: [],
    tagValues: undefined,
    keep: undefined,
    unit: undefined,
    description: undefined,
    boundaries: undefined,
    monotonic: true,
  });

describe('logs and metrics follow the traces exporter by default', () => {
  it("is 'none' for all three when nothing is configured", () => {
    const config = resolveConfig({}, noEnv);
    expect(config.logs).toMatchObject({ events: 'emitted', exporter: 'none', processor: 'batch' });
    expect(config.metrics).toMatchObject({ definitions: [], exporter: 'none', intervalMs: 60_000, exportTimeoutMs: 30_000 });
  });

  it.each(['console', 'otlp', 'otlp-proto', 'memory'] as const)("takes the traces kind '%s'", (exporter) => {
    const config = resolveConfig({ exporter }, noEnv);
    expect(config.logs.exporter).toBe(exporter);
    expect(config.metrics.exporter).toBe(exporter);
    expect(config.sources['logs.exporter']).toBe('default');
  });

  it("is 'none' when the traces exporter is an object or a provider", () => {
    const exporter = { export: () => undefined, shutdown: () => Promise.resolve() };
    expect(resolveConfig({ exporter }, noEnv).logs.exporter).toBe('none');
    expect(resolveConfig({ tracerProvider: 'global' }, noEnv).metrics.exporter).toBe('none');
  });

  it('uses the simple processor for memory log records', () => {
    expect(resolveConfig({ exporter: 'memory' }, noEnv).logs.processor).toBe('simple');
    expect(resolveConfig({ exporter: 'memory', logs: { processor: 'batch' } }, noEnv).logs.processor).toBe('batch');
  });
});

describe('where logs and metrics are sent', () => {
  it('sends to the collector of otlp.url, with /v1/logs and /v1/metrics, sharing headers and timeout', () => {
    const config = resolveConfig(
      { exporter: 'otlp', otlp: { url: 'http://collector:4318/v1/traces', headers: { 'x-key': 'k' }, timeoutMs: 2000 } },
      noEnv,
    );
    expect(config.logs.otlp).toEqual({ url: 'http://collector:4318/v1/logs', headers: { 'x-key': 'k' }, timeoutMs: 2000 });
    expect(config.metrics.otlp).toEqual({ url: 'http://collector:4318/v1/metrics', headers: { 'x-key': 'k' }, timeoutMs: 2000 });
  });

  it('appends each path to OTEL_EXPORTER_OTLP_ENDPOINT, and uses the per-signal endpoints as they are', () => {
    const env = {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://base:4318',
      OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://metrics:9000/custom',
      OTEL_EXPORTER_OTLP_HEADERS: 'a=1',
      OTEL_EXPORTER_OTLP_LOGS_HEADERS: 'b=2',
      OTEL_EXPORTER_OTLP_METRICS_TIMEOUT: '700',
    };
    const config = resolveConfig({}, env);
    expect(config.exporter).toBe('otlp');
    expect(config.logs).toMatchObject({ exporter: 'otlp', otlp: { url: 'http://base:4318/v1/logs', headers: { a: '1', b: '2' }, timeoutMs: 10_000 } });
    expect(config.metrics).toMatchObject({ exporter: 'otlp', otlp: { url: 'http://metrics:9000/custom', headers: { a: '1' }, timeoutMs: 700 } });
    expect(config.sources['logs.otlp.url']).toBe('env');
  });

  it('lets logs.otlp and metrics.otlp override the shared settings', () => {
    const config = resolveConfig(
      {
        exporter: 'otlp',
        otlp: { url: 'http://collector:4318/v1/traces', timeoutMs: 2000 },
        logs: { otlp: { url: 'http://logs:4318/v1/logs', timeoutMs: 300 } },
      },
      noEnv,
    );
    expect(config.logs.otlp).toEqual({ url: 'http://logs:4318/v1/logs', headers: {}, timeoutMs: 300 });
    expect(config.sources['logs.otlp.url']).toBe('option');
  });

  it('defaults to the local collector for a signal that exports over OTLP', () => {
    const config = resolveConfig({ metrics: { exporter: 'otlp-proto' } }, noEnv);
    expect(config.metrics.otlp.url).toBe('http://localhost:4318/v1/metrics');
    expect(config.logs.otlp.url).toBeUndefined();
  });

  it('reads OTEL_LOGS_EXPORTER, OTEL_METRICS_EXPORTER, the per-signal protocol and OTEL_METRIC_EXPORT_INTERVAL', () => {
    const config = resolveConfig(
      {},
      {
        OTEL_LOGS_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: 'http/protobuf',
        OTEL_METRICS_EXPORTER: 'console',
        OTEL_METRIC_EXPORT_INTERVAL: '5000',
      },
    );
    expect(config.exporter).toBe('none');
    expect(config.logs.exporter).toBe('otlp-proto');
    expect(config.metrics).toMatchObject({ exporter: 'console', intervalMs: 5000 });
    expect(config.sources['metrics.intervalMs']).toBe('env');
  });

  it('reads OTEL_BLRP_* for the log record batch processor, options first', () => {
    const config = resolveConfig({ logs: { batch: { maxQueueSize: 100 } } }, { OTEL_BLRP_SCHEDULE_DELAY: '250', OTEL_BLRP_MAX_QUEUE_SIZE: '9' });
    expect(config.logs.batch).toEqual({ scheduledDelayMs: 250, maxQueueSize: 100, maxExportBatchSize: 100, exportTimeoutMs: 30_000 });
  });
});

describe('where the OTLP settings of logs and metrics came from', () => {
  const fields = ['exporter', 'otlp.url', 'otlp.headers', 'otlp.timeoutMs', 'otlp.protocol'];
  const ownOtlp = (signal: string) => ({
    exporter: 'otlp',
    otlp: { url: `http://c:4318/v1/${signal}`, headers: { a: '1' }, timeoutMs: 100, protocol: 'http/json' },
  });
  const ownVariables = (word: string) => ({
    [`OTEL_${word}_EXPORTER`]: 'otlp',
    [`OTEL_EXPORTER_OTLP_${word}_ENDPOINT`]: 'http://c:4318/custom',
    [`OTEL_EXPORTER_OTLP_${word}_HEADERS`]: 'a=1',
    [`OTEL_EXPORTER_OTLP_${word}_TIMEOUT`]: '100',
    [`OTEL_EXPORTER_OTLP_${word}_PROTOCOL`]: 'http/json',
  });
  it.each([
    ['logs', { logs: ownOtlp('logs') }, {}, 'option'],
    ['metrics', { metrics: ownOtlp('metrics') }, {}, 'option'],
    ['logs', {}, ownVariables('LOGS'), 'env'],
    ['metrics', {}, ownVariables('METRICS'), 'env'],
    ['logs', {}, {}, 'default'],
    ['metrics', {}, {}, 'default'],
  ] as const)('records the %s settings of %j %j as %s', (signal, options, env, source) => {
    const config = resolveConfig(options as never, env);
    for (const field of fields) expect(config.sources[`${signal}.${field}`], `${signal}.${field}`).toBe(source);
    expect(config.sources[signal]).toBe(source);
    expect(config[signal].exporter).toBe(source === 'default' ? 'none' : 'otlp-json');
  });
});

describe('logs and metrics options are validated like the others', () => {
  it.each([
    [{ logs: { events: 'some' } }, 'option "logs.events" must be one of'],
    [{ logs: { exporter: 'file' } }, 'option "logs.exporter" must be one of'],
    [{ logs: { exporter: {} } }, 'option "logs.exporter" must be a LogRecordExporter'],
    [{ logs: { processor: 'fast' } }, 'option "logs.processor"'],
    [{ logs: { batch: { maxQueueSize: 0 } } }, 'option "logs.batch.maxQueueSize" must be a positive integer'],
    [{ logs: { otlp: { url: 'ftp://x' } } }, 'option "logs.otlp.url" must be an http:// or https:// URL'],
    [{ logs: { level: 'info' } }, 'unknown option "logs.level"'],
    [{ metrics: { intervalMs: 0 } }, 'option "metrics.intervalMs" must be a finite number of milliseconds > 0'],
    [{ metrics: { exporter: { export: () => undefined } } }, 'option "metrics.exporter" must be a PushMetricExporter'],
    [{ metrics: { definitions: 'db.query.count' } }, 'option "metrics.definitions" must be an array of metric definitions'],
    [{ metrics: { definitions: [{ name: 'x' }] } }, 'option "metrics.definitions[0]" must be a metric definition'],
    [{ metrics: { definitions: [definition('a.count'), definition('a.count')] } }, "two are named 'a.count'"],
    [{ loggerProvider: {} }, "option \"loggerProvider\" must be 'global' or a LoggerProvider (an object with getLogger())"],
    [{ meterProvider: 'local' }, "option \"meterProvider\" must be 'global' or a MeterProvider (an object with getMeter())"],
  ])('%j throws a TypeError naming it', (options, message) => {
    expect(() => resolveConfig(options as never, noEnv)).toThrow(TypeError);
    expect(() => resolveConfig(options as never, noEnv)).toThrow(message);
  });

  it('ignores an unusable variable with a warning naming it, and applies the default', () => {
    const config = resolveConfig({}, { OTEL_LOGS_EXPORTER: 'kafka', OTEL_METRIC_EXPORT_INTERVAL: '-5' });
    expect(config.logs.exporter).toBe('none');
    expect(config.metrics.intervalMs).toBe(60_000);
    expect(config.warnings).toEqual([
      "environment variable OTEL_LOGS_EXPORTER must be a comma-separated list of otlp, console, none, got 'kafka': ignored, the default applies",
      "environment variable OTEL_METRIC_EXPORT_INTERVAL must be a finite number of milliseconds > 0, got '-5': ignored, the default applies",
    ]);
  });

  it("marks a predicate for logs.events as 'predicate' and a provider as 'provider'", () => {
    const config = resolveConfig({ logs: { events: () => true }, loggerProvider: 'global', meterProvider: 'global' }, noEnv);
    expect(config.logs).toMatchObject({ events: 'predicate', exporter: 'provider' });
    expect(config.metrics.exporter).toBe('provider');
  });
});
