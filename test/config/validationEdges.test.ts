import { describe, expect, it } from 'vitest';
import { counter } from '../../src/index.js';
import type { TelemetryOptions } from '../../src/config/options.js';
import { resolveConfig } from '../../src/config/resolveConfig.js';
import { rejection } from './rejection.js';
import { closestName, formatValue } from '../../src/config/settingChecks.js';

describe('the edges of what options accept', () => {
  it('accepts the ends of each range: ratios 0 and 1, zero durations, zero breadcrumbs', () => {
    expect(resolveConfig({ sampler: { ratio: 1 } }, {}).sampler.ratio).toBe(1);
    expect(resolveConfig({ sampler: { ratio: 0 } }, {}).sampler.ratio).toBe(0);
    expect(resolveConfig({ events: { sampling: { e: { random: 1 } } } }, {}).events.sampling).toEqual({ e: { random: 1 } });
    expect(resolveConfig({ events: { dedupWindowMs: 0 } }, {}).events.dedupWindowMs).toBe(0);
    expect(resolveConfig({ batch: { scheduledDelayMs: 0 } }, {}).batch.scheduledDelayMs).toBe(0);
    expect(resolveConfig({ errorContext: { maxBreadcrumbs: 0 } }, {}).errorContext.maxBreadcrumbs).toBe(0);
    expect(resolveConfig({}, { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '1' }).sampler).toEqual({ ratio: 1, parentBased: false });
    expect(resolveConfig({}, { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0' }).sampler).toEqual({ ratio: 0, parentBased: false });
  });

  it('accepts resource values of each attribute type, arrays with empty slots included', () => {
    const resource = { name: 'n', count: 2, on: false, list: ['a', null, undefined], numbers: [1, 2], flags: [true] };
    expect(resolveConfig({ resource }, {}).resource).toEqual(resource);
  });

  it.each([
    ['an object', { nested: { a: 1 } }, 'resource.nested'],
    ['an array of objects', { list: [{ a: 1 }] }, 'resource.list'],
    ['a function', { fn: () => 1 }, 'resource.fn'],
    ['a BigInt', { big: 1n }, 'resource.big'],
    ['an array with an object among strings', { list: ['a', { a: 1 }] }, 'resource.list'],
  ])('refuses a resource value that is %s', (_what, resource, path) => {
    expect(rejection({ resource })).toContain(`option "${path}" must be a string, number, boolean or an array of them`);
  });

  it.each<[string, unknown]>([
    ['a number', 5],
    ['null', null],
    ['without now()', { setInterval: () => 0, clearInterval: () => undefined }],
    ['without clearInterval()', { now: () => 0, setInterval: () => 0 }],
    ['with a now that is no function', { now: 0, setInterval: () => 0, clearInterval: () => undefined }],
    ['a function carrying the three methods', Object.assign(() => 0, { now: () => 0, setInterval: () => 0, clearInterval: () => undefined })],
  ])('refuses a clock that is %s', (_what, clock) => {
    expect(rejection({ clock })).toContain('option "clock" must be an object with now(), setInterval() and clearInterval() functions');
  });

  it('refuses null where an object is expected, naming the option rather than failing inside', () => {
    expect(rejection({ batch: null })).toBe('createTelemetry: option "batch" must be an object, got null');
    expect(rejection({ events: [] })).toBe('createTelemetry: option "events" must be an object, got []');
    expect(rejection({ events: [1, 2, 3, 4, 5, 6, 7, 8] })).toBe('createTelemetry: option "events" must be an object, got [ 1, 2, 3, 4, 5, 6, 7, 8 ]');
  });

  it('takes an OTLP URL as a string only, refusing a URL object', () => {
    expect(rejection({ otlp: { url: new URL('http://c:4318/v1/traces') } })).toMatch(
      /^createTelemetry: option "otlp\.url" must be an http:\/\/ or https:\/\/ URL, got URL \{ href: 'http:\/\/c:4318\/v1\/traces'/,
    );
    expect(rejection({ logs: { otlp: { url: new URL('http://c:4318/v1/logs') } } })).toContain('option "logs.otlp.url" must be an http:// or https:// URL');
  });

  it('refuses OTLP headers whose values are not all strings', () => {
    expect(rejection({ otlp: { headers: { a: 'x', b: 5 } } })).toContain('option "otlp.headers" must be an object of string header values');
  });

  it('refuses metric definitions that counter(), sum(), lastValue() or histogram() did not make', () => {
    // A function has a string name of its own: carrying a kind does not make it a definition.
    const namedFunction = Object.assign(function countQueries() {}, { kind: 'counter' });
    for (const definition of [null, 'db.query.count', { kind: 'gauge', name: 'x' }, { kind: 'counter' }, namedFunction]) {
      expect(rejection({ metrics: { definitions: [counter('ok.count'), definition] } })).toContain(
        'option "metrics.definitions[1]" must be a metric definition made by counter(), sum(), lastValue() or histogram()',
      );
    }
  });

  it.each([
    ['null', null],
    ['an object without getTracer()', { startSpan: () => undefined }],
    ['a string other than global', 'local'],
    ['a function carrying getTracer()', Object.assign(() => undefined, { getTracer: () => undefined })],
  ])('refuses a tracerProvider that is %s', (_what, tracerProvider) => {
    expect(rejection({ tracerProvider })).toContain(`option "tracerProvider" must be 'global' or a TracerProvider (an object with getTracer())`);
  });

  it("lists the exporter names when exporter is neither a known name nor an object", () => {
    expect(rejection({ exporter: 5 })).toContain(
      "option \"exporter\" must be one of 'console', 'otlp', 'otlp-proto', 'otlp-json', 'memory', 'none' or a SpanExporter object, got 5",
    );
    expect(rejection({ exporter: null })).toContain('got null');
  });
});

describe('each refusal names its option', () => {
  it.each([
    [5, 'option "options" must be an object, got 5'],
    [{ warnings: 'yes' }, "option \"warnings\" must be true or false, got 'yes'"],
    [{ flushOnExit: 'x' }, "option \"flushOnExit\" must be true or false, got 'x'"],
    [{ random: 0.5 }, 'option "random" must be a function returning a number in [0, 1), got 0.5'],
    [{ resource: { 'service.name': '' } }, "option \"resource.service.name\" must be a non-empty string, got ''"],
    [{ errorContext: { propagateKeys: 'tenant' } }, "option \"errorContext.propagateKeys\" must be an array of which each item is a non-empty string, got 'tenant'"],
    [{ sampler: 5 }, 'option "sampler" must be an object, got 5'],
    [{ spanProcessor: 'fast' }, "option \"spanProcessor\" must be one of 'batch', 'simple', got 'fast'"],
    [{ events: 5 }, 'option "events" must be an object, got 5'],
    [{ events: { sampling: 5 } }, 'option "events.sampling" must be an object, got 5'],
    [{ errorContext: 5 }, 'option "errorContext" must be an object, got 5'],
    [{ resource: 5 }, 'option "resource" must be an object, got 5'],
    [{ logs: 5 }, 'option "logs" must be an object, got 5'],
    [{ logs: { otlp: 5 } }, 'option "logs.otlp" must be an object, got 5'],
    [{ metrics: 5 }, 'option "metrics" must be an object, got 5'],
    [{ metrics: { intervall: 1 } }, 'unknown option "metrics.intervall" (did you mean "intervalMs"?); allowed: definitions, exporter, otlp, intervalMs, exportTimeoutMs'],
    [{ metrics: { otlp: { protocol: 'grpc' } } }, "option \"metrics.otlp.protocol\" must be one of 'http/protobuf', 'http/json' (gRPC is not supported), got 'grpc'"],
    [{ metrics: { exportTimeoutMs: 0 } }, 'option "metrics.exportTimeoutMs" must be a finite number of milliseconds > 0, got 0'],
    [
      { exporter: 'otlp-proto', otlp: { protocol: 'http/json' } },
      "option \"otlp.protocol\" must be 'http/protobuf' with the exporter 'otlp-proto' (the exporter 'otlp' takes either), got 'http/json'",
    ],
    [
      { logs: { exporter: 'otlp-json', otlp: { protocol: 'http/protobuf' } } },
      "option \"logs.otlp.protocol\" must be 'http/json' with the exporter 'otlp-json' (the exporter 'otlp' takes either), got 'http/protobuf'",
    ],
    [
      { metrics: { exporter: 'otlp-proto', otlp: { protocol: 'http/json' } } },
      "option \"metrics.otlp.protocol\" must be 'http/protobuf' with the exporter 'otlp-proto' (the exporter 'otlp' takes either), got 'http/json'",
    ],
    [
      { events: { sampling: { a: {} } } },
      "option \"events.sampling['a']\" must be 'always', 'never', { random: 0..1 }, { rateLimited: n > 0 }, { reservoir: positive integer, perMs?: n > 0 } or { adaptive: n > 0 }, got {}",
    ],
    [
      { events: { sampling: { a: { burst: 3 } } } },
      "option \"events.sampling['a']\" must be 'always', 'never', { random: 0..1 }, { rateLimited: n > 0 }, { reservoir: positive integer, perMs?: n > 0 } or { adaptive: n > 0 }, got { burst: 3 }",
    ],
  ])('%o', (options, message) => {
    expect(rejection(options)).toBe(`createTelemetry: ${message}`);
  });
});

describe('the environment at its edges', () => {
  it('names the samplers it knows when OTEL_TRACES_SAMPLER is unknown', () => {
    expect(resolveConfig({}, { OTEL_TRACES_SAMPLER: 'jaeger_remote' }).warnings).toEqual([
      "environment variable OTEL_TRACES_SAMPLER must be one of always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off, parentbased_traceidratio, got 'jaeger_remote': ignored, the default (parentbased_always_on) applies",
    ]);
  });

  it('reads no sampler argument for always_on and always_off', () => {
    const sampler = (name: string) => resolveConfig({}, { OTEL_TRACES_SAMPLER: name, OTEL_TRACES_SAMPLER_ARG: '0.2' }).sampler;
    expect(sampler('always_on')).toEqual({ ratio: 1, parentBased: false });
    expect(sampler('parentbased_always_on')).toEqual({ ratio: 1, parentBased: true });
    expect(sampler('always_off')).toEqual({ ratio: 0, parentBased: false });
  });

  it('skips blank names in an exporter list and warns about the unknown ones only', () => {
    const config = resolveConfig({}, { OTEL_TRACES_EXPORTER: ' , zipkin ,, console ' });
    expect(config.exporter).toBe('console');
    expect(config.warnings).toEqual([
      "environment variable OTEL_TRACES_EXPORTER must be a comma-separated list of otlp, console, none, got ' , zipkin ,, console ': ignored, 'zipkin' left out",
    ]);
    expect(resolveConfig({}, { OTEL_TRACES_EXPORTER: ',console' }).warnings).toEqual([]);
  });

  it('sends logs and metrics over OTLP when only their URL is given, and keeps a traces URL as given', () => {
    const config = resolveConfig({ logs: { otlp: { url: 'http://c/v1/logs' } }, metrics: { otlp: { url: 'http://c/v1/metrics' } } }, {});
    expect([config.exporter, config.logs.exporter, config.metrics.exporter]).toEqual(['none', 'otlp', 'otlp']);
    expect(config.sources).toMatchObject({ 'logs.exporter': 'option', 'metrics.exporter': 'option' });
    expect(resolveConfig({ otlp: { url: 'http://c:4318/custom' } }, {}).otlp.url).toBe('http://c:4318/custom');
  });

  it('falls back to the default service name for an empty service.name in OTEL_RESOURCE_ATTRIBUTES', () => {
    const config = resolveConfig({}, { OTEL_RESOURCE_ATTRIBUTES: 'service.name=' });
    expect(config.serviceName).toBe('unknown_service:node');
    expect(config.sources.serviceName).toBe('default');
  });

  it('says which protocol applies when a per-signal protocol variable is unusable', () => {
    expect(resolveConfig({}, { OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'grpc' }).warnings).toEqual([
      "environment variable OTEL_EXPORTER_OTLP_TRACES_PROTOCOL must be one of http/protobuf, http/json (gRPC is not supported), got 'grpc': ignored, OTEL_EXPORTER_OTLP_PROTOCOL or the default (http/protobuf) applies",
    ]);
    expect(resolveConfig({}, { OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }).warnings).toEqual([
      "environment variable OTEL_EXPORTER_OTLP_PROTOCOL must be one of http/protobuf, http/json (gRPC is not supported), got 'grpc': ignored, the default (http/protobuf) applies",
    ]);
  });

  it('ignores an OTLP endpoint that is not an http or https URL', () => {
    const config = resolveConfig({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'ftp://collector:4318' });
    expect(config.exporter).toBe('none');
    expect(config.warnings).toEqual(["environment variable OTEL_EXPORTER_OTLP_ENDPOINT must be an http:// or https:// URL, got 'ftp://collector:4318': ignored, the default applies"]);
    expect(resolveConfig({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector' }).otlp.url).toBe('https://collector/v1/traces');
  });

  it('skips blank header entries, trims the rest and drops only the malformed ones', () => {
    const config = resolveConfig({ exporter: 'otlp' }, { OTEL_EXPORTER_OTLP_HEADERS: ' a = 1 , , =x, b=%zz, c=3;prop=1 ' });
    expect(config.otlp.headers).toEqual({ a: '1', c: '3' });
    expect(config.warnings).toEqual([
      "environment variable OTEL_EXPORTER_OTLP_HEADERS must be a comma-separated list of key=value pairs, percent-encoded, got '=x': ignored, this entry is left out",
      "environment variable OTEL_EXPORTER_OTLP_HEADERS must be a comma-separated list of key=value pairs, percent-encoded, got an entry for 'b' with invalid percent-encoding: ignored, this entry is left out",
      "environment variable OTEL_EXPORTER_OTLP_HEADERS must be a comma-separated list of key=value pairs, percent-encoded without ';' properties (percent-encode ';' as %3B), got properties on 'c': ignored, the value up to ';' is sent",
    ]);
  });

  it('discards OTEL_RESOURCE_ATTRIBUTES whole for an entry with two =, and skips blank entries', () => {
    expect(resolveConfig({}, { OTEL_RESOURCE_ATTRIBUTES: ' team = a%20b ,, region=eu ' }).resource).toEqual({ team: 'a b', region: 'eu' });
    const config = resolveConfig({}, { OTEL_RESOURCE_ATTRIBUTES: 'team=a, k=v=w ' });
    expect(config.resource).toStrictEqual({});
    expect(config.warnings[0]).toContain("(the entry 'k=v=w' is malformed)");
    expect(resolveConfig({}, { OTEL_RESOURCE_ATTRIBUTES: 'team=%zz' }).resource).toStrictEqual({});
  });
});

describe('messages about bad values', () => {
  it('shows a bad value on one line, two levels deep, and cuts a long rendering at 240 characters', () => {
    expect(formatValue({ a: { b: { c: { d: 1 } } } })).toBe('{ a: { b: { c: [Object] } } }');
    const long = formatValue({ a: 'x'.repeat(150), b: 'y'.repeat(150) });
    expect(long).toHaveLength(241);
    expect(long.endsWith('…')).toBe(true);
    expect(formatValue('y'.repeat(230))).toBe(`'${'y'.repeat(200)}'... 30 more characters`);
    // On one line, whatever the shape: messages and warnings are single lines.
    expect(formatValue(Array.from({ length: 12 }, (_, index) => index))).toBe('[ 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, ... 2 more items ]');
    expect(formatValue(new Map([[1, { a: [1, 2, 3, 4, 5, 6, 7, 8] }]]))).toBe('Map(1) { 1 => { a: [ 1, 2, 3, 4, 5, 6, 7, 8 ] } }');
    // 240 characters are the limit itself: shown whole.
    const atLimit = { a: 'x'.repeat(100), b: 'y'.repeat(124) };
    expect(formatValue(atLimit)).toBe(`{ a: '${'x'.repeat(100)}', b: '${'y'.repeat(124)}' }`);
    expect(formatValue(atLimit)).toHaveLength(240);
  });

  it('suggests the allowed name within two edits, case-insensitively, the first of equally close ones', () => {
    expect(closestName('exporer', ['serviceName', 'exporter'])).toBe('exporter');
    expect(closestName('EXPORTR', ['exporter'])).toBe('exporter');
    expect(closestName('xporte', ['exporter'])).toBe('exporter');
    expect(closestName('xport', ['exporter'])).toBeUndefined();
    expect(closestName('batchs', ['batch', 'batchX'])).toBe('batch');
    expect(closestName('ab', ['a', 'b'])).toBe('a');
    expect(closestName('', ['ab', 'abc'])).toBe('ab');
    expect(closestName('abc', [''])).toBeUndefined();
    expect(closestName('x', ['abcdef'])).toBeUndefined();
    expect(closestName('', ['abc'])).toBeUndefined();
  });

  it('gives no hint for an unknown key that is close to nothing', () => {
    for (const key of ['zzzzzz', 'x', '']) {
      expect(rejection({ [key]: 1 }), `key '${key}'`).toMatch(new RegExp(`^createTelemetry: unknown option "${key}"; allowed: serviceName, `));
    }
  });
});

describe('where each value came from', () => {
  const everyOption: TelemetryOptions = {
    serviceName: 's',
    resource: { team: 't' },
    exporter: 'otlp',
    otlp: { url: 'http://c:4318/v1/traces', headers: { a: '1' }, timeoutMs: 100, protocol: 'http/json' },
    spanProcessor: 'simple',
    batch: { scheduledDelayMs: 1, maxQueueSize: 10, maxExportBatchSize: 5, exportTimeoutMs: 100 },
    sampler: { ratio: 0.5, parentBased: false },
    registerGlobal: true,
    warnings: false,
    flushOnExit: false,
    events: { dedupWindowMs: 1, batchIntervalMs: 1, maxBatchSize: 1, maxDedupKeys: 1, maxBatchKeys: 1, sampling: { e: 'never' } },
    errorContext: { redact: ['pin'], redactDefaults: false, maxValueLength: 1, maxKeys: 1, maxBreadcrumbs: 1, propagateKeys: ['tenant'] },
    logs: {
      exporter: 'otlp',
      otlp: { url: 'http://c:4318/v1/logs', headers: { b: '2' }, timeoutMs: 100, protocol: 'http/json' },
      events: 'all',
      processor: 'simple',
      batch: { scheduledDelayMs: 1, maxQueueSize: 10, maxExportBatchSize: 5, exportTimeoutMs: 100 },
    },
    metrics: {
      exporter: 'otlp',
      otlp: { url: 'http://c:4318/v1/metrics', headers: { c: '3' }, timeoutMs: 100, protocol: 'http/json' },
      intervalMs: 100,
      exportTimeoutMs: 50,
      definitions: [counter('db.query.count')],
    },
  };

  it('records option as the source of every value the options give, and keeps the same settings as the defaults', () => {
    const config = resolveConfig(everyOption, {});
    const notFromOptions = Object.entries(config.sources).filter(([, source]) => source !== 'option').map(([path]) => path);
    // Only the operator's off switch, and a resource key's own path, are never options.
    expect(notFromOptions).toEqual(['sdkDisabled']);
    const defaults = resolveConfig({}, {}).sources;
    expect(Object.keys(config.sources).filter((path) => !(path in defaults))).toEqual(['resource.team']);
    expect(Object.keys(defaults).filter((path) => !(path in config.sources))).toEqual([]);
  });

  it('records default for every value when nothing is given', () => {
    const sources = resolveConfig({}, {}).sources;
    expect(Object.entries(sources).filter(([, source]) => source !== 'default')).toEqual([]);
    expect(Object.keys(sources)).toContain('sampler.parentBased');
    expect(Object.keys(sources)).toContain('errorContext.propagateKeys');
    expect(Object.keys(sources)).not.toContain('');
  });

  it('records env for the values the environment gives', () => {
    const config = resolveConfig(
      {},
      {
        OTEL_SERVICE_NAME: 's',
        OTEL_RESOURCE_ATTRIBUTES: 'team=t',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
        OTEL_EXPORTER_OTLP_HEADERS: 'a=1',
        OTEL_EXPORTER_OTLP_TIMEOUT: '100',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_TRACES_SAMPLER: 'traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.5',
      },
    );
    expect(config.sources).toMatchObject({
      serviceName: 'env',
      resource: 'env',
      'resource.team': 'env',
      exporter: 'env',
      'otlp.url': 'env',
      'otlp.headers': 'env',
      'otlp.timeoutMs': 'env',
      'otlp.protocol': 'env',
      'sampler.ratio': 'env',
      'sampler.parentBased': 'env',
      sampler: 'env',
      otlp: 'env',
    });
    // service.name from OTEL_RESOURCE_ATTRIBUTES is an environment value too.
    expect(resolveConfig({}, { OTEL_RESOURCE_ATTRIBUTES: 'service.name=r' }).sources.serviceName).toBe('env');
    expect(resolveConfig({ resource: { 'service.name': 'r' } }, {}).sources.serviceName).toBe('option');
  });

  it('sets a group to option when any of its values is an option, else to env when any is from the environment', () => {
    const config = resolveConfig({ batch: { maxQueueSize: 10 } }, { OTEL_BSP_SCHEDULE_DELAY: '5', OTEL_BLRP_SCHEDULE_DELAY: '5' });
    expect(config.sources.batch).toBe('option');
    // The option wins wherever it stands among the group's values.
    expect(resolveConfig({ batch: { scheduledDelayMs: 10 } }, { OTEL_BSP_MAX_QUEUE_SIZE: '100' }).sources.batch).toBe('option');
    expect(config.sources.logs).toBe('env');
    expect(config.sources.events).toBe('default');
  });

  it('lets a batch size from the environment give way to a smaller queue size, back to its default', () => {
    const config = resolveConfig({ batch: { maxQueueSize: 10 } }, { OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '50' });
    expect(config.batch).toMatchObject({ maxQueueSize: 10, maxExportBatchSize: 10 });
    expect(config.sources['batch.maxExportBatchSize']).toBe('default');
    expect(config.warnings).toEqual([
      "environment variable OTEL_BSP_MAX_EXPORT_BATCH_SIZE must be at most the queue size (10), got '50': ignored, the batch size is the queue size",
    ]);
    const fromOption = resolveConfig({ batch: { maxExportBatchSize: 50 } }, { OTEL_BSP_MAX_QUEUE_SIZE: '10' });
    expect(fromOption.batch).toMatchObject({ maxQueueSize: 10, maxExportBatchSize: 10 });
    expect(fromOption.sources['batch.maxExportBatchSize']).toBe('option');
    expect(fromOption.warnings).toEqual([
      'environment variable OTEL_BSP_MAX_QUEUE_SIZE (10) is below option "batch.maxExportBatchSize" (50): the batch size is cut to the queue size',
    ]);
    // A default batch size follows a smaller queue without a word.
    const quiet = resolveConfig({ batch: { maxQueueSize: 10 } }, {});
    expect(quiet.batch.maxExportBatchSize).toBe(10);
    expect(quiet.warnings).toEqual([]);
  });
});
