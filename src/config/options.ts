import type { Attributes, AttributeValue } from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import type { TracerProvider } from '@opentelemetry/api';

/** Time source and timer used for dedup windows, batch flushing and event timestamps. */
export interface Clock {
  /** Milliseconds since the epoch (or any monotonic origin the clock chooses). */
  now(): number;
  /** Starts a repeating timer. The real clock unrefs it, so it never keeps the process alive. */
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export type ExporterName = 'console' | 'otlp' | 'otlp-proto' | 'memory' | 'none';

export interface OtlpOptions {
  /** Full traces URL, e.g. `http://collector:4318/v1/traces`. */
  url?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
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

export interface TelemetryOptions {
  serviceName?: string;
  resource?: Record<string, AttributeValue>;
  exporter?: ExporterName | SpanExporter;
  otlp?: OtlpOptions;
  spanProcessor?: 'batch' | 'simple';
  batch?: BatchOptions;
  sampler?: SamplerOptions;
  /** Use an existing provider instead of building one; exporter options are then unused. */
  tracerProvider?: TracerProvider | BasicTracerProvider;
  /** Also register the provider and the W3C propagators as OpenTelemetry globals. */
  registerGlobal?: boolean;
  /** Write the first failure of each kind (an export refused, a timeout) once to stderr; default `true`. */
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

/** The frozen effective configuration of one instance: `telemetry.config`. */
export interface ResolvedConfig {
  readonly serviceName: string;
  readonly resource: Readonly<Attributes>;
  /** `'custom'` when a `SpanExporter` object was given, `'provider'` when `tracerProvider` was. */
  readonly exporter: ExporterName | 'custom' | 'provider';
  readonly otlp: {
    readonly url: string | undefined;
    readonly headers: Readonly<Record<string, string>>;
    readonly timeoutMs: number;
  };
  readonly spanProcessor: 'batch' | 'simple';
  readonly batch: {
    readonly scheduledDelayMs: number;
    readonly maxQueueSize: number;
    readonly maxExportBatchSize: number;
    readonly exportTimeoutMs: number;
  };
  readonly sampler: { readonly ratio: number; readonly parentBased: boolean };
  readonly registerGlobal: boolean;
  readonly warnings: boolean;
  readonly flushOnExit: boolean;
  readonly events: ResolvedEventsConfig;
  readonly errorContext: ResolvedErrorContextConfig;
  /** Source of each top-level and nested value, keyed by dotted path (`'batch.maxQueueSize'`). */
  readonly sources: Readonly<Record<string, ConfigSource>>;
}
