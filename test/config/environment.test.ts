import { describe, expect, it } from 'vitest';
import { describeConfig } from '../../src/config/describeConfig.js';
import type { MetricDefinition, ResolvedConfig } from '../../src/config/options.js';
import { resolveConfig } from '../../src/config/resolveConfig.js';

const counter = { kind: 'counter', name: 'job.done.count', event: ['job', 'done'], tags: [], monotonic: true } as unknown as MetricDefinition;

/** The configuration of the environment alone. */
const fromEnv = (env: NodeJS.ProcessEnv): ResolvedConfig => resolveConfig({}, env);

describe('an unusable environment value is ignored with a warning, never thrown', () => {
  // [variable, environment, what the setting falls back to, fragments of the one warning]
  const cases: Array<[string, NodeJS.ProcessEnv, (config: ResolvedConfig) => unknown, unknown, string[]]> = [
    ['OTEL_TRACES_EXPORTER', { OTEL_TRACES_EXPORTER: 'jaeger' }, (c) => c.exporter, 'none', ["'jaeger'", 'otlp, console, none', 'the default applies']],
    ['OTEL_TRACES_EXPORTER', { OTEL_TRACES_EXPORTER: 'otlp,zipkin' }, (c) => c.exporter, 'otlp', ["'otlp,zipkin'", "'zipkin' left out"]],
    ['OTEL_TRACES_EXPORTER', { OTEL_TRACES_EXPORTER: 'zipkin,console,jaeger' }, (c) => c.exporter, 'console', ["'zipkin', 'jaeger' left out"]],
    ['OTEL_EXPORTER_OTLP_PROTOCOL', { OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, (c) => c.exporter, 'otlp', ["'grpc'", 'gRPC is not supported']],
    ['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', { OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'xml', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }, (c) => c.exporter, 'otlp-json', ["'xml'", 'OTEL_EXPORTER_OTLP_PROTOCOL or the default']],
    ['OTEL_EXPORTER_OTLP_ENDPOINT', { OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url' }, (c) => c.otlp.url, 'http://localhost:4318/v1/traces', ["'not a url'", 'http:// or https:// URL']],
    ['OTEL_EXPORTER_OTLP_ENDPOINT', { OTEL_EXPORTER_OTLP_ENDPOINT: 'ftp://collector' }, (c) => c.exporter, 'none', ["'ftp://collector'"]],
    ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'collector:4318', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://base:4318' }, (c) => c.otlp.url, 'http://base:4318/v1/traces', ["'collector:4318'"]],
    ['OTEL_EXPORTER_OTLP_TIMEOUT', { OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_TIMEOUT: '-1' }, (c) => c.otlp.timeoutMs, 10_000, ["'-1'", 'milliseconds > 0']],
    ['OTEL_EXPORTER_OTLP_TRACES_TIMEOUT', { OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: 'soon', OTEL_EXPORTER_OTLP_TIMEOUT: '700' }, (c) => c.otlp.timeoutMs, 700, ["'soon'"]],
    ['OTEL_EXPORTER_OTLP_HEADERS', { OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_HEADERS: 'authorization' }, (c) => c.otlp.headers, {}, ["'authorization'", 'key=value']],
    ['OTEL_EXPORTER_OTLP_HEADERS', { OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_HEADERS: 'a=%zz,b=2' }, (c) => c.otlp.headers, { b: '2' }, ["an entry for 'a' with invalid percent-encoding", 'this entry is left out']],
    ['OTEL_EXPORTER_OTLP_HEADERS', { OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_HEADERS: '=v' }, (c) => c.otlp.headers, {}, ["'=v'"]],
    ['OTEL_EXPORTER_OTLP_HEADERS', { OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_HEADERS: '%zz=1,b=2' }, (c) => c.otlp.headers, { b: '2' }, ["an entry for '%zz' with invalid percent-encoding"]],
    ['OTEL_TRACES_SAMPLER', { OTEL_TRACES_SAMPLER: 'jaeger_remote' }, (c) => c.sampler, { ratio: 1, parentBased: true }, ["'jaeger_remote'", 'parentbased_always_on']],
    ['OTEL_TRACES_SAMPLER_ARG', { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: 'abc' }, (c) => c.sampler, { ratio: 1, parentBased: false }, ["'abc'", 'a number from 0 to 1']],
    ['OTEL_TRACES_SAMPLER_ARG', { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '1.5' }, (c) => c.sampler, { ratio: 1, parentBased: true }, ["'1.5'"]],
    ['OTEL_TRACES_SAMPLER_ARG', { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '-1' }, (c) => c.sampler.ratio, 1, ["'-1'"]],
    ['OTEL_BSP_SCHEDULE_DELAY', { OTEL_BSP_SCHEDULE_DELAY: 'soon' }, (c) => c.batch.scheduledDelayMs, 5000, ["'soon'", 'milliseconds >= 0']],
    ['OTEL_BSP_SCHEDULE_DELAY', { OTEL_BSP_SCHEDULE_DELAY: '-5' }, (c) => c.batch.scheduledDelayMs, 5000, ["'-5'"]],
    ['OTEL_BSP_MAX_QUEUE_SIZE', { OTEL_BSP_MAX_QUEUE_SIZE: '10.5' }, (c) => c.batch.maxQueueSize, 2048, ["'10.5'", 'positive integer']],
    ['OTEL_BSP_EXPORT_TIMEOUT', { OTEL_BSP_EXPORT_TIMEOUT: '0' }, (c) => c.batch.exportTimeoutMs, 30_000, ["'0'"]],
    ['OTEL_BSP_MAX_EXPORT_BATCH_SIZE', { OTEL_BSP_MAX_QUEUE_SIZE: '8', OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '16' }, (c) => c.batch, { scheduledDelayMs: 5000, maxQueueSize: 8, maxExportBatchSize: 8, exportTimeoutMs: 30_000 }, ["'16'", 'at most the queue size (8)']],
    ['OTEL_BLRP_MAX_QUEUE_SIZE', { OTEL_BLRP_MAX_QUEUE_SIZE: 'many' }, (c) => c.logs.batch.maxQueueSize, 2048, ["'many'"]],
    ['OTEL_RESOURCE_ATTRIBUTES', { OTEL_RESOURCE_ATTRIBUTES: 'team' }, (c) => c.resource, {}, ["'team'", 'every attribute of it is discarded']],
    ['OTEL_SDK_DISABLED', { OTEL_SDK_DISABLED: 'yes' }, (c) => c.sdkDisabled, false, ["'yes'", 'true or false', 'the SDK stays enabled']],
    ['OTEL_METRIC_EXPORT_TIMEOUT', { OTEL_METRIC_EXPORT_TIMEOUT: 'NaN' }, (c) => c.metrics.exportTimeoutMs, 30_000, ["'NaN'"]],
  ];

  it.each(cases)('%s in %j: the fallback applies and one warning names the variable, the value and what is allowed', (variable, env, read, fallback, fragments) => {
    let config: ResolvedConfig | undefined;
    expect(() => (config = fromEnv(env))).not.toThrow();
    expect(read(config!)).toEqual(fallback);
    expect(config!.warnings).toHaveLength(1);
    const [warning] = config!.warnings;
    expect(warning).toMatch(new RegExp(`^environment variable ${variable} must be `));
    for (const fragment of fragments) expect(warning).toContain(fragment);
  });

  it('words each warning in one way: the variable, what is allowed, the value, what happens instead', () => {
    expect(fromEnv({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: 'abc' }).warnings).toEqual([
      "environment variable OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1, got 'abc': ignored, the default applies",
    ]);
  });

  it('warns once about a variable that several signals read', () => {
    const config = resolveConfig(
      { metrics: { definitions: [counter] } },
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_EXPORTER_OTLP_HEADERS: 'broken', OTEL_EXPORTER_OTLP_TIMEOUT: 'x' },
    );
    expect([config.exporter, config.logs.exporter, config.metrics.exporter]).toEqual(['otlp', 'otlp', 'otlp']);
    expect(config.warnings).toHaveLength(2);
    expect(config.warnings[0]).toContain('OTEL_EXPORTER_OTLP_HEADERS');
    expect(config.warnings[1]).toContain('OTEL_EXPORTER_OTLP_TIMEOUT');
  });

  it('lists nothing when the environment is fine, and the list is frozen', () => {
    const config = fromEnv({ OTEL_TRACES_EXPORTER: 'console', OTEL_BSP_MAX_QUEUE_SIZE: '100' });
    expect(config.warnings).toEqual([]);
    expect(Object.isFrozen(config.warnings)).toBe(true);
    expect(Object.isFrozen(fromEnv({ OTEL_TRACES_EXPORTER: 'x' }).warnings)).toBe(true);
  });

  it('does not read a variable that an option overrides', () => {
    const config = resolveConfig(
      { exporter: 'console', batch: { maxQueueSize: 10 }, sampler: { ratio: 0.5, parentBased: false } },
      { OTEL_TRACES_EXPORTER: 'jaeger', OTEL_BSP_MAX_QUEUE_SIZE: 'x', OTEL_TRACES_SAMPLER: 'nope', OTEL_TRACES_SAMPLER_ARG: 'abc' },
    );
    expect(config.warnings).toEqual([]);
  });

  it('cuts an option batch size to a smaller OTEL_BSP_MAX_QUEUE_SIZE with a warning instead of throwing', () => {
    const config = resolveConfig({ batch: { maxExportBatchSize: 64 } }, { OTEL_BSP_MAX_QUEUE_SIZE: '16' });
    expect(config.batch).toMatchObject({ maxQueueSize: 16, maxExportBatchSize: 16 });
    expect(config.warnings).toEqual([
      'environment variable OTEL_BSP_MAX_QUEUE_SIZE (16) is below option "batch.maxExportBatchSize" (64): the batch size is cut to the queue size',
    ]);
  });
});

describe('enum values are case-insensitive and trimmed', () => {
  it.each([
    [{ OTEL_TRACES_EXPORTER: ' OTLP ' }, (c: ResolvedConfig) => c.exporter, 'otlp'],
    [{ OTEL_TRACES_EXPORTER: 'Console' }, (c: ResolvedConfig) => c.exporter, 'console'],
    [{ OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_PROTOCOL: ' HTTP/JSON ' }, (c: ResolvedConfig) => c.exporter, 'otlp-json'],
    [{ OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_PROTOCOL: 'HTTP/PROTOBUF' }, (c: ResolvedConfig) => c.exporter, 'otlp-proto'],
    [{ OTEL_TRACES_SAMPLER: 'ALWAYS_OFF' }, (c: ResolvedConfig) => c.sampler, { ratio: 0, parentBased: false }],
    [{ OTEL_TRACES_SAMPLER: ' ParentBased_TraceIdRatio ', OTEL_TRACES_SAMPLER_ARG: ' 0.25 ' }, (c: ResolvedConfig) => c.sampler, { ratio: 0.25, parentBased: true }],
    [{ OTEL_SDK_DISABLED: ' TRUE ' }, (c: ResolvedConfig) => c.sdkDisabled, true],
    [{ OTEL_SDK_DISABLED: 'False' }, (c: ResolvedConfig) => c.sdkDisabled, false],
  ])('%j', (env, read, expected) => {
    const config = fromEnv(env);
    expect(read(config)).toEqual(expected);
    expect(config.warnings).toEqual([]);
  });
});

describe('OTEL_RESOURCE_ATTRIBUTES', () => {
  it.each(['a=b=c', 'a=1;p=2', 'team=pay,region', 'good=1,=v', 'x=%zz', '%zz=v', 'good=1,%zz=v', 'service.name=svc,a=b=c'])(
    "discards '%s' whole, with a warning",
    (value) => {
      const config = fromEnv({ OTEL_RESOURCE_ATTRIBUTES: value });
      expect(config.resource).toEqual({});
      expect(config.serviceName).toBe('unknown_service:node');
      expect(config.sources.resource).toBe('default');
      expect(config.warnings).toHaveLength(1);
      expect(config.warnings[0]).toContain(`environment variable OTEL_RESOURCE_ATTRIBUTES must be a comma-separated list of key=value pairs`);
      expect(config.warnings[0]).toContain(`got '${value}'`);
    },
  );

  it('decodes percent-encoded keys and values, trims, skips blank entries, and lets a later key win', () => {
    const config = fromEnv({ OTEL_RESOURCE_ATTRIBUTES: ' team = pay%20ments , ,eq=x%3Dy%2Cz,team=ops,k%C3%A9y=%E2%82%AC,empty=' });
    expect(config.resource).toEqual({ team: 'ops', eq: 'x=y,z', 'kéy': '€', empty: '' });
    expect(config.warnings).toEqual([]);
  });
});

describe('OTLP headers from the environment', () => {
  const headersOf = (value: string): { headers: Readonly<Record<string, string>>; warnings: readonly string[] } => {
    const config = fromEnv({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_HEADERS: value });
    return { headers: config.otlp.headers, warnings: config.warnings };
  };

  it.each([
    ['x-euro=%E2%82%AC', "a value of 'x-euro' with U+20AC at position 0"],
    ['x-crlf=a%0D%0Ab', "a value of 'x-crlf' with U+000D at position 1"],
    ['x-latin=caf%C3%A9', "a value of 'x-latin' with U+00E9 at position 3"],
    ['my%20key=v', "'my key'"],
    ['k%0A=v', "'k\\n'"],
  ])('drops %s, which Node cannot send, keeping the others', (entry, described) => {
    const { headers, warnings } = headersOf(`x-ok=1,${entry}`);
    expect(headers).toEqual({ 'x-ok': '1' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('environment variable OTEL_EXPORTER_OTLP_HEADERS must be a list of headers whose');
    expect(warnings[0]).toContain(described);
    expect(warnings[0]).toContain('this header is left out');
  });

  it('never quotes a header value in a warning', () => {
    const { warnings } = headersOf('authorization=Bearer%20s3cr3t%0D%0A');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).not.toContain('s3cr3t');
  });

  it('sends the value up to an unencoded ; (baggage properties are not supported), with a warning', () => {
    const { headers, warnings } = headersOf('a=1;p=2,b=x%3By');
    expect(headers).toEqual({ a: '1', b: 'x;y' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("properties on 'a'");
  });

  it('keeps an unencoded = in a value, decodes, trims, and lets the per-signal variable win per key', () => {
    const config = fromEnv({
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_HEADERS: ' authorization = Basic%20dXNlcg== , x-tenant=a',
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-tenant=b',
    });
    expect(config.otlp.headers).toEqual({ authorization: 'Basic dXNlcg==', 'x-tenant': 'b' });
    expect(config.warnings).toEqual([]);
  });
});

describe('the OTLP protocol', () => {
  it("defaults to http/protobuf: 'otlp' stays 'otlp' and describe() says http/protobuf", () => {
    const config = resolveConfig({ exporter: 'otlp' }, {});
    expect(config.exporter).toBe('otlp');
    expect(config.sources['otlp.protocol']).toBe('default');
    expect(describeConfig(config)).toContain('exporter=otlp(http/protobuf → http://localhost:4318/v1/traces)');
    expect(describeConfig(fromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }))).toContain('exporter=otlp(http/protobuf → http://c:4318/v1/traces)');
  });

  it("is chosen by otlp.protocol, the exporter names 'otlp-proto' and 'otlp-json', or the variables", () => {
    expect(resolveConfig({ exporter: 'otlp', otlp: { protocol: 'http/json' } }, {}).exporter).toBe('otlp-json');
    expect(resolveConfig({ exporter: 'otlp', otlp: { protocol: 'http/protobuf' } }, { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }).exporter).toBe('otlp-proto');
    expect(resolveConfig({ exporter: 'otlp-json' }, { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' }).exporter).toBe('otlp-json');
    expect(resolveConfig({ exporter: 'otlp-proto', otlp: { protocol: 'http/protobuf' } }, {}).exporter).toBe('otlp-proto');
    expect(describeConfig(resolveConfig({ exporter: 'otlp-json' }, {}))).toContain('exporter=otlp-json(http/json → ');
    const config = resolveConfig({ otlp: { url: 'http://c:4318/v1/traces', protocol: 'http/json' } }, {});
    expect([config.exporter, config.logs.exporter, config.metrics.exporter]).toEqual(['otlp-json', 'otlp-json', 'otlp-json']);
    expect(config.sources['otlp.protocol']).toBe('option');
  });

  it('is chosen per signal by OTEL_EXPORTER_OTLP_{TRACES,LOGS,METRICS}_PROTOCOL over the generic variable', () => {
    const config = resolveConfig(
      { metrics: { definitions: [counter] } },
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'HTTP/JSON',
      },
    );
    expect([config.exporter, config.logs.exporter, config.metrics.exporter]).toEqual(['otlp-json', 'otlp-proto', 'otlp-json']);
    expect(config.sources['logs.otlp.protocol']).toBe('env');
    expect(resolveConfig({ logs: { exporter: 'otlp', otlp: { protocol: 'http/json' } } }, {}).logs.exporter).toBe('otlp-json');
  });

  it('throws only for a protocol that contradicts the exporter named in its own option group; an inherited flavour yields to it', () => {
    const options = { exporter: 'otlp-proto', logs: { otlp: { protocol: 'http/json' } }, metrics: { otlp: { protocol: 'http/protobuf' } } } as const;
    let config: ResolvedConfig | undefined;
    expect(() => (config = resolveConfig(options, {}))).not.toThrow();
    expect([config!.exporter, config!.logs.exporter, config!.metrics.exporter]).toEqual(['otlp-proto', 'otlp-json', 'otlp-proto']);
    expect([config!.sources['logs.otlp.protocol'], config!.sources['metrics.otlp.protocol']]).toEqual(['option', 'option']);
    expect(() => resolveConfig({ logs: { exporter: 'otlp-proto', otlp: { protocol: 'http/json' } } }, {})).toThrow('option "logs.otlp.protocol"');
  });
});

describe('the generic OTLP variables are checked only for the signals that export over OTLP', () => {
  const broken = {
    OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
    OTEL_EXPORTER_OTLP_HEADERS: 'broken',
    OTEL_EXPORTER_OTLP_TIMEOUT: '-1',
    OTEL_EXPORTER_OTLP_ENDPOINT: 'nope',
  };

  it('warns about none of them when no signal exports over OTLP', () => {
    const config = resolveConfig({ metrics: { definitions: [counter] } }, { ...broken, OTEL_TRACES_EXPORTER: 'none' });
    expect([config.exporter, config.logs.exporter, config.metrics.exporter]).toEqual(['none', 'none', 'none']);
    expect(config.warnings).toEqual([]);
    expect(resolveConfig({ exporter: 'console' }, broken).warnings).toEqual([]);
  });

  it('warns once about each for the signals that do, and leaves a per-signal variable of another signal alone', () => {
    const config = resolveConfig(
      { metrics: { definitions: [counter] } },
      { ...broken, OTEL_TRACES_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x' },
    );
    expect([config.exporter, config.logs.exporter, config.metrics.exporter]).toEqual(['none', 'otlp', 'none']);
    expect(config.warnings.map((warning) => warning.split(' ')[2]).sort()).toEqual([
      'OTEL_EXPORTER_OTLP_ENDPOINT',
      'OTEL_EXPORTER_OTLP_HEADERS',
      'OTEL_EXPORTER_OTLP_PROTOCOL',
      'OTEL_EXPORTER_OTLP_TIMEOUT',
    ]);
  });
});

describe('OTEL_SDK_DISABLED=true', () => {
  it('makes every exporter none and registers nothing, over the options, which are still checked', () => {
    const options = { exporter: 'memory', registerGlobal: true, logs: { exporter: 'console' }, metrics: { exporter: 'otlp', definitions: [counter] } } as const;
    const config = resolveConfig(options, { OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_HEADERS: 'broken' });
    expect(config).toMatchObject({ sdkDisabled: true, exporter: 'none', registerGlobal: false, logs: { exporter: 'none' }, metrics: { exporter: 'none' } });
    expect(config.sources).toMatchObject({ sdkDisabled: 'env', exporter: 'env', registerGlobal: 'env', 'logs.exporter': 'env' });
    expect(config.warnings).toEqual([]);
    expect(() => resolveConfig({ exporter: 'zipkin' as never }, { OTEL_SDK_DISABLED: 'true' })).toThrow(TypeError);
  });

  it('is said by describe()', () => {
    const line = describeConfig(resolveConfig({ serviceName: 'checkout', exporter: 'console' }, { OTEL_SDK_DISABLED: 'true' }));
    expect(line).toBe(
      'foundation-telemetry service=checkout sdk=disabled (OTEL_SDK_DISABLED=true: no provider, nothing exported) events: dedup=5000ms batch=1000ms/100',
    );
  });
});

describe('describe()', () => {
  it.each([
    ['always_on', undefined, 'sampler=always_on'],
    ['always_off', undefined, 'sampler=always_off'],
    ['traceidratio', '0.5', 'sampler=traceidratio(0.5)'],
    ['parentbased_always_on', undefined, 'sampler=parentbased_always_on'],
    ['parentbased_always_off', undefined, 'sampler=parentbased_always_off'],
    ['parentbased_traceidratio', '0.25', 'sampler=parentbased_traceidratio(0.25)'],
  ])('names OTEL_TRACES_SAMPLER=%s as configured', (sampler, arg, expected) => {
    const env = { OTEL_TRACES_SAMPLER: sampler, ...(arg === undefined ? {} : { OTEL_TRACES_SAMPLER_ARG: arg }) };
    expect(describeConfig(fromEnv(env))).toContain(` ${expected} `);
  });

  it('counts the environment values that were ignored', () => {
    expect(describeConfig(fromEnv({ OTEL_TRACES_EXPORTER: 'jaeger', OTEL_BSP_MAX_QUEUE_SIZE: 'x' }))).toMatch(
      /events: dedup=5000ms batch=1000ms\/100 \(2 environment values ignored: see config.warnings\)$/,
    );
  });
});
