import { OTLP_PATHS } from './defaults.js';
import { envLabel, invalidSetting } from './settingChecks.js';

/**
 * Parsers for the `OTEL_*` variables this library reads. Each returns `undefined` when
 * the variable is unset or empty (the OpenTelemetry rule: empty means unset) and throws
 * a TypeError naming the variable when its text cannot be parsed.
 */

type Env = Readonly<Record<string, string | undefined>>;

/** The signals whose exporter the environment configures. */
export type SignalName = keyof typeof OTLP_PATHS;

/** The signal's part of per-signal variable names: `OTEL_EXPORTER_OTLP_LOGS_ENDPOINT`. */
const SIGNAL_WORD: Readonly<Record<SignalName, string>> = Object.freeze({ traces: 'TRACES', logs: 'LOGS', metrics: 'METRICS' });

const EXPORTER_NAMES_IN_ENV = Object.freeze(['otlp', 'console', 'none'] as const);
export type EnvExporterName = (typeof EXPORTER_NAMES_IN_ENV)[number];

const OTLP_PROTOCOLS = Object.freeze(['http/json', 'http/protobuf'] as const);
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];

const TRACES_SAMPLERS = Object.freeze([
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const);

export function readString(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined) return undefined;
  const trimmed = raw.trim();
  return trimmed === '' ? undefined : trimmed;
}

