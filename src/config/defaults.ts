/**
 * Every default of the effective configuration, in one place. A value is used only when
 * neither an option nor an `OTEL_*` environment variable sets it.
 */
export const DEFAULTS = Object.freeze({
  serviceName: 'unknown_service:node',
  exporter: 'none',
  otlp: Object.freeze({
    /** The collector used when the exporter is OTLP and no URL or endpoint variable is set; each signal adds its path. */
    base: 'http://localhost:4318/',
    timeoutMs: 10_000,
    /** As the specification and the NodeSDK: `'otlp'` sends protobuf unless told JSON. */
    protocol: 'http/protobuf',
  }),
  /** `'simple'` when the exporter is `'memory'`: tests want spans at once. */
  spanProcessor: 'batch',
  spanProcessorForMemory: 'simple',
  // The OpenTelemetry BatchSpanProcessor defaults.
  batch: Object.freeze({
    scheduledDelayMs: 5000,
    maxQueueSize: 2048,
    maxExportBatchSize: 512,
    exportTimeoutMs: 30_000,
  }),
  /** The OpenTelemetry BatchLogRecordProcessor defaults (`OTEL_BLRP_*`). */
  logsBatch: Object.freeze({
    scheduledDelayMs: 1000,
    maxQueueSize: 2048,
    maxExportBatchSize: 512,
    exportTimeoutMs: 30_000,
  }),
  logEvents: 'emitted',
  /** `OTEL_METRIC_EXPORT_INTERVAL` and `OTEL_METRIC_EXPORT_TIMEOUT` defaults. */
  metricsIntervalMs: 60_000,
  metricsExportTimeoutMs: 30_000,
  sampler: Object.freeze({ ratio: 1, parentBased: true }),
  registerGlobal: false,
  /** Write ignored environment values and the first failure of each kind once to stderr. */
  writeWarnings: true,
  /** `OTEL_SDK_DISABLED` unset: the SDK works. */
  sdkDisabled: false,
  /** Shut down by itself when the event loop empties, if `shutdown()` was never called. */
  flushOnExit: true,
  events: Object.freeze({
    dedupWindowMs: 5000,
    batchIntervalMs: 1000,
    maxBatchSize: 100,
    maxDedupKeys: 10_000,
    maxBatchKeys: 10_000,
  }),
  errorContext: Object.freeze({
    /** Always redacted unless `redactDefaults: false`; patterns of the options are added to these. */
    redact: Object.freeze([
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
    ]),
    maxValueLength: 1024,
    maxKeys: 64,
    maxBreadcrumbs: 50,
  }),
});

/** Path of each signal, appended to `OTEL_EXPORTER_OTLP_ENDPOINT` (a base URL). */
export const OTLP_PATHS = Object.freeze({ traces: 'v1/traces', logs: 'v1/logs', metrics: 'v1/metrics' });
