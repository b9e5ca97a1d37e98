export { createTelemetry } from './telemetry.js';
export { counter, sum, lastValue, histogram } from './metrics/definitions.js';
export type { MetricDefinitionOptions, CounterOptions, SumOptions, LastValueOptions, HistogramOptions } from './metrics/definitions.js';
export type { MetricDefinition, MetricKind, MeasurementReader } from './config/options.js';
export type { Telemetry, TelemetryHealth, ShutdownOptions, ExportHealth, LogsHealth, MetricsHealth } from './telemetry.js';
export type { ExportError } from './signals/exportFailures.js';
export type {
  TelemetryOptions,
  Clock,
  ExporterName,
  OtlpOptions,
  OtlpProtocol,
  BatchOptions,
  SamplerOptions,
  SamplingRule,
  EventsOptions,
  ErrorContextOptions,
  LogsOptions,
  LogEventSelection,
  MetricsOptions,
  ResolvedConfig,
  ConfigSource,
} from './config/options.js';
export type { SpanHandle, SpanOptions, TracedOptions, SpanStackEntry, SpansHealth } from './span/types.js';
export type {
  EventName,
  Measurements,
  Metadata,
  EventHandler,
  AttachOptions,
  HandlerInfo,
  SamplingStats,
  EventEmitterApi,
  PreparedEvent,
  EmitMetadata,
  BatchMetadata,
  Severity,
  BatchReason,
  EventsHealth,
  HandlersHealth,
} from './sampled/types.js';
export { errorContextOf } from './error-context/errorContextOf.js';
export type { ContextFields, Carrier, InjectedHeaders, Breadcrumb, ErrorContextHealth, ErrorContext, EnrichedError } from './error-context/types.js';
export type {
  HttpApi,
  HttpOptions,
  ExpressMiddleware,
  ExpressErrorMiddleware,
  NextFunction,
  FastifyPlugin,
  FastifyInstanceLike,
} from './http/types.js';
