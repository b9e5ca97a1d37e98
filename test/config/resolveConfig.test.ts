import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolveConfig.js';
import { rejection } from './rejection.js';
import { DEFAULTS } from '../../src/config/defaults.js';

const noEnv = {};

describe('resolveConfig defaults', () => {
  it('uses the documented defaults when nothing is set', () => {
    const config = resolveConfig({}, noEnv);
    expect(config).toMatchObject({
      serviceName: 'unknown_service:node',
      resource: {},
      exporter: 'none',
      otlp: { url: undefined, headers: {}, timeoutMs: 10_000 },
      spanProcessor: 'batch',
      batch: { scheduledDelayMs: 5000, maxQueueSize: 2048, maxExportBatchSize: 512, exportTimeoutMs: 30_000 },
      sampler: { ratio: 1, parentBased: true },
      registerGlobal: false,
      events: { dedupWindowMs: 5000, batchIntervalMs: 1000, maxBatchSize: 100, maxDedupKeys: 10_000, maxBatchKeys: 10_000, sampling: {} },
      sdkDisabled: false,
      writeWarnings: true,
      warnings: [],
      flushOnExit: true,
      errorContext: {
        redact: [
          'password',
          'passwd',
          'pwd',
          'passphrase',
          'secret',
          'token',
          'authorization',
          'cookie',
          'api key',
          'private key',
          'credential',
          'session id',
          'jwt',
          'bearer',
        ],
        redactDefaults: true,
        maxValueLength: 1024,
        maxKeys: 64,
        maxBreadcrumbs: 50,
        propagateKeys: [],
      },
    });
    expect(Object.values(config.sources).every((source) => source === 'default')).toBe(true);
  });

  it('accepts no options at all', () => {
    expect(resolveConfig(undefined, noEnv).serviceName).toBe(DEFAULTS.serviceName);
  });

  it("uses the simple processor by default for the 'memory' exporter only", () => {
    expect(resolveConfig({ exporter: 'memory' }, noEnv).spanProcessor).toBe('simple');
    expect(resolveConfig({ exporter: 'console' }, noEnv).spanProcessor).toBe('batch');
    expect(resolveConfig({ exporter: 'memory', spanProcessor: 'batch' }, noEnv).spanProcessor).toBe('batch');
  });

  it('gives the OTLP exporters the local collector URL when none is set', () => {
    expect(resolveConfig({ exporter: 'otlp' }, noEnv).otlp.url).toBe('http://localhost:4318/v1/traces');
    expect(resolveConfig({ exporter: 'otlp-proto' }, noEnv).otlp.url).toBe('http://localhost:4318/v1/traces');
  });
});

describe('resolveConfig freezing', () => {
  it('freezes the whole config deeply', () => {
    const config = resolveConfig(
      { resource: { tags: ['a'] }, events: { sampling: { 'db.query': { random: 0.5 } } }, errorContext: { propagateKeys: ['tenant'] } },
      noEnv,
    );
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.batch)).toBe(true);
    expect(Object.isFrozen(config.sources)).toBe(true);
    expect(Object.isFrozen(config.resource.tags)).toBe(true);
    expect(Object.isFrozen(config.events.sampling['db.query'])).toBe(true);
    expect(Object.isFrozen(config.errorContext.redact)).toBe(true);
    expect(Object.isFrozen(config.errorContext.propagateKeys)).toBe(true);
    expect(() => {
      (config.batch as { maxQueueSize: number }).maxQueueSize = 1;
    }).toThrow(TypeError);
  });

  it("does not freeze the caller's objects", () => {
    const rule = { random: 0.5 };
    const tags = ['a'];
    const redact = [/pin/g];
    const config = resolveConfig({ resource: { tags }, events: { sampling: { x: rule } }, errorContext: { redact } }, noEnv);
    expect(Object.isFrozen(rule)).toBe(false);
    expect(Object.isFrozen(tags)).toBe(false);
    // A frozen RegExp could not update lastIndex: RegExps stay usable.
    expect(Object.isFrozen(config.errorContext.redact.at(-1))).toBe(false);
  });

  it('adds the redact patterns of the options to the defaults, or replaces them with redactDefaults: false', () => {
    const internal = /^internal_/;
    const added = resolveConfig({ errorContext: { redact: [internal, 'pin'] } }, noEnv).errorContext;
    expect(added.redact).toEqual([...DEFAULTS.errorContext.redact, internal, 'pin']);
    const only = resolveConfig({ errorContext: { redact: ['pin'], redactDefaults: false } }, noEnv).errorContext;
    expect(only.redact).toEqual(['pin']);
    expect(resolveConfig({ errorContext: { redactDefaults: false } }, noEnv).errorContext.redact).toEqual([]);
    expect(() => resolveConfig({ errorContext: { redactDefaults: 'no' as never } }, noEnv)).toThrow(
      'option "errorContext.redactDefaults" must be true or false',
    );
  });
});

