import type { ResolvedConfig, ResolvedExporter, ResolvedOtlp } from './options.js';
import { TRACER_NAME } from './tracerIdentity.js';

const PROTOCOL_BY_EXPORTER: Readonly<Record<string, string>> = Object.freeze({ otlp: 'http/json', 'otlp-proto': 'http/protobuf' });

/**
 * One line that says where spans, log records and metrics go and how events are shaped.
 * Header values are never shown (they usually hold credentials); only their count is.
 *
 * @example
 * describeConfig(telemetry.config);
 * // 'foundation-telemetry service=checkout exporter=otlp(http/json → http://localhost:4318/v1/traces) processor=batch
 * //  sampler=parentbased(ratio=1) logs=otlp(http/json → http://localhost:4318/v1/logs) metrics=none events: dedup=5000ms batch=1000ms/100'
 */
export function describeConfig(config: ResolvedConfig): string {
  const parts = [TRACER_NAME, `service=${config.serviceName}`, `exporter=${describeExporter(config.exporter, config.otlp)}`];
  if (config.exporter !== 'none' && config.exporter !== 'provider') parts.push(`processor=${config.spanProcessor}`);
  if (config.exporter !== 'provider') {
    const ratio = `ratio=${config.sampler.ratio}`;
    parts.push(`sampler=${config.sampler.parentBased ? `parentbased(${ratio})` : `traceidratio(${ratio})`}`);
  }
  if (config.registerGlobal) parts.push('global');
  const { logs, metrics } = config;
  parts.push(`logs=${logs.events === 'none' ? 'none' : describeExporter(logs.exporter, logs.otlp)}`);
  const definitions = metrics.definitions.length;
  const metricsLine = definitions === 0 ? 'none' : describeExporter(metrics.exporter, metrics.otlp);
  parts.push(`metrics=${metricsLine}${definitions === 0 ? '' : ` (${definitions} defined, every ${metrics.intervalMs}ms)`}`);
  const { dedupWindowMs, batchIntervalMs, maxBatchSize } = config.events;
  parts.push(`events: dedup=${dedupWindowMs}ms batch=${batchIntervalMs}ms/${maxBatchSize}`);
  return parts.join(' ');
}

function describeExporter(exporter: ResolvedExporter, otlp: ResolvedOtlp): string {
  const protocol = PROTOCOL_BY_EXPORTER[exporter];
  if (protocol === undefined) return exporter;
  const headerCount = Object.keys(otlp.headers).length;
  const headers = headerCount === 0 ? '' : `, ${headerCount} header${headerCount === 1 ? '' : 's'}`;
  return `${exporter}(${protocol} → ${otlp.url ?? '?'}${headers})`;
}
