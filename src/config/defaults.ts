/**
 * Every default of the effective configuration, in one place. A value is used only when
 * neither an option nor an `OTEL_*` environment variable sets it.
 */
export const DEFAULTS = Object.freeze({
  serviceName: 'unknown_service:node',
  exporter: 'none',
  otlp: Object.freeze({
    /** Used when the exporter is OTLP and neither `otlp.url` nor an endpoint variable is set. */
    url: 'http://localhost:4318/v1/traces',
    timeoutMs: 10_000,
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
  sampler: Object.freeze({ ratio: 1, parentBased: true }),
  registerGlobal: false,
  /** Write the first failure of each kind once to stderr. */
  warnings: true,
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

/** Path appended to `OTEL_EXPORTER_OTLP_ENDPOINT` (a base URL) for traces. */
export const OTLP_TRACES_PATH = 'v1/traces';
