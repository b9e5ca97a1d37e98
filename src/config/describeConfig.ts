import type { ResolvedConfig } from './options.js';
import { TRACER_NAME } from './tracerIdentity.js';

const PROTOCOL_BY_EXPORTER: Readonly<Record<string, string>> = Object.freeze({ otlp: 'http/json', 'otlp-proto': 'http/protobuf' });

/**
 * One line that says where spans go and how events are shaped. Header values are never
 * shown (they usually hold credentials); only their count is.
 *
 * @example
 * describeConfig(telemetry.config);
 * // 'foundation-telemetry service=checkout exporter=otlp(http/json → http://localhost:4318/v1/traces) processor=batch sampler=parentbased(ratio=1) events: dedup=5000ms batch=1000ms/100'
 */
export function describeConfig(config: ResolvedConfig): string {
  const parts = [TRACER_NAME, `service=${config.serviceName}`, `exporter=${describeExporter(config)}`];
  if (config.exporter !== 'none' && config.exporter !== 'provider') parts.push(`processor=${config.spanProcessor}`);
  if (config.exporter !== 'provider') {
    const ratio = `ratio=${config.sampler.ratio}`;
    parts.push(`sampler=${config.sampler.parentBased ? `parentbased(${ratio})` : `traceidratio(${ratio})`}`);
  }
  if (config.registerGlobal) parts.push('global');
  const { dedupWindowMs, batchIntervalMs, maxBatchSize } = config.events;
  parts.push(`events: dedup=${dedupWindowMs}ms batch=${batchIntervalMs}ms/${maxBatchSize}`);
  return parts.join(' ');
}

function describeExporter(config: ResolvedConfig): string {
  const protocol = PROTOCOL_BY_EXPORTER[config.exporter];
  if (protocol === undefined) return config.exporter;
  const headerCount = Object.keys(config.otlp.headers).length;
  const headers = headerCount === 0 ? '' : `, ${headerCount} header${headerCount === 1 ? '' : 's'}`;
  return `${config.exporter}(${protocol} → ${config.otlp.url ?? '?'}${headers})`;
}
