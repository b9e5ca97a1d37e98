import { isOtlpExporter, otlpProtocolOf } from './exporterSettings.js';
import type { ResolvedConfig, ResolvedExporter, ResolvedOtlp } from './options.js';
import { TRACER_NAME } from './tracerIdentity.js';

/**
 * One line that says where spans, log records and metrics go and how events are shaped.
 * Header values are never shown (they usually hold credentials); only their count is.
 *
 * @example
 * describeConfig(telemetry.config);
 * // 'foundation-telemetry service=checkout exporter=otlp(http/protobuf → http://localhost:4318/v1/traces) processor=batch
 * //  sampler=parentbased_always_on logs=otlp(http/protobuf → http://localhost:4318/v1/logs) metrics=none events: dedup=5000ms batch=1000ms/100'
 */
export function describeConfig(config: ResolvedConfig): string {
  const parts = [TRACER_NAME, `service=${config.serviceName}`];
  if (config.sdkDisabled) {
    parts.push('sdk=disabled (OTEL_SDK_DISABLED=true: no provider, nothing exported)');
  } else {
    parts.push(`exporter=${describeExporter(config.exporter, config.otlp)}`);
    if (config.exporter !== 'none' && config.exporter !== 'provider') parts.push(`processor=${config.spanProcessor}`);
    if (config.exporter !== 'provider') parts.push(`sampler=${describeSampler(config.sampler)}`);
    if (config.registerGlobal) parts.push('global');
    const { logs, metrics } = config;
    parts.push(`logs=${logs.events === 'none' ? 'none' : describeExporter(logs.exporter, logs.otlp)}`);
    const definitions = metrics.definitions.length;
    const metricsLine = definitions === 0 ? 'none' : describeExporter(metrics.exporter, metrics.otlp);
    parts.push(`metrics=${metricsLine}${definitions === 0 ? '' : ` (${definitions} defined, every ${metrics.intervalMs}ms)`}`);
  }
  const { dedupWindowMs, batchIntervalMs, maxBatchSize } = config.events;
  parts.push(`events: dedup=${dedupWindowMs}ms batch=${batchIntervalMs}ms/${maxBatchSize}`);
  const ignored = config.warnings.length;
  if (ignored > 0) parts.push(`(${ignored} environment value${ignored === 1 ? '' : 's'} ignored: see config.warnings)`);
  return parts.join(' ');
}

function describeExporter(exporter: ResolvedExporter, otlp: ResolvedOtlp): string {
  if (!isOtlpExporter(exporter)) return exporter;
  const headerCount = Object.keys(otlp.headers).length;
  const headers = headerCount === 0 ? '' : `, ${headerCount} header${headerCount === 1 ? '' : 's'}`;
  return `${exporter}(${otlpProtocolOf(exporter)} → ${otlp.url ?? '?'}${headers})`;
}

/** The sampler by its OpenTelemetry name, as `OTEL_TRACES_SAMPLER` would name it: `always_on`, `parentbased_traceidratio(0.25)`. */
function describeSampler({ ratio, parentBased }: ResolvedConfig['sampler']): string {
  const root = ratio >= 1 ? 'always_on' : ratio <= 0 ? 'always_off' : `traceidratio(${ratio})`;
  return parentBased ? `parentbased_${root}` : root;
}