export function readNumber(env: Env, name: string): number | undefined {
  const text = readString(env, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (Number.isNaN(value)) throw invalidSetting(envLabel(name), 'a number', env[name]);
  return value;
}

/**
 * `OTEL_TRACES_EXPORTER` (or `_LOGS_`, `_METRICS_`): a comma-separated list by the
 * specification. Every entry must be known; the first one is used (this library runs one
 * exporter per signal).
 */
export function readSignalExporter(env: Env, signal: SignalName): EnvExporterName | undefined {
  const variable = `OTEL_${SIGNAL_WORD[signal]}_EXPORTER`;
  const text = readString(env, variable);
  if (text === undefined) return undefined;
  const names = text.split(',').map((name) => name.trim().toLowerCase()).filter((name) => name !== '');
  for (const name of names) {
    if (!(EXPORTER_NAMES_IN_ENV as readonly string[]).includes(name)) {
      throw invalidSetting(envLabel(variable), `a comma-separated list of ${EXPORTER_NAMES_IN_ENV.join(', ')}`, text);
    }
  }
  return names[0] as EnvExporterName | undefined;
}

/** `OTEL_EXPORTER_OTLP_<SIGNAL>_PROTOCOL`, else `OTEL_EXPORTER_OTLP_PROTOCOL`. */
export function readOtlpProtocol(env: Env, signal: SignalName): OtlpProtocol | undefined {
  for (const name of [`OTEL_EXPORTER_OTLP_${SIGNAL_WORD[signal]}_PROTOCOL`, 'OTEL_EXPORTER_OTLP_PROTOCOL']) {
    const text = readString(env, name);
    if (text === undefined) continue;
    if (!(OTLP_PROTOCOLS as readonly string[]).includes(text)) {
      throw invalidSetting(envLabel(name), `one of ${OTLP_PROTOCOLS.join(', ')} (gRPC is not supported)`, text);
    }
    return text as OtlpProtocol;
  }
  return undefined;
}

/** `OTEL_EXPORTER_OTLP_<SIGNAL>_ENDPOINT`, a full URL used as is. */
export function readSignalEndpoint(env: Env, signal: SignalName): string | undefined {
  const variable = `OTEL_EXPORTER_OTLP_${SIGNAL_WORD[signal]}_ENDPOINT`;
  const url = readString(env, variable);
  return url === undefined ? undefined : checkHttpUrl(envLabel(variable), url);
}

/** `OTEL_EXPORTER_OTLP_ENDPOINT` (a base URL) with the signal's path appended (`/v1/logs`). */
export function readBaseEndpoint(env: Env, signal: SignalName): string | undefined {
  const base = readString(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  if (base === undefined) return undefined;
  checkHttpUrl(envLabel('OTEL_EXPORTER_OTLP_ENDPOINT'), base);
  return `${base.endsWith('/') ? base : `${base}/`}${OTLP_PATHS[signal]}`;
}

/** True when the signal's or the base OTLP endpoint variable is set: then the default exporter is OTLP. */
export function hasOtlpEndpoint(env: Env, signal: SignalName): boolean {
  return readString(env, `OTEL_EXPORTER_OTLP_${SIGNAL_WORD[signal]}_ENDPOINT`) !== undefined || readString(env, 'OTEL_EXPORTER_OTLP_ENDPOINT') !== undefined;
}

export function checkHttpUrl(label: string, value: unknown): string {
  if (typeof value === 'string' && URL.canParse(value)) {
    const { protocol } = new URL(value);
    if (protocol === 'http:' || protocol === 'https:') return value;
  }
  throw invalidSetting(label, 'an http:// or https:// URL', value);
}

/** Headers of `OTEL_EXPORTER_OTLP_HEADERS`, overridden per key by `OTEL_EXPORTER_OTLP_<SIGNAL>_HEADERS`. */
export function readOtlpHeaders(env: Env, signal: SignalName): Record<string, string> | undefined {
  const general = readKeyValueList(env, 'OTEL_EXPORTER_OTLP_HEADERS');
  const specific = readKeyValueList(env, `OTEL_EXPORTER_OTLP_${SIGNAL_WORD[signal]}_HEADERS`);
  if (general === undefined && specific === undefined) return undefined;
  return { ...general, ...specific };
}

/** `OTEL_EXPORTER_OTLP_<SIGNAL>_TIMEOUT`, else `OTEL_EXPORTER_OTLP_TIMEOUT` (milliseconds). */
export function readOtlpTimeout(env: Env, signal: SignalName): { value: number; name: string } | undefined {
  for (const name of [`OTEL_EXPORTER_OTLP_${SIGNAL_WORD[signal]}_TIMEOUT`, 'OTEL_EXPORTER_OTLP_TIMEOUT']) {
    const value = readNumber(env, name);
    if (value !== undefined) return { value, name };
  }
  return undefined;
}

/** `key=value,key2=value2`, keys and values percent-decoded, blank entries skipped. */
export function readKeyValueList(env: Env, name: string): Record<string, string> | undefined {
  const text = readString(env, name);
  if (text === undefined) return undefined;
  const allowed = 'a comma-separated list of key=value pairs (percent-encoded)';
  const pairs: Record<string, string> = {};
  for (const entry of text.split(',')) {
    if (entry.trim() === '') continue;
    const separator = entry.indexOf('=');
    if (separator <= 0) throw invalidSetting(envLabel(name), allowed, text);
    try {
      const key = decodeURIComponent(entry.slice(0, separator).trim());
      if (key === '') throw new URIError('empty key');
      pairs[key] = decodeURIComponent(entry.slice(separator + 1).trim());
    } catch {
      throw invalidSetting(envLabel(name), allowed, text);
    }
  }
  return pairs;
}

export interface EnvSampler {
  /** 1 or 0 for the `*always_on` / `*always_off` samplers, the argument for the ratio samplers. */
  ratio: number;
  parentBased: boolean;
  /** The variable that set the ratio, for error messages. */
  ratioSource: 'OTEL_TRACES_SAMPLER' | 'OTEL_TRACES_SAMPLER_ARG';
}

/**
 * `OTEL_TRACES_SAMPLER` (+ `OTEL_TRACES_SAMPLER_ARG` for the ratio samplers, default 1).
 * As the specification says, the argument is ignored when no sampler is named.
 */
export function readSampler(env: Env): EnvSampler | undefined {
  const text = readString(env, 'OTEL_TRACES_SAMPLER');
  if (text === undefined) return undefined;
  const name = text.toLowerCase();
  if (!(TRACES_SAMPLERS as readonly string[]).includes(name)) {
    throw invalidSetting(envLabel('OTEL_TRACES_SAMPLER'), `one of ${TRACES_SAMPLERS.join(', ')}`, text);
  }
  const parentBased = name.startsWith('parentbased_');
  if (name.endsWith('always_on')) return { ratio: 1, parentBased, ratioSource: 'OTEL_TRACES_SAMPLER' };
  if (name.endsWith('always_off')) return { ratio: 0, parentBased, ratioSource: 'OTEL_TRACES_SAMPLER' };
  const ratio = readNumber(env, 'OTEL_TRACES_SAMPLER_ARG') ?? 1;
  return { ratio, parentBased, ratioSource: 'OTEL_TRACES_SAMPLER_ARG' };
}
