import { describe, expect, it } from 'vitest';
import { describeConfig } from '../../src/config/describeConfig.js';
import { resolveConfig } from '../../src/config/resolveConfig.js';

describe('describeConfig', () => {
  it('summarizes an OTLP protobuf config in one line', () => {
    const config = resolveConfig(
      { serviceName: 'checkout' },
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' },
    );
    expect(describeConfig(config)).toBe(
      'foundation-telemetry service=checkout exporter=otlp-proto(http/protobuf → http://collector:4318/v1/traces) processor=batch sampler=parentbased_always_on ' +
        'logs=otlp-proto(http/protobuf → http://collector:4318/v1/logs) metrics=none events: dedup=5000ms batch=1000ms/100',
    );
  });

  it('reflects the options it was given', () => {
    const line = describeConfig(
      resolveConfig(
        {
          serviceName: 'api',
          exporter: 'memory',
          sampler: { ratio: 0.25, parentBased: false },
          registerGlobal: true,
          events: { dedupWindowMs: 100, batchIntervalMs: 50, maxBatchSize: 7 },
        },
        {},
      ),
    );
    expect(line).toBe(
      'foundation-telemetry service=api exporter=memory processor=simple sampler=traceidratio(0.25) global logs=memory metrics=none events: dedup=100ms batch=50ms/7',
    );
    expect(line).not.toContain('\n');
  });

  it('counts OTLP headers but never prints their values', () => {
    const line = describeConfig(resolveConfig({ exporter: 'otlp', otlp: { headers: { authorization: 'Bearer s3cr3t' } } }, {}));
    expect(line).toContain('exporter=otlp(http/protobuf → http://localhost:4318/v1/traces, 1 header)');
    expect(line).not.toContain('s3cr3t');
  });

  it('says when spans go nowhere or to a provider the user owns', () => {
    expect(describeConfig(resolveConfig({}, {}))).toContain('exporter=none sampler=');
    const provided = describeConfig(resolveConfig({ tracerProvider: { getTracer: () => undefined as never } }, {}));
    expect(provided).toContain('exporter=provider logs=none metrics=none events:');
  });

  it('names where log records and metrics go, and how many metrics are defined', () => {
    const counter = { kind: 'counter', name: 'db.query.count' } as never;
    const line = describeConfig(
      resolveConfig({ exporter: 'console', logs: { exporter: 'otlp-json' }, metrics: { definitions: [counter], intervalMs: 5000 } }, {}),
    );
    expect(line).toContain('logs=otlp-json(http/json → http://localhost:4318/v1/logs)');
    expect(line).toContain('metrics=console (1 defined, every 5000ms)');
    expect(describeConfig(resolveConfig({ exporter: 'console', logs: { events: 'none' } }, {}))).toContain('logs=none');
  });

  it('counts headers and ignored environment values in the singular and the plural', () => {
    const headers = describeConfig(resolveConfig({ exporter: 'otlp', otlp: { headers: { a: '1', b: '2' } } }, {}));
    expect(headers).toContain('exporter=otlp(http/protobuf → http://localhost:4318/v1/traces, 2 headers)');
    expect(describeConfig(resolveConfig({}, {}))).not.toContain('ignored');
    expect(describeConfig(resolveConfig({}, { OTEL_TRACES_EXPORTER: 'zipkin' }))).toMatch(/ \(1 environment value ignored: see config\.warnings\)$/);
    expect(describeConfig(resolveConfig({}, { OTEL_TRACES_EXPORTER: 'zipkin', OTEL_BSP_MAX_QUEUE_SIZE: 'x' }))).toMatch(
      / \(2 environment values ignored: see config\.warnings\)$/,
    );
  });
});
