import { OTLPTraceExporter as OtlpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { ConsoleSpanExporter, InMemorySpanExporter, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { ResolvedConfig, TelemetryOptions } from '../config/options.js';
import { connectionWatchingAgents } from './connectionWatch.js';
import { buildWithVariablesHidden, OTLP_VARIABLES } from './hiddenVariables.js';

/**
 * The exporter the config names, or `undefined` for `'none'` and `'provider'` (no
 * processor of ours then). `'custom'` is the `SpanExporter` object of the options. The
 * OTLP exporters report refused connections to `onRefused` as they happen.
 */
export function spanExporterFor(
  config: ResolvedConfig,
  options: TelemetryOptions,
  onRefused: (error: Error) => void,
): SpanExporter | undefined {
  const otlp = {
    url: config.otlp.url,
    headers: { ...config.otlp.headers },
    timeoutMillis: config.otlp.timeoutMs,
    httpAgentOptions: connectionWatchingAgents(onRefused),
  };
  switch (config.exporter) {
    case 'console':
      return new ConsoleSpanExporter();
    case 'otlp':
    case 'otlp-proto':
    case 'otlp-json':
      // Given every setting, and the variables it would merge under them hidden.
      return buildWithVariablesHidden(OTLP_VARIABLES, () =>
        config.exporter === 'otlp-json' ? new OtlpJsonExporter(otlp) : new OtlpProtoExporter(otlp),
      );
    case 'memory':
      return new InMemorySpanExporter();
    case 'custom':
      return options.exporter as SpanExporter;
    case 'none':
    case 'provider':
      return undefined;
  }
}
