import { OTLP_PATHS } from './defaults.js';
import type { EnvReader } from './envReader.js';
import { HEADER_NAME_ALLOWED, HEADER_VALUE_ALLOWED, isSendableHeaderName, unsendableCharacter } from './headerChecks.js';
import type { OtlpProtocol } from './options.js';
import { POSITIVE_DURATION, RATIO, formatValue } from './settingChecks.js';

/**
 * Parsers for the `OTEL_*` variables this library reads, as the OpenTelemetry
 * specification wants them read: unset or empty means unset, enum values are
 * case-insensitive and trimmed, and a value that cannot be used is ignored with a warning
 * (see {@link EnvReader}), so the setting falls back to its next source or default.
 */

/** The signals whose exporter the environment configures. */
export type SignalName = keyof typeof OTLP_PATHS;

/** The signal's part of per-signal variable names: `OTEL_EXPORTER_OTLP_LOGS_ENDPOINT`. */
const SIGNAL_WORD: Readonly<Record<SignalName, string>> = Object.freeze({ traces: 'TRACES', logs: 'LOGS', metrics: 'METRICS' });

const EXPORTER_NAMES_IN_ENV = Object.freeze(['otlp', 'console', 'none'] as const);
export type EnvExporterName = (typeof EXPORTER_NAMES_IN_ENV)[number];

export const OTLP_PROTOCOLS = Object.freeze(['http/protobuf', 'http/json'] as const);
const OTLP_PROTOCOLS_ALLOWED = `one of ${OTLP_PROTOCOLS.join(', ')} (gRPC is not supported)`;

