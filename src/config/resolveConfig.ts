import type { Attributes, AttributeValue } from '@opentelemetry/api';
import { resolveBatchSettings } from './batchSettings.js';
import { DEFAULTS } from './defaults.js';
import { resolveSignalExporter } from './exporterSettings.js';
import { resolveLogs, resolveMetrics } from './logsAndMetrics.js';
import type {
  ConfigSource,
  ResolvedConfig,
  ResolvedErrorContextConfig,
  ResolvedEventsConfig,
  SamplingRule,
  TelemetryOptions,
} from './options.js';
import { EnvReader } from './envReader.js';
import { checkOtlpOption, resolveOtlpFlavour, resolveSignalOtlp } from './otlpSettings.js';
import { readResourceAttributes, readSampler, readSdkDisabled } from './readEnvironment.js';
import {
  DURATION,
  NON_NEGATIVE_INTEGER,
  POSITIVE_DURATION,
  POSITIVE_INTEGER,
  POSITIVE_NUMBER,
  RATIO,
  checkBoolean,
  checkKnownKeys,
  checkNonEmptyString,
  checkNumber,
  checkOneOf,
  checkOptionalObject,
  invalidSetting,
  isPlainObject,
  optionLabel,
  pickBoolean,
  pickNumber,
  type Sources,
} from './settingChecks.js';

const SPAN_PROCESSORS = Object.freeze(['batch', 'simple'] as const);

const OPTION_KEYS = Object.freeze([
  'serviceName',
  'resource',
  'exporter',
  'otlp',
  'spanProcessor',
  'batch',
  'sampler',
  'tracerProvider',
  'registerGlobal',
  'logs',
  'metrics',
  'loggerProvider',
  'meterProvider',
  'warnings',
  'flushOnExit',
  'events',
  'errorContext',
  'clock',
  'random',
]);
const SAMPLER_KEYS = Object.freeze(['ratio', 'parentBased']);
const EVENTS_KEYS = Object.freeze(['dedupWindowMs', 'batchIntervalMs', 'maxBatchSize', 'maxDedupKeys', 'maxBatchKeys', 'sampling']);
const ERROR_CONTEXT_KEYS = Object.freeze(['redact', 'redactDefaults', 'maxValueLength', 'maxKeys', 'maxBreadcrumbs', 'propagateKeys']);

/** Event fields with no environment variable: option key and rule. */
const EVENT_FIELDS = Object.freeze([
  ['dedupWindowMs', DURATION],
  ['batchIntervalMs', POSITIVE_DURATION],
  ['maxBatchSize', POSITIVE_INTEGER],
  ['maxDedupKeys', POSITIVE_INTEGER],
  ['maxBatchKeys', POSITIVE_INTEGER],
] as const);

const SAMPLING_RULE_SHAPES =
  "'always', 'never', { random: 0..1 }, { rateLimited: n > 0 }, { reservoir: positive integer, perMs?: n > 0 } or { adaptive: n > 0 }";

/**
 * Options + `OTEL_*` environment -> the frozen effective configuration. Precedence for
 * every value: explicit option, then environment variable, then `DEFAULTS`;
 * `OTEL_SDK_DISABLED=true` wins over everything and exports nothing. A bad option throws a
 * `TypeError` naming the option, the value and what is allowed (options are code). The
 * environment never throws (it is operations, and must not stop a service from starting):
 * a value that cannot be used is ignored, its default applies, and `config.warnings` says so.
 *
 * @example
 * const config = resolveConfig({ serviceName: 'checkout' }, process.env);
 * config.sources.serviceName; // 'option'
 */
