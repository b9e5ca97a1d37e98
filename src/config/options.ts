import type { Attributes, AttributeValue, MeterProvider, TracerProvider } from '@opentelemetry/api';
import type { LoggerProvider } from '@opentelemetry/api-logs';
import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { BasicTracerProvider, SpanExporter } from '@opentelemetry/sdk-trace-base';

/** Time source and timer used for dedup windows, batch flushing and event timestamps. */
export interface Clock {
  /** Milliseconds since the epoch (or any monotonic origin the clock chooses). */
  now(): number;
  /** Starts a repeating timer. The real clock unrefs it, so it never keeps the process alive. */
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

/**
 * `'otlp'` sends over OTLP/HTTP with the protocol of `otlp.protocol` or the environment
 * (`http/protobuf` by default); `'otlp-proto'` and `'otlp-json'` name the protocol themselves.
 */
export type ExporterName = 'console' | 'otlp' | 'otlp-proto' | 'otlp-json' | 'memory' | 'none';

/** How OTLP/HTTP bodies are encoded. gRPC is not supported. */
export type OtlpProtocol = 'http/protobuf' | 'http/json';

export interface OtlpOptions {
  /** Full traces URL, e.g. `http://collector:4318/v1/traces`. */
  url?: string;
  /** Header names must be HTTP tokens and values visible ASCII (what Node can send). */
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** For the exporter `'otlp'`: default `OTEL_EXPORTER_OTLP_<SIGNAL>_PROTOCOL`, `OTEL_EXPORTER_OTLP_PROTOCOL`, else `'http/protobuf'`. */
  protocol?: OtlpProtocol;
}

export interface BatchOptions {
  scheduledDelayMs?: number;
  maxQueueSize?: number;
  maxExportBatchSize?: number;
  exportTimeoutMs?: number;
}

export interface SamplerOptions {
  /** Probability in 0..1 that a root trace is sampled. */
  ratio?: number;
  /** Follow the parent's sampling decision when there is a parent. */
  parentBased?: boolean;
}

/** A sampling rule for one event name (see `events.sampling`). */
export type SamplingRule =
  | 'always'
  | 'never'
  | { random: number }
  | { rateLimited: number }
  | { reservoir: number; perMs?: number }
  | { adaptive: number };

export interface EventsOptions {
  dedupWindowMs?: number;
  batchIntervalMs?: number;
  maxBatchSize?: number;
  maxDedupKeys?: number;
  maxBatchKeys?: number;
  /** Dotted event name -> rule, applied by `emitEvent`. */
  sampling?: Record<string, SamplingRule>;
}

export interface ErrorContextOptions {
  /**
   * Keys to redact, added to the default list (password, token, cookie, api key, …):
   * strings match case-insensitively as substrings, with spaces, `_`, `-` and `.` ignored;
   * RegExps are tested against the key as written.
   */
  redact?: ReadonlyArray<string | RegExp>;
  /** `false` drops the default redact list, leaving only `redact`; default `true`. */
  redactDefaults?: boolean;
  maxValueLength?: number;
  maxKeys?: number;
  maxBreadcrumbs?: number;
  /** Context keys carried to other services in W3C `baggage`. */
  propagateKeys?: readonly string[];
}

/**
 * Which bus events become OpenTelemetry log records: `'emitted'` (every occurrence executed
 * by `emitEvent`, suppression summary, batch, captured error and handler or export
 * failure), `'all'` (those and every `execute`, span events excepted), `'none'`, or a
 * predicate that sees each of those events as handlers see it.
 */
export type LogEventSelection =
  | 'emitted'
  | 'all'
  | 'none'
  | ((event: readonly string[], metadata: Readonly<Record<string, unknown>>) => boolean);

export interface LogsOptions {
  /** Default `'emitted'`. */
  events?: LogEventSelection;
  /** Default: the kind chosen for traces (a span exporter object gives `'none'`). */
  exporter?: ExporterName | LogRecordExporter;
  /** Full logs URL and settings; default: the traces collector with `/v1/logs`, its headers and timeout. */
  otlp?: OtlpOptions;
  /** Default `'batch'` (`'simple'` for `'memory'`). */
  processor?: 'batch' | 'simple';
  /** The batch log record processor; default the OpenTelemetry defaults or `OTEL_BLRP_*`. */
  batch?: BatchOptions;
}

/** The kinds of metric a definition makes, as `counter`, `sum`, `lastValue` and `histogram` do. */
export type MetricKind = 'counter' | 'sum' | 'lastValue' | 'histogram';

/** Reads a number for a metric from an event's measurements and metadata; `undefined` skips the event. */
export type MeasurementReader = (
  measurements: Readonly<Record<string, number>>,
  metadata: Readonly<Record<string, unknown>>,
) => number | undefined;

/** A metric defined over bus events, made by `counter`, `sum`, `lastValue` or `histogram`. */
export interface MetricDefinition {
  readonly kind: MetricKind;
  /** The instrument name, as exported. */
  readonly name: string;
  /** The event the metric listens to, in array form. */
  readonly event: readonly string[];
  /** The measurement key or reader; `undefined` for a counter, which counts events. */
  readonly measurement: string | MeasurementReader | undefined;
  /** Metadata keys whose values become attributes. */
  readonly tags: readonly string[];
  readonly tagValues: ((metadata: Readonly<Record<string, unknown>>) => Attributes) | undefined;
  readonly keep: ((metadata: Readonly<Record<string, unknown>>) => boolean) | undefined;
  readonly unit: string | undefined;
  readonly description: string | undefined;
  /** Explicit bucket boundaries of a histogram. */
  readonly boundaries: readonly number[] | undefined;
  /** For a sum: `true` (default) exports a Counter, `false` an UpDownCounter; `true` for a counter, `false` otherwise. */
  readonly monotonic: boolean;
}

export interface MetricsOptions {
  /** The metrics to keep, made by `counter`, `sum`, `lastValue` and `histogram`. */
  definitions?: readonly MetricDefinition[];
  /** Default: the kind chosen for traces (a span exporter object gives `'none'`). */
  exporter?: ExporterName | PushMetricExporter;
  /** Full metrics URL and settings; default: the traces collector with `/v1/metrics`, its headers and timeout. */
  otlp?: OtlpOptions;
  /** Export interval in ms; default `OTEL_METRIC_EXPORT_INTERVAL`, else 60000. */
  intervalMs?: number;
  /** How long one export may take, in ms; default `OTEL_METRIC_EXPORT_TIMEOUT`, else 30000. */
  exportTimeoutMs?: number;
}

export interface TelemetryOptions {
  serviceName?: string;
  resource?: Record<string, AttributeValue>;
  exporter?: ExporterName | SpanExporter;
  otlp?: OtlpOptions;
  spanProcessor?: 'batch' | 'simple';
  batch?: BatchOptions;
  sampler?: SamplerOptions;
  /**
   * Use an existing provider instead of building one (exporter options are then unused);
   * `'global'`: the one registered with `@opentelemetry/api`, for example by the NodeSDK.
   */
  tracerProvider?: TracerProvider | BasicTracerProvider | 'global';
  /** Which events become log records, and where they go. */
  logs?: LogsOptions;
  /** Metrics defined over events, and where they go. */
  metrics?: MetricsOptions;
  /** An existing logger provider for the log records, or `'global'`; `logs.exporter` is then unused. */
  loggerProvider?: LoggerProvider | 'global';
  /** An existing meter provider for the metrics, or `'global'`; `metrics.exporter` is then unused. */
  meterProvider?: MeterProvider | 'global';
  /** Also register the provider and the W3C propagators as OpenTelemetry globals. */
  registerGlobal?: boolean;
  /**
   * Write to stderr the environment values that were ignored (once, at creation) and the
   * first export failure of each kind (an export refused, a timeout); default `true`.
   */
  warnings?: boolean;
  /**
   * Shut down by itself when the event loop empties (`beforeExit`) if `shutdown()` was not
   * called, so a script that forgets it still delivers everything; default `true`.
   */
  flushOnExit?: boolean;
  events?: EventsOptions;
  errorContext?: ErrorContextOptions;
  clock?: Clock;
  /** Source of randomness in [0, 1) for event sampling; `Math.random` by default. */
  random?: () => number;
}

/** Where an effective configuration value came from. */
export type ConfigSource = 'option' | 'env' | 'default';

export interface ResolvedEventsConfig {
  readonly dedupWindowMs: number;
  readonly batchIntervalMs: number;
  readonly maxBatchSize: number;
  readonly maxDedupKeys: number;
  readonly maxBatchKeys: number;
  readonly sampling: Readonly<Record<string, SamplingRule>>;
}

export interface ResolvedErrorContextConfig {
  /** The effective list: the defaults (unless `redactDefaults: false`), then the patterns of the options. */
  readonly redact: ReadonlyArray<string | RegExp>;
  readonly redactDefaults: boolean;
  readonly maxValueLength: number;
  readonly maxKeys: number;
  readonly maxBreadcrumbs: number;
  readonly propagateKeys: readonly string[];
}

/** Where an OTLP exporter of one signal sends, and how. */
export interface ResolvedOtlp {
  readonly url: string | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
}

export interface ResolvedBatch {
  readonly scheduledDelayMs: number;
  readonly maxQueueSize: number;
  readonly maxExportBatchSize: number;
  readonly exportTimeoutMs: number;
}

/**
 * `'custom'` when an exporter object was given, `'provider'` when a provider (or `'global'`)
 * was. An OTLP exporter whose protocol was chosen (by its name, `otlp.protocol` or a
 * protocol variable) is `'otlp-proto'` or `'otlp-json'`; `'otlp'` is the default protocol,
 * `http/protobuf`.
 */
export type ResolvedExporter = ExporterName | 'custom' | 'provider';

export interface ResolvedLogsConfig {
  /** `'predicate'` when `logs.events` is a function (kept in the options). */
  readonly events: 'emitted' | 'all' | 'none' | 'predicate';
  readonly exporter: ResolvedExporter;
  readonly otlp: ResolvedOtlp;
  readonly processor: 'batch' | 'simple';
  readonly batch: ResolvedBatch;
}

export interface ResolvedMetricsConfig {
  readonly definitions: readonly MetricDefinition[];
  readonly exporter: ResolvedExporter;
  readonly otlp: ResolvedOtlp;
  readonly intervalMs: number;
  readonly exportTimeoutMs: number;
}

/** The frozen effective configuration of one instance: `telemetry.config`. */
export interface ResolvedConfig {
  /**
   * `OTEL_SDK_DISABLED=true`: no provider is built or registered and nothing is exported
   * (every exporter is `'none'`); spans are non-recording, and the bus, error context and
   * HTTP scopes keep working. It wins over the options.
   */
  readonly sdkDisabled: boolean;
  readonly serviceName: string;
  readonly resource: Readonly<Attributes>;
  /** `'custom'` when a `SpanExporter` object was given, `'provider'` when `tracerProvider` was. */
  readonly exporter: ResolvedExporter;
  readonly otlp: ResolvedOtlp;
  readonly spanProcessor: 'batch' | 'simple';
  readonly batch: ResolvedBatch;
  readonly sampler: { readonly ratio: number; readonly parentBased: boolean };
  readonly registerGlobal: boolean;
  /** The `warnings` option: write ignored environment values and first export failures to stderr. */
  readonly writeWarnings: boolean;
  /**
   * One line per environment value that could not be used and was ignored (its default
   * applies), naming the variable, the value and what is allowed, e.g.
   * `environment variable OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1, got 'abc': ignored, the default applies`.
   * Empty when the environment was fine. Written to stderr at creation unless `warnings: false`.
   */
  readonly warnings: readonly string[];
  readonly flushOnExit: boolean;
  readonly events: ResolvedEventsConfig;
  readonly errorContext: ResolvedErrorContextConfig;
  readonly logs: ResolvedLogsConfig;
  readonly metrics: ResolvedMetricsConfig;
  /** Source of each top-level and nested value, keyed by dotted path (`'batch.maxQueueSize'`). */
  readonly sources: Readonly<Record<string, ConfigSource>>;
}