const TRACES_SAMPLERS = Object.freeze([
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const);

const KEY_VALUE_LIST = 'a comma-separated list of key=value pairs, percent-encoded';

/** An enum value as the specification compares it: trimmed, case-insensitive. */
function readEnum(env: EnvReader, name: string): string | undefined {
  return env.string(name)?.toLowerCase();
}

/** `OTEL_SDK_DISABLED`: only `true` (any case) disables; `false` and unset do not; anything else warns. */
export function readSdkDisabled(env: EnvReader): boolean | undefined {
  const value = readEnum(env, 'OTEL_SDK_DISABLED');
  if (value === undefined) return undefined;
  if (value === 'true' || value === 'false') return value === 'true';
  return env.ignore('OTEL_SDK_DISABLED', 'true or false', env.raw('OTEL_SDK_DISABLED'), 'the SDK stays enabled');
}

/**
 * `OTEL_TRACES_EXPORTER` (or `_LOGS_`, `_METRICS_`): a comma-separated list by the
 * specification. Unknown names are ignored with a warning; the first known one is used
 * (this library runs one exporter per signal). No known name: the variable is ignored.
 */
export function readSignalExporter(env: EnvReader, signal: SignalName): EnvExporterName | undefined {
  const variable = `OTEL_${SIGNAL_WORD[signal]}_EXPORTER`;
  const text = readEnum(env, variable);
  if (text === undefined) return undefined;
  const names = text.split(',').map((name) => name.trim()).filter((name) => name !== '');
  const known = names.filter((name): name is EnvExporterName => (EXPORTER_NAMES_IN_ENV as readonly string[]).includes(name));
  if (known.length < names.length) {
    const unknown = names.filter((name) => !(known as readonly string[]).includes(name));
    const consequence = known.length === 0 ? 'the default applies' : `${unknown.map((name) => `'${name}'`).join(', ')} left out`;
    env.ignore(variable, `a comma-separated list of ${EXPORTER_NAMES_IN_ENV.join(', ')}`, env.raw(variable), consequence);
  }
  return known[0];
}

/** `OTEL_EXPORTER_OTLP_<SIGNAL>_PROTOCOL`, else `OTEL_EXPORTER_OTLP_PROTOCOL`. */
export function readOtlpProtocol(env: EnvReader, signal: SignalName): OtlpProtocol | undefined {
  const specific = `OTEL_EXPORTER_OTLP_${SIGNAL_WORD[signal]}_PROTOCOL`;
  for (const name of [specific, 'OTEL_EXPORTER_OTLP_PROTOCOL']) {
    const text = readEnum(env, name);
    if (text === undefined) continue;
    if ((OTLP_PROTOCOLS as readonly string[]).includes(text)) return text as OtlpProtocol;
    const consequence = name === specific ? 'OTEL_EXPORTER_OTLP_PROTOCOL or the default (http/protobuf) applies' : 'the default (http/protobuf) applies';
    env.ignore(name, OTLP_PROTOCOLS_ALLOWED, env.raw(name), consequence);
  }
  return undefined;
}

/** `OTEL_EXPORTER_OTLP_<SIGNAL>_ENDPOINT`, a full URL used as is. */
export function readSignalEndpoint(env: EnvReader, signal: SignalName): string | undefined {
  return readHttpUrl(env, `OTEL_EXPORTER_OTLP_${SIGNAL_WORD[signal]}_ENDPOINT`);
}

/** `OTEL_EXPORTER_OTLP_ENDPOINT` (a base URL) with the signal's path appended (`/v1/logs`). */
export function readBaseEndpoint(env: EnvReader, signal: SignalName): string | undefined {
  const base = readHttpUrl(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  if (base === undefined) return undefined;
  return `${base.endsWith('/') ? base : `${base}/`}${OTLP_PATHS[signal]}`;
}

/** True when a usable endpoint variable names where the signal goes: then its default exporter is OTLP. */
export function hasOtlpEndpoint(env: EnvReader, signal: SignalName, baseCounts: boolean): boolean {
  return readSignalEndpoint(env, signal) !== undefined || (baseCounts && readBaseEndpoint(env, signal) !== undefined);
}

function readHttpUrl(env: EnvReader, name: string): string | undefined {
  const url = env.string(name);
  if (url === undefined) return undefined;
  return isHttpUrl(url) ? url : env.ignore(name, 'an http:// or https:// URL', env.raw(name));
}

export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string' || !URL.canParse(value)) return false;
  const { protocol } = new URL(value);
  return protocol === 'http:' || protocol === 'https:';
}

/**
 * Headers of `OTEL_EXPORTER_OTLP_HEADERS`, overridden per key by
 * `OTEL_EXPORTER_OTLP_<SIGNAL>_HEADERS`; `undefined` when neither gives a usable header.
 */
export function readOtlpHeaders(env: EnvReader, signal: SignalName): Record<string, string> | undefined {
  const general = readHeaders(env, 'OTEL_EXPORTER_OTLP_HEADERS');
  const specific = readHeaders(env, `OTEL_EXPORTER_OTLP_${SIGNAL_WORD[signal]}_HEADERS`);
  const headers = { ...general, ...specific };
  return Object.keys(headers).length === 0 ? undefined : headers;
}

/**
 * `key=value,key2=value2` in the W3C Baggage format the specification names: keys and
 * values percent-decoded and trimmed, the value up to an unencoded `;` (baggage
 * properties are not supported). An entry that cannot be parsed, or a header Node could
 * not send, is left out with a warning; the others are kept. Values are never quoted in a
 * warning: they are often credentials.
 */
function readHeaders(env: EnvReader, name: string): Record<string, string> | undefined {
  const text = env.string(name);
  if (text === undefined) return undefined;
  const headers: Record<string, string> = {};
  for (const entry of text.split(',')) {
    if (entry.trim() === '') continue;
    const [pair = '', ...properties] = entry.split(';');
    const separator = pair.indexOf('=');
    const rawKey = separator < 0 ? '' : pair.slice(0, separator).trim();
    if (rawKey === '') {
      env.ignore(name, KEY_VALUE_LIST, entry.trim(), 'this entry is left out');
      continue;
    }
    const key = decodeOrUndefined(rawKey);
    const value = decodeOrUndefined(pair.slice(separator + 1).trim());
    if (key === undefined || value === undefined) {
      env.ignoreDescribed(name, KEY_VALUE_LIST, `an entry for ${formatValue(rawKey)} with invalid percent-encoding`, 'this entry is left out');
      continue;
    }
    if (!isSendableHeaderName(key)) {
      env.ignore(name, `a list of headers whose names are ${HEADER_NAME_ALLOWED}`, key, 'this header is left out');
      continue;
    }
    const unsendable = unsendableCharacter(value);
    if (unsendable !== undefined) {
      const allowed = `a list of headers whose values are ${HEADER_VALUE_ALLOWED}`;
      env.ignoreDescribed(name, allowed, `a value of ${formatValue(key)} with ${unsendable}`, 'this header is left out');
      continue;
    }
    if (properties.length > 0) {
      const allowed = `${KEY_VALUE_LIST} without ';' properties (percent-encode ';' as %3B)`;
      env.ignoreDescribed(name, allowed, `properties on ${formatValue(key)}`, "the value up to ';' is sent");
    }
    headers[key] = value;
  }
  return headers;
}

function decodeOrUndefined(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** `OTEL_EXPORTER_OTLP_<SIGNAL>_TIMEOUT`, else `OTEL_EXPORTER_OTLP_TIMEOUT` (milliseconds > 0). */
export function readOtlpTimeout(env: EnvReader, signal: SignalName): number | undefined {
  return env.number(`OTEL_EXPORTER_OTLP_${SIGNAL_WORD[signal]}_TIMEOUT`, POSITIVE_DURATION) ?? env.number('OTEL_EXPORTER_OTLP_TIMEOUT', POSITIVE_DURATION);
}

/**
 * `OTEL_RESOURCE_ATTRIBUTES`: `key=value` pairs, keys and values percent-decoded and
 * trimmed, blank entries skipped, a later key winning. As the specification says, `,` and
 * `=` in keys and values must be percent-encoded and, on any error (an entry without `=`,
 * an unencoded `=`, an empty key, invalid percent-encoding), the whole variable is
 * discarded.
 */
export function readResourceAttributes(env: EnvReader): Record<string, string> | undefined {
  const name = 'OTEL_RESOURCE_ATTRIBUTES';
  const text = env.string(name);
  if (text === undefined) return undefined;
  const attributes: Record<string, string> = {};
  for (const entry of text.split(',')) {
    if (entry.trim() === '') continue;
    const parts = entry.split('=');
    const key = parts.length === 2 ? decodeOrUndefined((parts[0] ?? '').trim()) : undefined;
    const value = parts.length === 2 ? decodeOrUndefined((parts[1] ?? '').trim()) : undefined;
    if (key === undefined || key === '' || value === undefined) {
      return env.ignore(
        name,
        `${KEY_VALUE_LIST} (',' and '=' in keys and values encoded as %2C and %3D)`,
        env.raw(name),
        `every attribute of it is discarded (the entry ${formatValue(entry.trim())} is malformed)`,
      );
    }
    attributes[key] = value;
  }
  return attributes;
}

export interface EnvSampler {
  /** 1 or 0 for the `*always_on` / `*always_off` samplers, the argument for the ratio samplers. */
  ratio: number;
  parentBased: boolean;
}

/**
 * `OTEL_TRACES_SAMPLER` (+ `OTEL_TRACES_SAMPLER_ARG` for the ratio samplers). An unknown
 * sampler is ignored (the default sampler applies); an argument that is not a number from
 * 0 to 1 is ignored and 1 applies, as the specification requires. The argument is not
 * read for the samplers that take none.
 */
export function readSampler(env: EnvReader): EnvSampler | undefined {
  const name = readEnum(env, 'OTEL_TRACES_SAMPLER');
  if (name === undefined) return undefined;
  if (!(TRACES_SAMPLERS as readonly string[]).includes(name)) {
    const allowed = `one of ${TRACES_SAMPLERS.join(', ')}`;
    return env.ignore('OTEL_TRACES_SAMPLER', allowed, env.raw('OTEL_TRACES_SAMPLER'), 'the default (parentbased_always_on) applies');
  }
  const parentBased = name.startsWith('parentbased_');
  if (name.endsWith('always_on')) return { ratio: 1, parentBased };
  if (name.endsWith('always_off')) return { ratio: 0, parentBased };
  return { ratio: env.number('OTEL_TRACES_SAMPLER_ARG', RATIO) ?? 1, parentBased };
}