export function resolveConfig(options: TelemetryOptions | undefined, variables: NodeJS.ProcessEnv): ResolvedConfig {
  const input = checkOptionalObject('options', options) ?? {};
  checkKnownKeys(undefined, input, OPTION_KEYS);
  const sources: Sources = {};
  const env = new EnvReader(variables);

  checkClock(input.clock);
  if (input.random !== undefined && typeof input.random !== 'function') {
    throw invalidSetting(optionLabel('random'), 'a function returning a number in [0, 1)', input.random);
  }

  const sdkDisabled = readSdkDisabled(env) ?? DEFAULTS.sdkDisabled;
  sources.sdkDisabled = env.string('OTEL_SDK_DISABLED') === undefined ? 'default' : 'env';

  const resourceOption = checkResourceOption(input.resource);
  const envResource = readResourceAttributes(env);
  const serviceName = resolveServiceName(input.serviceName, resourceOption, envResource, env, sources);
  const resource = resolveResource(resourceOption, envResource, sources);

  const otlpOption = checkOtlpOption('otlp', input.otlp);
  const named = resolveSignalExporter(
    {
      signal: 'traces',
      objects: {
        providerPath: 'tracerProvider',
        providerMethod: 'getTracer',
        providerType: 'TracerProvider',
        exporterPath: 'exporter',
        exporterType: 'SpanExporter',
      },
      provider: input.tracerProvider,
      exporter: input.exporter,
      urlGiven: otlpOption?.url !== undefined,
      baseEndpointCounts: true,
      inherited: undefined,
      sdkDisabled,
    },
    env,
    sources,
  );
  const chosen = { exporter: named, source: sources.exporter ?? 'default' } as const;
  const exporter = resolveOtlpFlavour('traces', 'otlp', otlpOption, undefined, chosen, env, sources);
  const otlp = resolveSignalOtlp('traces', 'otlp', otlpOption, undefined, exporter, env, sources);

  let spanProcessor: 'batch' | 'simple';
  if (input.spanProcessor !== undefined) {
    spanProcessor = checkOneOf(optionLabel('spanProcessor'), input.spanProcessor, SPAN_PROCESSORS);
    sources.spanProcessor = 'option';
  } else {
    spanProcessor = exporter === 'memory' ? (DEFAULTS.spanProcessorForMemory as 'simple') : (DEFAULTS.spanProcessor as 'batch');
    sources.spanProcessor = 'default';
  }

  const batch = resolveBatchSettings('batch', checkOptionalObject('batch', input.batch), 'OTEL_BSP_', DEFAULTS.batch, env, sources);
  const sampler = resolveSampler(checkOptionalObject('sampler', input.sampler), env, sources);

  let registerGlobal = pickBoolean('registerGlobal', input.registerGlobal, DEFAULTS.registerGlobal, sources);
  if (sdkDisabled && registerGlobal) {
    // Nothing is registered when the SDK is disabled.
    registerGlobal = false;
    sources.registerGlobal = 'env';
  }
  // The option `warnings` is `config.writeWarnings`: `config.warnings` lists what was written.
  const writeWarnings = input.warnings === undefined ? DEFAULTS.writeWarnings : checkBoolean(optionLabel('warnings'), input.warnings);
  sources.writeWarnings = input.warnings === undefined ? 'default' : 'option';
  const flushOnExit = pickBoolean('flushOnExit', input.flushOnExit, DEFAULTS.flushOnExit, sources);
  const events = resolveEvents(checkOptionalObject('events', input.events), sources);
  const errorContext = resolveErrorContext(checkOptionalObject('errorContext', input.errorContext), sources);
  // Logs and metrics inherit the exporter as named: each resolves its own protocol.
  const traces = { exporter: named, otlp: otlpOption, sdkDisabled };
  const logs = resolveLogs(input, traces, env, sources);
  const metrics = resolveMetrics(input, traces, env, sources);

  const config: ResolvedConfig = {
    sdkDisabled,
    serviceName,
    resource,
    exporter,
    otlp,
    spanProcessor,
    batch,
    sampler,
    registerGlobal,
    writeWarnings,
    // Taken last: every variable has been read by now.
    warnings: env.warnings(),
    flushOnExit,
    events,
    errorContext,
    logs,
    metrics,
    sources,
  };
  summarizeGroupSources(sources);
  return deepFreeze(config);
}

const GROUPS_WITHOUT_OWN_SOURCE = ['otlp', 'batch', 'sampler', 'events', 'errorContext', 'logs', 'metrics'] as const;

/**
 * Gives each option group (`batch`, `sampler`, …) a source of its own, so `sources.batch`
 * answers too: `'option'` when any of its values came from an option, else `'env'` when
 * any came from the environment, else `'default'`.
 */
function summarizeGroupSources(sources: Sources): void {
  for (const group of GROUPS_WITHOUT_OWN_SOURCE) {
    const prefix = `${group}.`;
    let source: ConfigSource = 'default';
    for (const [path, pathSource] of Object.entries(sources)) {
      if (!path.startsWith(prefix) || pathSource === 'default') continue;
      source = pathSource;
      if (pathSource === 'option') break;
    }
    sources[group] = source;
  }
}

function checkClock(clock: unknown): void {
  if (clock === undefined) return;
  const candidate = clock as Record<string, unknown> | null;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    typeof candidate.now !== 'function' ||
    typeof candidate.setInterval !== 'function' ||
    typeof candidate.clearInterval !== 'function'
  ) {
    throw invalidSetting(optionLabel('clock'), 'an object with now(), setInterval() and clearInterval() functions', clock);
  }
}

function isAttributeValue(value: unknown): value is AttributeValue {
  const type = typeof value;
  if (type === 'string' || type === 'number' || type === 'boolean') return true;
  return Array.isArray(value) && value.every((item) => item === null || item === undefined || ['string', 'number', 'boolean'].includes(typeof item));
}