describe('resolveConfig environment', () => {
  it('reads every OTEL_* variable and records env as the source', () => {
    const config = resolveConfig(
      {},
      {
        OTEL_SERVICE_NAME: 'billing',
        OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=prod,team=pay%20ments',
        OTEL_TRACES_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
        OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20abc, x-tenant = t1',
        OTEL_EXPORTER_OTLP_TIMEOUT: '2500',
        OTEL_TRACES_SAMPLER: 'traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.25',
        OTEL_BSP_SCHEDULE_DELAY: '200',
        OTEL_BSP_MAX_QUEUE_SIZE: '100',
        OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '10',
        OTEL_BSP_EXPORT_TIMEOUT: '3000',
      },
    );
    expect(config).toMatchObject({
      serviceName: 'billing',
      resource: { 'deployment.environment': 'prod', team: 'pay ments' },
      exporter: 'otlp-proto',
      otlp: { url: 'http://collector:4318/v1/traces', headers: { authorization: 'Bearer abc', 'x-tenant': 't1' }, timeoutMs: 2500 },
      sampler: { ratio: 0.25, parentBased: false },
      batch: { scheduledDelayMs: 200, maxQueueSize: 100, maxExportBatchSize: 10, exportTimeoutMs: 3000 },
    });
    for (const path of [
      'serviceName',
      'resource',
      'resource.team',
      'exporter',
      'otlp.url',
      'otlp.headers',
      'otlp.timeoutMs',
      'sampler.ratio',
      'sampler.parentBased',
      'batch.scheduledDelayMs',
      'batch.maxQueueSize',
      'batch.maxExportBatchSize',
      'batch.exportTimeoutMs',
    ]) {
      expect(config.sources[path], path).toBe('env');
    }
    expect(config.sources['events.dedupWindowMs']).toBe('default');
  });

  it('lets explicit options beat the environment, field by field', () => {
    const env = {
      OTEL_SERVICE_NAME: 'from-env',
      OTEL_RESOURCE_ATTRIBUTES: 'team=env-team,region=eu',
      OTEL_TRACES_EXPORTER: 'console',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://env-collector:4318',
      OTEL_EXPORTER_OTLP_HEADERS: 'a=1',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.1',
      OTEL_BSP_MAX_QUEUE_SIZE: '64',
    };
    const config = resolveConfig(
      {
        serviceName: 'from-option',
        resource: { team: 'option-team' },
        exporter: 'otlp',
        otlp: { url: 'http://option-collector:4318/v1/traces', headers: { b: '2' } },
        sampler: { ratio: 0.5 },
        batch: { maxQueueSize: 4096 },
      },
      env,
    );
    expect(config.serviceName).toBe('from-option');
    expect(config.resource).toEqual({ team: 'option-team', region: 'eu' });
    expect(config.sources['resource.team']).toBe('option');
    expect(config.sources['resource.region']).toBe('env');
    expect(config.exporter).toBe('otlp');
    expect(config.otlp.url).toBe('http://option-collector:4318/v1/traces');
    expect(config.otlp.headers).toEqual({ b: '2' });
    expect(config.sampler).toEqual({ ratio: 0.5, parentBased: true });
    expect(config.sources['sampler.ratio']).toBe('option');
    expect(config.sources['sampler.parentBased']).toBe('env');
    expect(config.batch.maxQueueSize).toBe(4096);
    expect(config.sources['batch.maxQueueSize']).toBe('option');
  });

  it("picks 'otlp' when only an endpoint is set, 'otlp-proto' when the protocol says protobuf", () => {
    expect(resolveConfig({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }).exporter).toBe('otlp');
    expect(
      resolveConfig({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' }).exporter,
    ).toBe('otlp-proto');
    expect(resolveConfig({}, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/custom' }).exporter).toBe('otlp');
    expect(resolveConfig({ otlp: { url: 'http://c:4318/v1/traces' } }, noEnv).exporter).toBe('otlp');
    expect(resolveConfig({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_TRACES_EXPORTER: 'none' }).exporter).toBe('none');
    expect(
      resolveConfig({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }).exporter,
    ).toBe('otlp-json');
  });

  it('appends /v1/traces to the base endpoint and uses the traces endpoint as is', () => {
    expect(resolveConfig({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/' }).otlp.url).toBe('http://c:4318/v1/traces');
    expect(resolveConfig({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/prefix' }).otlp.url).toBe('http://c:4318/prefix/v1/traces');
    expect(
      resolveConfig({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://base:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:9999/traces' }).otlp.url,
    ).toBe('http://c:9999/traces');
  });

  it('takes the first name of a comma-separated OTEL_TRACES_EXPORTER', () => {
    expect(resolveConfig({}, { OTEL_TRACES_EXPORTER: 'console, otlp' }).exporter).toBe('console');
  });

  it('maps every OTEL_TRACES_SAMPLER value', () => {
    const sampler = (name: string, arg?: string) =>
      resolveConfig({}, { OTEL_TRACES_SAMPLER: name, ...(arg === undefined ? {} : { OTEL_TRACES_SAMPLER_ARG: arg }) }).sampler;
    expect(sampler('always_on')).toEqual({ ratio: 1, parentBased: false });
    expect(sampler('always_off')).toEqual({ ratio: 0, parentBased: false });
    expect(sampler('traceidratio', '0.3')).toEqual({ ratio: 0.3, parentBased: false });
    expect(sampler('traceidratio')).toEqual({ ratio: 1, parentBased: false });
    expect(sampler('parentbased_always_on')).toEqual({ ratio: 1, parentBased: true });
    expect(sampler('parentbased_always_off')).toEqual({ ratio: 0, parentBased: true });
    expect(sampler('parentbased_traceidratio', '0.7')).toEqual({ ratio: 0.7, parentBased: true });
  });

  it('treats empty variables as unset', () => {
    const config = resolveConfig({}, { OTEL_SERVICE_NAME: '', OTEL_TRACES_EXPORTER: ' ', OTEL_BSP_MAX_QUEUE_SIZE: '' });
    expect(config.serviceName).toBe('unknown_service:node');
    expect(config.exporter).toBe('none');
    expect(config.sources['batch.maxQueueSize']).toBe('default');
  });

  it('takes service.name from the resource when no service name is set', () => {
    expect(resolveConfig({ resource: { 'service.name': 'res' } }, noEnv).serviceName).toBe('res');
    expect(resolveConfig({}, { OTEL_RESOURCE_ATTRIBUTES: 'service.name=env-res' }).serviceName).toBe('env-res');
    expect(resolveConfig({}, { OTEL_RESOURCE_ATTRIBUTES: 'service.name=env-res', OTEL_SERVICE_NAME: 'svc' }).serviceName).toBe('svc');
    expect(resolveConfig({}, { OTEL_RESOURCE_ATTRIBUTES: 'service.name=env-res' }).resource).toEqual({});
  });

  it('ignores OTLP variables when the options choose another exporter or a provider', () => {
    const env = { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_HEADERS: 'broken' };
    expect(resolveConfig({ exporter: 'console' }, env).otlp.headers).toEqual({});
    expect(resolveConfig({ tracerProvider: { getTracer: () => undefined as never } }, env).exporter).toBe('provider');
  });
});

describe('resolveConfig options', () => {
  it('records option as the source of every value given', () => {
    const config = resolveConfig(
      {
        serviceName: 's',
        exporter: 'console',
        spanProcessor: 'simple',
        registerGlobal: true,
        events: { dedupWindowMs: 10, sampling: { a: 'never' } },
        errorContext: { maxKeys: 5, redact: ['pin'] },
      },
      noEnv,
    );
    for (const path of ['serviceName', 'exporter', 'spanProcessor', 'registerGlobal', 'events.dedupWindowMs', 'events.sampling', 'errorContext.maxKeys', 'errorContext.redact']) {
      expect(config.sources[path], path).toBe('option');
    }
    expect(config.sources['events.batchIntervalMs']).toBe('default');
  });

  it("names a SpanExporter object 'custom' and a tracerProvider 'provider'", () => {
    const exporter = { export: () => undefined, shutdown: async () => undefined };
    expect(resolveConfig({ exporter }, noEnv).exporter).toBe('custom');
    expect(resolveConfig({ tracerProvider: { getTracer: () => undefined as never }, exporter: 'console' }, noEnv).exporter).toBe('provider');
  });

  it('accepts every sampling rule shape', () => {
    const sampling = {
      a: 'always',
      b: 'never',
      c: { random: 0.1 },
      d: { rateLimited: 5 },
      e: { reservoir: 10 },
      f: { reservoir: 10, perMs: 500 },
      g: { adaptive: 20 },
    } as const;
    expect(resolveConfig({ events: { sampling } }, noEnv).events.sampling).toEqual(sampling);
  });
});

describe('resolveConfig validation', () => {
  const exporterObject = { export: () => undefined, shutdown: async () => undefined };
  // [what, options, env, fragments the message must contain: the setting and the value]
  const cases: Array<[string, unknown, NodeJS.ProcessEnv, string[]]> = [
    ['unknown exporter name', { exporter: 'zipkin' }, {}, ['option "exporter"', "'zipkin'", "'console'"]],
    ['exporter object without export()', { exporter: { shutdown: async () => undefined } }, {}, ['option "exporter"', 'export()']],
    ['exporter object without shutdown()', { exporter: { export: () => undefined } }, {}, ['option "exporter"', 'shutdown()']],
    ['ratio above 1', { sampler: { ratio: 1.5 } }, {}, ['option "sampler.ratio"', 'from 0 to 1', 'got 1.5']],
    ['ratio below 0', { sampler: { ratio: -0.1 } }, {}, ['option "sampler.ratio"', 'got -0.1']],
    ['ratio NaN', { sampler: { ratio: Number.NaN } }, {}, ['option "sampler.ratio"', 'got NaN']],
    ['ratio as string', { sampler: { ratio: '0.5' } }, {}, ['option "sampler.ratio"', "got '0.5'"]],
    ['parentBased not boolean', { sampler: { parentBased: 'yes' } }, {}, ['option "sampler.parentBased"', "got 'yes'"]],
    ['negative delay', { batch: { scheduledDelayMs: -1 } }, {}, ['option "batch.scheduledDelayMs"', 'got -1']],
    ['infinite export timeout', { batch: { exportTimeoutMs: Infinity } }, {}, ['option "batch.exportTimeoutMs"', 'got Infinity']],
    ['zero queue size', { batch: { maxQueueSize: 0 } }, {}, ['option "batch.maxQueueSize"', 'positive integer', 'got 0']],
    ['fractional batch size', { batch: { maxExportBatchSize: 1.5 } }, {}, ['option "batch.maxExportBatchSize"', 'got 1.5']],
    ['batch size above queue size', { batch: { maxQueueSize: 10, maxExportBatchSize: 20 } }, {}, ['option "batch.maxExportBatchSize"', 'at most batch.maxQueueSize (10)', 'got 20']],
    ['negative otlp timeout', { otlp: { timeoutMs: -5 } }, {}, ['option "otlp.timeoutMs"', 'got -5']],
    ['otlp url not http', { otlp: { url: 'ftp://x' } }, {}, ['option "otlp.url"', "got 'ftp://x'"]],
    ['otlp header not string', { otlp: { headers: { a: 1 } } }, {}, ['option "otlp.headers"', 'a: 1']],
    ['non-string service name', { serviceName: 42 }, {}, ['option "serviceName"', 'got 42']],
    ['empty service name', { serviceName: '' }, {}, ['option "serviceName"', "got ''"]],
    ['resource attribute object', { resource: { nested: { a: 1 } } }, {}, ['option "resource.nested"', 'a: 1']],
    ['unknown span processor', { spanProcessor: 'fast' }, {}, ['option "spanProcessor"', "got 'fast'", "'batch'"]],
    ['registerGlobal not boolean', { registerGlobal: 1 }, {}, ['option "registerGlobal"', 'got 1']],
    ['tracerProvider without getTracer', { tracerProvider: {} }, {}, ['option "tracerProvider"', 'got {}']],
    ['clock without setInterval', { clock: { now: () => 0, clearInterval: () => undefined } }, {}, ['option "clock"', 'setInterval()']],
    ['random not a function', { random: 0.5 }, {}, ['option "random"', 'got 0.5']],
    ['batch not an object', { batch: 5 }, {}, ['option "batch"', 'got 5']],
    ['negative dedup window', { events: { dedupWindowMs: -1 } }, {}, ['option "events.dedupWindowMs"', 'got -1']],
    ['zero batch interval', { events: { batchIntervalMs: 0 } }, {}, ['option "events.batchIntervalMs"', 'got 0']],
    ['zero max batch size', { events: { maxBatchSize: 0 } }, {}, ['option "events.maxBatchSize"', 'got 0']],
    ['NaN max dedup keys', { events: { maxDedupKeys: Number.NaN } }, {}, ['option "events.maxDedupKeys"', 'got NaN']],
    ['negative max batch keys', { events: { maxBatchKeys: -3 } }, {}, ['option "events.maxBatchKeys"', 'got -3']],
    ['random rule above 1', { events: { sampling: { 'db.query': { random: 2 } } } }, {}, ["option \"events.sampling['db.query'].random\"", 'got 2']],
    ['rateLimited zero', { events: { sampling: { a: { rateLimited: 0 } } } }, {}, ["option \"events.sampling['a'].rateLimited\"", 'got 0']],
    ['rateLimited infinite', { events: { sampling: { a: { rateLimited: Infinity } } } }, {}, ["events.sampling['a'].rateLimited", 'got Infinity']],
    ['reservoir fractional', { events: { sampling: { a: { reservoir: 2.5 } } } }, {}, ["option \"events.sampling['a'].reservoir\"", 'got 2.5']],
    ['reservoir perMs zero', { events: { sampling: { a: { reservoir: 2, perMs: 0 } } } }, {}, ["option \"events.sampling['a'].perMs\"", 'got 0']],
    ['adaptive negative', { events: { sampling: { a: { adaptive: -1 } } } }, {}, ["option \"events.sampling['a'].adaptive\"", 'got -1']],
    ['unknown rule', { events: { sampling: { a: 'sometimes' } } }, {}, ["option \"events.sampling['a']\"", "got 'sometimes'", "'always'"]],
    ['rule with extra key', { events: { sampling: { a: { random: 0.5, burst: 3 } } } }, {}, ["option \"events.sampling['a']\"", 'burst: 3']],
    ['redact entry not string', { errorContext: { redact: ['password', 5] } }, {}, ['option "errorContext.redact[1]"', 'got 5']],
    ['redact not array', { errorContext: { redact: 'password' } }, {}, ['option "errorContext.redact"', "got 'password'"]],
    ['zero max value length', { errorContext: { maxValueLength: 0 } }, {}, ['option "errorContext.maxValueLength"', 'got 0']],
    ['negative max breadcrumbs', { errorContext: { maxBreadcrumbs: -1 } }, {}, ['option "errorContext.maxBreadcrumbs"', 'got -1']],
    ['fractional max breadcrumbs', { errorContext: { maxBreadcrumbs: 1.5 } }, {}, ['option "errorContext.maxBreadcrumbs"', 'an integer >= 0', 'got 1.5']],
    ['infinite max breadcrumbs', { errorContext: { maxBreadcrumbs: Infinity } }, {}, ['option "errorContext.maxBreadcrumbs"', 'got Infinity']],
    ['fractional max keys', { errorContext: { maxKeys: 2.5 } }, {}, ['option "errorContext.maxKeys"', 'a positive integer', 'got 2.5']],
    ['fractional max value length', { errorContext: { maxValueLength: 10.5 } }, {}, ['option "errorContext.maxValueLength"', 'got 10.5']],
    ['fractional max batch size', { events: { maxBatchSize: 2.5 } }, {}, ['option "events.maxBatchSize"', 'a positive integer', 'got 2.5']],
    ['propagateKeys entry not string', { errorContext: { propagateKeys: [1] } }, {}, ['option "errorContext.propagateKeys[0]"', 'got 1']],
    ['otlp header name with a space', { otlp: { headers: { 'my key': 'v' } } }, {}, ['option "otlp.headers"', 'HTTP token', "got 'my key'"]],
    ['otlp header value with CR LF', { otlp: { headers: { 'x-key': 'abc\r\n' } } }, {}, ["option \"otlp.headers['x-key']\"", 'visible ASCII', 'U+000D at position 3']],
    ['otlp header value with non-ASCII', { otlp: { headers: { 'x-key': '€' } } }, {}, ["option \"otlp.headers['x-key']\"", 'U+20AC at position 0']],
    ['otlp protocol grpc', { otlp: { protocol: 'grpc' } }, {}, ['option "otlp.protocol"', "'http/protobuf', 'http/json'", 'gRPC is not supported', "got 'grpc'"]],
    ['otlp protocol against the exporter name', { exporter: 'otlp-json', otlp: { protocol: 'http/protobuf' } }, {}, ['option "otlp.protocol"', "'http/json' with the exporter 'otlp-json'", "got 'http/protobuf'"]],
  ];

  it.each(cases)('rejects %s, naming the setting and the value', (_what, options, env, fragments) => {
    const message = rejection(options, env);
    expect(message.startsWith('createTelemetry: ')).toBe(true);
    for (const fragment of fragments) expect(message).toContain(fragment);
  });

  it('rejects unknown option keys, listing the allowed ones and the likely one', () => {
    const message = rejection({ exporer: 'console' });
    expect(message).toContain('unknown option "exporer"');
    expect(message).toContain('did you mean "exporter"');
    expect(message).toContain('allowed: serviceName, resource, exporter');
  });

  it.each([
    [{ batch: { maxQueSize: 1 } }, 'batch.maxQueSize', 'maxQueueSize'],
    [{ sampler: { rate: 1 } }, 'sampler.rate', 'ratio, parentBased'],
    [{ otlp: { endpoint: 'http://x' } }, 'otlp.endpoint', 'url, headers, timeoutMs, protocol'],
    [{ events: { dedupWindow: 1 } }, 'events.dedupWindow', 'dedupWindowMs'],
    [{ errorContext: { redactKeys: [] } }, 'errorContext.redactKeys', 'redact'],
  ])('rejects the unknown nested key in %o', (options, path, allowed) => {
    const message = rejection(options);
    expect(message).toContain(`unknown option "${path}"`);
    expect(message).toContain(allowed);
  });

  it('accepts a SpanExporter object that has both methods', () => {
    expect(() => resolveConfig({ exporter: exporterObject }, noEnv)).not.toThrow();
  });
});

describe('resolveConfig group sources', () => {
  it('gives each option group the strongest source of its values', () => {
    const config = resolveConfig(
      { sampler: { ratio: 0.25 }, events: { dedupWindowMs: 100 } },
      { OTEL_BSP_MAX_QUEUE_SIZE: '4096' },
    );
    expect(config.sources.sampler).toBe('option');
    expect(config.sources.events).toBe('option');
    expect(config.sources.batch).toBe('env');
    expect(config.sources.errorContext).toBe('default');
    expect(config.sources.otlp).toBe('default');
  });
});
