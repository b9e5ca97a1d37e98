import { DEFAULTS } from './defaults.js';
import { resolveBatchSettings } from './batchSettings.js';
import type { EnvReader } from './envReader.js';
import { resolveSignalExporter } from './exporterSettings.js';
import type { MetricDefinition, ResolvedExporter, ResolvedLogsConfig, ResolvedMetricsConfig } from './options.js';
import { checkOtlpOption, resolveOtlpFlavour, resolveSignalOtlp, type SharedOtlpOption } from './otlpSettings.js';
import {
  POSITIVE_DURATION,
  checkKnownKeys,
  checkNumber,
  checkOneOf,
  checkOptionalObject,
  invalidSetting,
  optionLabel,
  type Sources,
} from './settingChecks.js';

const LOGS_KEYS = Object.freeze(['events', 'exporter', 'otlp', 'processor', 'batch']);
const METRICS_KEYS = Object.freeze(['definitions', 'exporter', 'otlp', 'intervalMs', 'exportTimeoutMs']);
const LOG_EVENT_NAMES = Object.freeze(['emitted', 'all', 'none'] as const);
const PROCESSORS = Object.freeze(['batch', 'simple'] as const);
const METRIC_KINDS = Object.freeze(['counter', 'sum', 'lastValue', 'histogram']);

/** What logs and metrics take from the traces settings. */
export interface TracesChoice {
  readonly exporter: ResolvedExporter;
  readonly otlp: SharedOtlpOption | undefined;
  /** `OTEL_SDK_DISABLED=true`: nothing exports. */
  readonly sdkDisabled: boolean;
}

/** The `logs` option group and `loggerProvider`, with `OTEL_LOGS_EXPORTER`, the logs endpoint variables and `OTEL_BLRP_*`. */
export function resolveLogs(input: Record<string, unknown>, traces: TracesChoice, env: EnvReader, sources: Sources): ResolvedLogsConfig {
  const option = checkOptionalObject('logs', input.logs);
  if (option) checkKnownKeys('logs', option, LOGS_KEYS);
  const own = checkOtlpOption('logs.otlp', option?.otlp);
  const named = resolveSignalExporter(
    {
      signal: 'logs',
      objects: {
        providerPath: 'loggerProvider',
        providerMethod: 'getLogger',
        providerType: 'LoggerProvider',
        exporterPath: 'logs.exporter',
        exporterType: 'LogRecordExporter',
      },
      provider: input.loggerProvider,
      exporter: option?.exporter,
      urlGiven: own?.url !== undefined,
      baseEndpointCounts: false,
      inherited: traces.exporter,
      sdkDisabled: traces.sdkDisabled,
    },
    env,
    sources,
  );
  const chosen = { exporter: named, source: sources['logs.exporter'] ?? 'default' } as const;
  const exporter = resolveOtlpFlavour('logs', 'logs.otlp', own, traces.otlp, chosen, env, sources);

  let events: ResolvedLogsConfig['events'] = DEFAULTS.logEvents as 'emitted';
  sources['logs.events'] = 'default';
  if (option?.events !== undefined) {
    events = typeof option.events === 'function' ? 'predicate' : checkOneOf(optionLabel('logs.events'), option.events, LOG_EVENT_NAMES);
    sources['logs.events'] = 'option';
  }

  let processor: 'batch' | 'simple' = exporter === 'memory' ? 'simple' : 'batch';
  sources['logs.processor'] = 'default';
  if (option?.processor !== undefined) {
    processor = checkOneOf(optionLabel('logs.processor'), option.processor, PROCESSORS);
    sources['logs.processor'] = 'option';
  }
  return {
    events,
    exporter,
    otlp: resolveSignalOtlp('logs', 'logs.otlp', own, traces.otlp, exporter, env, sources),
    processor,
    batch: resolveBatchSettings('logs.batch', checkOptionalObject('logs.batch', option?.batch), 'OTEL_BLRP_', DEFAULTS.logsBatch, env, sources),
  };
}

/** The `metrics` option group and `meterProvider`, with `OTEL_METRICS_EXPORTER`, the metrics endpoint variables and `OTEL_METRIC_EXPORT_*`. */
export function resolveMetrics(input: Record<string, unknown>, traces: TracesChoice, env: EnvReader, sources: Sources): ResolvedMetricsConfig {
  const option = checkOptionalObject('metrics', input.metrics);
  if (option) checkKnownKeys('metrics', option, METRICS_KEYS);
  const own = checkOtlpOption('metrics.otlp', option?.otlp);
  const named = resolveSignalExporter(
    {
      signal: 'metrics',
      objects: {
        providerPath: 'meterProvider',
        providerMethod: 'getMeter',
        providerType: 'MeterProvider',
        exporterPath: 'metrics.exporter',
        exporterType: 'PushMetricExporter',
      },
      provider: input.meterProvider,
      exporter: option?.exporter,
      urlGiven: own?.url !== undefined,
      baseEndpointCounts: false,
      inherited: traces.exporter,
      sdkDisabled: traces.sdkDisabled,
    },
    env,
    sources,
  );
  const chosen = { exporter: named, source: sources['metrics.exporter'] ?? 'default' } as const;
  const exporter = resolveOtlpFlavour('metrics', 'metrics.otlp', own, traces.otlp, chosen, env, sources);
  return {
    definitions: checkDefinitions(option?.definitions),
    exporter,
    otlp: resolveSignalOtlp('metrics', 'metrics.otlp', own, traces.otlp, exporter, env, sources),
    intervalMs: resolveDuration('metrics.intervalMs', option?.intervalMs, 'OTEL_METRIC_EXPORT_INTERVAL', DEFAULTS.metricsIntervalMs, env, sources),
    exportTimeoutMs: resolveDuration(
      'metrics.exportTimeoutMs',
      option?.exportTimeoutMs,
      'OTEL_METRIC_EXPORT_TIMEOUT',
      DEFAULTS.metricsExportTimeoutMs,
      env,
      sources,
    ),
  };
}

function resolveDuration(path: string, given: unknown, envName: string, fallback: number, env: EnvReader, sources: Sources): number {
  if (given !== undefined) {
    sources[path] = 'option';
    return checkNumber(optionLabel(path), given, POSITIVE_DURATION);
  }
  const fromEnv = env.number(envName, POSITIVE_DURATION);
  if (fromEnv !== undefined) {
    sources[path] = 'env';
    return fromEnv;
  }
  sources[path] = 'default';
  return fallback;
}

/**
 * The list of metric definitions: each one made by `counter`, `sum`, `lastValue` or
 * `histogram` (which check their own arguments), and no two with one name.
 */
function checkDefinitions(value: unknown): readonly MetricDefinition[] {
  if (value === undefined) return [];
  const allowed = 'an array of metric definitions made by counter(), sum(), lastValue() or histogram()';
  if (!Array.isArray(value)) throw invalidSetting(optionLabel('metrics.definitions'), allowed, value);
  const names = new Set<string>();
  value.forEach((definition: unknown, index) => {
    const candidate = definition as Partial<MetricDefinition> | null;
    const label = optionLabel(`metrics.definitions[${index}]`);
    if (typeof candidate !== 'object' || candidate === null || !METRIC_KINDS.includes(String(candidate.kind)) || typeof candidate.name !== 'string') {
      throw invalidSetting(label, 'a metric definition made by counter(), sum(), lastValue() or histogram()', definition);
    }
    if (names.has(candidate.name)) {
      throw invalidSetting(label, `a metric whose name no other definition has (two are named '${candidate.name}')`, candidate.name);
    }
    names.add(candidate.name);
  });
  return [...(value as MetricDefinition[])];
}