function checkResourceOption(value: unknown): Record<string, AttributeValue> | undefined {
  const resource = checkOptionalObject('resource', value);
  if (!resource) return undefined;
  for (const [key, attribute] of Object.entries(resource)) {
    if (!isAttributeValue(attribute)) {
      throw invalidSetting(optionLabel(`resource.${key}`), 'a string, number, boolean or an array of them', attribute);
    }
  }
  return resource as Record<string, AttributeValue>;
}

/** `serviceName` > `OTEL_SERVICE_NAME` > `resource['service.name']` > the env resource's > default. */
function resolveServiceName(
  option: unknown,
  resourceOption: Record<string, AttributeValue> | undefined,
  envResource: Record<string, string> | undefined,
  env: EnvReader,
  sources: Sources,
): string {
  if (option !== undefined) {
    sources.serviceName = 'option';
    return checkNonEmptyString(optionLabel('serviceName'), option);
  }
  const fromEnv = env.string('OTEL_SERVICE_NAME');
  if (fromEnv !== undefined) {
    sources.serviceName = 'env';
    return fromEnv;
  }
  const fromResource = resourceOption?.['service.name'];
  if (fromResource !== undefined) {
    sources.serviceName = 'option';
    return checkNonEmptyString(optionLabel('resource.service.name'), fromResource);
  }
  const fromEnvResource = envResource?.['service.name'];
  if (fromEnvResource !== undefined && fromEnvResource !== '') {
    sources.serviceName = 'env';
    return fromEnvResource;
  }
  sources.serviceName = 'default';
  return DEFAULTS.serviceName;
}

/** `OTEL_RESOURCE_ATTRIBUTES` with the `resource` option over it, key by key; `service.name` lives in `serviceName`. */
function resolveResource(
  option: Record<string, AttributeValue> | undefined,
  envResource: Record<string, string> | undefined,
  sources: Sources,
): Attributes {
  const resource: Attributes = {};
  for (const [attributes, source] of [
    [envResource, 'env'],
    [option, 'option'],
  ] as const) {
    if (!attributes) continue;
    for (const [key, value] of Object.entries(attributes)) {
      if (key === 'service.name') continue;
      resource[key] = Array.isArray(value) ? [...(value as unknown[])] as AttributeValue : value;
      sources[`resource.${key}`] = source;
    }
  }
  sources.resource = option ? 'option' : envResource ? 'env' : 'default';
  return resource;
}

function resolveSampler(option: Record<string, unknown> | undefined, env: EnvReader, sources: Sources): ResolvedConfig['sampler'] {
  if (option) checkKnownKeys('sampler', option, SAMPLER_KEYS);
  // Both fields given: the variables do not matter, so they are not read (nor warned about).
  const fromEnv = option?.ratio !== undefined && option.parentBased !== undefined ? undefined : readSampler(env);
  let ratio: number = DEFAULTS.sampler.ratio;
  let parentBased: boolean = DEFAULTS.sampler.parentBased;
  sources['sampler.ratio'] = 'default';
  sources['sampler.parentBased'] = 'default';
  if (option?.ratio !== undefined) {
    ratio = checkNumber(optionLabel('sampler.ratio'), option.ratio, RATIO);
    sources['sampler.ratio'] = 'option';
  } else if (fromEnv) {
    ratio = fromEnv.ratio;
    sources['sampler.ratio'] = 'env';
  }
  if (option?.parentBased !== undefined) {
    parentBased = checkBoolean(optionLabel('sampler.parentBased'), option.parentBased);
    sources['sampler.parentBased'] = 'option';
  } else if (fromEnv) {
    parentBased = fromEnv.parentBased;
    sources['sampler.parentBased'] = 'env';
  }
  return { ratio, parentBased };
}

function resolveEvents(option: Record<string, unknown> | undefined, sources: Sources): ResolvedEventsConfig {
  if (option) checkKnownKeys('events', option, EVENTS_KEYS);
  const events: { -readonly [K in keyof ResolvedEventsConfig]: ResolvedEventsConfig[K] } = { ...DEFAULTS.events, sampling: {} };
  for (const [key, rule] of EVENT_FIELDS) {
    pickNumber(`events.${key}`, option?.[key], rule, sources, (value) => (events[key] = value));
  }
  sources['events.sampling'] = 'default';
  const sampling = checkOptionalObject('events.sampling', option?.sampling);
  if (sampling) {
    events.sampling = Object.fromEntries(
      Object.entries(sampling).map(([name, rule]) => [name, checkSamplingRule(`events.sampling['${name}']`, rule)]),
    );
    sources['events.sampling'] = 'option';
  }
  return events;
}

