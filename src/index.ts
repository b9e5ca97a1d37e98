export { createTelemetry } from './telemetry.js';
export type { Telemetry, TelemetryHealth, ShutdownOptions } from './telemetry.js';
export type {
  TelemetryOptions,
  Clock,
  ExporterName,
  OtlpOptions,
  BatchOptions,
  SamplerOptions,
  SamplingRule,
  EventsOptions,
  ErrorContextOptions,
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
  BatchReason,
  EventsHealth,
  HandlersHealth,
} from './sampled/types.js';
export type { ContextFields, Carrier, InjectedHeaders, Breadcrumb, ErrorContextHealth } from './error-context/types.js';
export type { ExportHealth } from './config/tracing.js';
