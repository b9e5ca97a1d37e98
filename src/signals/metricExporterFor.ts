import { OTLPMetricExporter as OtlpJsonExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as OtlpProtoExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { AggregationTemporality, ConsoleMetricExporter, InMemoryMetricExporter, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { ResolvedConfig, TelemetryOptions } from '../config/options.js';
import { connectionWatchingAgents } from './connectionWatch.js';
import { buildWithVariablesHidden, OTLP_VARIABLES } from './hiddenVariables.js';

/**
 * The metric exporter `metrics.exporter` names, or `undefined` for `'none'` and
 * `'provider'`. `'custom'` is the exporter object of the options. The OTLP exporters
 * report refused connections to `onRefused` as they happen.
 */
export function metricExporterFor(
  config: ResolvedConfig,
  options: TelemetryOptions,
  onRefused: (error: Error) => void,
): PushMetricExporter | undefined {
  const { otlp } = config.metrics;
  const settings = {
    url: otlp.url,
    headers: { ...otlp.headers },
    timeoutMillis: otlp.timeoutMs,
    httpAgentOptions: connectionWatchingAgents(onRefused),
  };
  switch (config.metrics.exporter) {
    case 'console':
      return new ConsoleMetricExporter();
    case 'otlp':
    case 'otlp-proto':
    case 'otlp-json':
      // Given every setting, and the variables it would merge under them hidden.
      return buildWithVariablesHidden(OTLP_VARIABLES, () =>
        config.metrics.exporter === 'otlp-json' ? new OtlpJsonExporter(settings) : new OtlpProtoExporter(settings),
      );
    case 'memory':
      return new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    case 'custom':
      return options.metrics?.exporter as PushMetricExporter;
    case 'none':
    case 'provider':
      return undefined;
  }
}
