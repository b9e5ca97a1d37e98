import type { EnvReader } from './envReader.js';
import type { ExporterName, OtlpProtocol, ResolvedExporter } from './options.js';
import { hasOtlpEndpoint, readSignalExporter, type SignalName } from './readEnvironment.js';
import { invalidSetting, optionLabel, type Sources } from './settingChecks.js';

/** The exporter names every signal accepts in the options. */
export const EXPORTER_NAMES = Object.freeze(['console', 'otlp', 'otlp-proto', 'otlp-json', 'memory', 'none'] as const);

/** The exporters that send over OTLP/HTTP. */
export function isOtlpExporter(exporter: ResolvedExporter): exporter is 'otlp' | 'otlp-proto' | 'otlp-json' {
  return exporter === 'otlp' || exporter === 'otlp-proto' || exporter === 'otlp-json';
}

/** The protocol an OTLP exporter sends with: `'otlp'` is the default, `http/protobuf`. */
export function otlpProtocolOf(exporter: 'otlp' | 'otlp-proto' | 'otlp-json'): OtlpProtocol {
  return exporter === 'otlp-json' ? 'http/json' : 'http/protobuf';
}

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
  /** Whether `OTEL_EXPORTER_OTLP_ENDPOINT` makes this signal's default exporter OTLP (traces; logs and metrics inherit it). */
  readonly baseEndpointCounts: boolean;
  /** For logs and metrics: the kind chosen for traces. */
  readonly inherited: ResolvedExporter | undefined;
  /** `OTEL_SDK_DISABLED=true`: the options are still checked, and nothing exports. */
  readonly sdkDisabled: boolean;
}

/**
 * The exporter of one signal: `'none'` when the SDK is disabled > a provider of the
 * options (or `'global'`) > the exporter option > `OTEL_<SIGNAL>_EXPORTER` > an OTLP URL
 * in the options or an endpoint in the environment (`'otlp'`) > the kind chosen for
 * traces (an exporter or provider object of the traces gives `'none'`) > `'none'`. The
 * environment is read only when no option decides.
 */
export function resolveSignalExporter(input: SignalExporterInput, env: EnvReader, sources: Sources): ResolvedExporter {
  const source = input.objects.exporterPath;
  const fromOptions = exporterOfOptions(input);
  if (input.sdkDisabled) {
    sources[source] = 'env';
    return 'none';
  }
  if (fromOptions !== undefined) {
    sources[source] = 'option';
    return fromOptions;
  }
  const fromEnv = readSignalExporter(env, input.signal);
  if (fromEnv !== undefined) {
    sources[source] = 'env';
    return fromEnv;
  }
  if (input.urlGiven) {
    sources[source] = 'option';
    return 'otlp';
  }
  if (hasOtlpEndpoint(env, input.signal, input.baseEndpointCounts)) {
    sources[source] = 'env';
    return 'otlp';
  }
  sources[source] = 'default';
  const inherited = input.inherited;
  if (inherited === undefined || inherited === 'custom' || inherited === 'provider') return 'none';
  return inherited;
}

/** The provider or exporter the options give this signal, checked; `undefined` when they give none. */
function exporterOfOptions({ objects, provider, exporter }: SignalExporterInput): ResolvedExporter | undefined {
  if (provider !== undefined) {
    const usable =
      provider === 'global' ||
      (typeof provider === 'object' && provider !== null && typeof (provider as Record<string, unknown>)[objects.providerMethod] === 'function');
    if (!usable) {
      throw invalidSetting(optionLabel(objects.providerPath), `'global' or a ${objects.providerType} (an object with ${objects.providerMethod}())`, provider);
    }
    return 'provider';
  }
  if (exporter === undefined) return undefined;
  if (typeof exporter === 'string' && (EXPORTER_NAMES as readonly string[]).includes(exporter)) return exporter as ExporterName;
  if (typeof exporter === 'object' && exporter !== null) {
    const candidate = exporter as Record<string, unknown>;
    if (typeof candidate.export === 'function' && typeof candidate.shutdown === 'function') return 'custom';
    throw invalidSetting(optionLabel(objects.exporterPath), `a ${objects.exporterType}: an object with export() and shutdown() methods`, exporter);
  }
  throw invalidSetting(
    optionLabel(objects.exporterPath),
    `one of ${EXPORTER_NAMES.map((name) => `'${name}'`).join(', ')} or a ${objects.exporterType} object`,
    exporter,
  );
}
