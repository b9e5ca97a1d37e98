import { OTLPLogExporter as OtlpJsonExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as OtlpProtoExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { ConsoleLogRecordExporter, InMemoryLogRecordExporter, type LogRecordExporter } from '@opentelemetry/sdk-logs';
import type { ResolvedConfig, TelemetryOptions } from '../config/options.js';
import { connectionWatchingAgents } from './connectionWatch.js';
import { buildWithVariablesHidden, OTLP_VARIABLES } from './hiddenVariables.js';

/**
 * The log record exporter `logs.exporter` names, or `undefined` for `'none'` and
 * `'provider'`. `'custom'` is the exporter object of the options. The OTLP exporters
 * report refused connections to `onRefused` as they happen.
 */
export function logExporterFor(
  config: ResolvedConfig,
  options: TelemetryOptions,
  onRefused: (error: Error) => void,
): LogRecordExporter | undefined {
  const { otlp } = config.logs;
  const settings = {
    url: otlp.url,
    headers: { ...otlp.headers },
    timeoutMillis: otlp.timeoutMs,
    httpAgentOptions: connectionWatchingAgents(onRefused),
  };
  switch (config.logs.exporter) {
    case 'console':
      return new ConsoleLogRecordExporter();
    case 'otlp':
    case 'otlp-proto':
    case 'otlp-json':
      // Given every setting, and the variables it would merge under them hidden.
      return buildWithVariablesHidden(OTLP_VARIABLES, () =>
        config.logs.exporter === 'otlp-json' ? new OtlpJsonExporter(settings) : new OtlpProtoExporter(settings),
      );
    case 'memory':
      return new InMemoryLogRecordExporter();
    case 'custom':
      return options.logs?.exporter as LogRecordExporter;
    case 'none':
    case 'provider':
      return undefined;
  }
}
