import type { ExporterName, ResolvedExporter } from './options.js';
import { readOtlpProtocol, readSignalExporter, type SignalName } from './readEnvironment.js';
import { invalidSetting, optionLabel, type Env, type Sources } from './settingChecks.js';

/** The exporter names every signal accepts in the options. */
export const EXPORTER_NAMES = Object.freeze(['console', 'otlp', 'otlp-proto', 'memory', 'none'] as const);

/** What the options may hand over for one signal instead of an exporter name. */
export interface SignalObjects {
  /** Option path of the provider: `tracerProvider`, `loggerProvider`, `meterProvider`. */
  readonly providerPath: string;
  /** The method a provider of this signal has: `getTracer`, `getLogger`, `getMeter`. */
  readonly providerMethod: string;
  readonly providerType: string;
  /** Option path of the exporter: `exporter`, `logs.exporter`, `metrics.exporter`. */
  readonly exporterPath: string;
  readonly exporterType: string;
}

export interface SignalExporterInput {
  readonly signal: SignalName;
  readonly objects: SignalObjects;
  readonly provider: unknown;
  readonly exporter: unknown;
  /** Whether the options give this signal an OTLP URL. */
  readonly urlGiven: boolean;
  /** Whether the environment names an endpoint for this signal. */
  readonly endpointInEnv: boolean;
  /** For logs and metrics: the kind chosen for traces. */
  readonly inherited: ResolvedExporter | undefined;
}

/**
 * The exporter of one signal: a provider of the options (or `'global'`) > the exporter
 * option > `OTEL_<SIGNAL>_EXPORTER` > an OTLP URL in the options or an endpoint in the
 * environment (OTLP, protobuf when the protocol variable says so) > the kind chosen for
 * traces (an exporter or provider object of the traces gives `'none'`) > `'none'`.
 */
export function resolveSignalExporter(input: SignalExporterInput, env: Env, sources: Sources): ResolvedExporter {
  const { signal, objects } = input;
  const source = objects.exporterPath;
  if (input.provider !== undefined) {
    const provider = input.provider;
    const usable =
      provider === 'global' ||
      (typeof provider === 'object' && provider !== null && typeof (provider as Record<string, unknown>)[objects.providerMethod] === 'function');
    if (!usable) {
      throw invalidSetting(optionLabel(objects.providerPath), `'global' or a ${objects.providerType} (an object with ${objects.providerMethod}())`, provider);
    }
    sources[source] = 'option';
    return 'provider';
  }
  const option = input.exporter;
  if (option !== undefined) {
    sources[source] = 'option';
    if (typeof option === 'string' && (EXPORTER_NAMES as readonly string[]).includes(option)) return option as ExporterName;
    if (typeof option === 'object' && option !== null) {
      const candidate = option as Record<string, unknown>;
      if (typeof candidate.export === 'function' && typeof candidate.shutdown === 'function') return 'custom';
      throw invalidSetting(optionLabel(source), `a ${objects.exporterType}: an object with export() and shutdown() methods`, option);
    }
    throw invalidSetting(optionLabel(source), `one of ${EXPORTER_NAMES.map((name) => `'${name}'`).join(', ')} or a ${objects.exporterType} object`, option);
  }
  const otlpFlavour = (): ExporterName => (readOtlpProtocol(env, signal) === 'http/protobuf' ? 'otlp-proto' : 'otlp');
  const fromEnv = readSignalExporter(env, signal);
  if (fromEnv !== undefined) {
    sources[source] = 'env';
    return fromEnv === 'otlp' ? otlpFlavour() : fromEnv;
  }
  if (input.urlGiven) {
    sources[source] = 'option';
    return otlpFlavour();
  }
  if (input.endpointInEnv) {
    sources[source] = 'env';
    return otlpFlavour();
  }
  sources[source] = 'default';
  const inherited = input.inherited;
  if (inherited === undefined || inherited === 'custom' || inherited === 'provider') return 'none';
  return inherited;
}