/** A fresh copy of a valid rule (so freezing the config never freezes the caller's objects). */
function checkSamplingRule(path: string, rule: unknown): SamplingRule {
  if (rule === 'always' || rule === 'never') return rule;
  if (!isPlainObject(rule)) throw invalidSetting(optionLabel(path), SAMPLING_RULE_SHAPES, rule);
  const keys = Object.keys(rule);
  const only = (...allowed: string[]): void => {
    if (!keys.every((key) => allowed.includes(key))) throw invalidSetting(optionLabel(path), SAMPLING_RULE_SHAPES, rule);
  };
  if ('random' in rule) {
    only('random');
    return { random: checkNumber(optionLabel(`${path}.random`), rule.random, RATIO) };
  }
  if ('rateLimited' in rule) {
    only('rateLimited');
    return { rateLimited: checkNumber(optionLabel(`${path}.rateLimited`), rule.rateLimited, POSITIVE_NUMBER) };
  }
  if ('reservoir' in rule) {
    only('reservoir', 'perMs');
    const reservoir = checkNumber(optionLabel(`${path}.reservoir`), rule.reservoir, POSITIVE_INTEGER);
    if (rule.perMs === undefined) return { reservoir };
    return { reservoir, perMs: checkNumber(optionLabel(`${path}.perMs`), rule.perMs, POSITIVE_DURATION) };
  }
  if ('adaptive' in rule) {
    only('adaptive');
    return { adaptive: checkNumber(optionLabel(`${path}.adaptive`), rule.adaptive, POSITIVE_NUMBER) };
  }
  throw invalidSetting(optionLabel(path), SAMPLING_RULE_SHAPES, rule);
}

function resolveErrorContext(option: Record<string, unknown> | undefined, sources: Sources): ResolvedErrorContextConfig {
  if (option) checkKnownKeys('errorContext', option, ERROR_CONTEXT_KEYS);
  const resolved: { -readonly [K in keyof ResolvedErrorContextConfig]: ResolvedErrorContextConfig[K] } = {
    redact: [],
    redactDefaults: true,
    maxValueLength: DEFAULTS.errorContext.maxValueLength,
    maxKeys: DEFAULTS.errorContext.maxKeys,
    maxBreadcrumbs: DEFAULTS.errorContext.maxBreadcrumbs,
    propagateKeys: [],
  };
  pickNumber('errorContext.maxValueLength', option?.maxValueLength, POSITIVE_INTEGER, sources, (value) => (resolved.maxValueLength = value));
  pickNumber('errorContext.maxKeys', option?.maxKeys, POSITIVE_INTEGER, sources, (value) => (resolved.maxKeys = value));
  pickNumber('errorContext.maxBreadcrumbs', option?.maxBreadcrumbs, NON_NEGATIVE_INTEGER, sources, (value) => (resolved.maxBreadcrumbs = value));

  resolved.redactDefaults = pickBoolean('errorContext.redactDefaults', option?.redactDefaults, true, sources);
  let added: Array<string | RegExp> = [];
  sources['errorContext.redact'] = 'default';
  if (option?.redact !== undefined) {
    added = checkList('errorContext.redact', option.redact, 'a non-empty string or a RegExp', (item) =>
      (typeof item === 'string' && item.length > 0) || item instanceof RegExp,
    ) as Array<string | RegExp>;
    sources['errorContext.redact'] = 'option';
  }
  // Patterns of the options add to the defaults: a user who adds `/^internal_/` keeps passwords hidden.
  resolved.redact = resolved.redactDefaults ? [...DEFAULTS.errorContext.redact, ...added] : added;
  sources['errorContext.propagateKeys'] = 'default';
  if (option?.propagateKeys !== undefined) {
    resolved.propagateKeys = checkList('errorContext.propagateKeys', option.propagateKeys, 'a non-empty string', (item) =>
      typeof item === 'string' && item.length > 0,
    ) as string[];
    sources['errorContext.propagateKeys'] = 'option';
  }
  return resolved;
}

function checkList(path: string, value: unknown, itemAllowed: string, isValid: (item: unknown) => boolean): unknown[] {
  if (!Array.isArray(value)) throw invalidSetting(optionLabel(path), `an array of which each item is ${itemAllowed}`, value);
  value.forEach((item, index) => {
    if (!isValid(item)) throw invalidSetting(optionLabel(`${path}[${index}]`), itemAllowed, item);
  });
  return [...value];
}

/** Freezes plain objects and arrays all the way down; RegExps stay usable (`lastIndex`). */
function deepFreeze<T>(value: T): T {
  if (Array.isArray(value) || isPlainObject(value)) {
    for (const child of Object.values(value as object)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
