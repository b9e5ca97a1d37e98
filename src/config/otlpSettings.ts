import { DEFAULTS, OTLP_PATHS } from './defaults.js';
import type { EnvReader } from './envReader.js';
import { isOtlpExporter } from './exporterSettings.js';
import { HEADER_NAME_ALLOWED, HEADER_VALUE_ALLOWED, isSendableHeaderName, unsendableCharacter } from './headerChecks.js';
import type { ConfigSource, OtlpProtocol, ResolvedExporter, ResolvedOtlp } from './options.js';
import {
  OTLP_PROTOCOLS,
  isHttpUrl,
  readBaseEndpoint,
  readOtlpHeaders,
  readOtlpProtocol,
  readOtlpTimeout,
  readSignalEndpoint,
  type SignalName,
} from './readEnvironment.js';
import {
  POSITIVE_DURATION,
  checkKnownKeys,
  checkNumber,
  checkOptionalObject,
  formatValue,
  invalidSetting,
  isPlainObject,
  optionLabel,
  type Sources,
} from './settingChecks.js';

const OTLP_KEYS = Object.freeze(['url', 'headers', 'timeoutMs', 'protocol']);

/** The protocol an exporter name fixes: `'otlp'` leaves it to `otlp.protocol` and the environment. */
const PROTOCOL_OF_EXPORTER: Readonly<Record<string, OtlpProtocol>> = Object.freeze({ 'otlp-proto': 'http/protobuf', 'otlp-json': 'http/json' });

/** The `otlp` option of the traces, as logs and metrics fall back on it. */
export interface SharedOtlpOption {
  readonly url: string | undefined;
  readonly headers: Readonly<Record<string, string>> | undefined;
  readonly timeoutMs: number | undefined;
  readonly protocol: OtlpProtocol | undefined;
}

/** Checks the `otlp` option (of traces, or of `logs`/`metrics`): known keys, URL, headers, timeout, protocol. */
export function checkOtlpOption(path: string, value: unknown): SharedOtlpOption | undefined {
  const option = checkOptionalObject(path, value);
  if (option === undefined) return undefined;
  checkKnownKeys(path, option, OTLP_KEYS);
  const { url, timeoutMs, protocol } = option;
  if (url !== undefined && !isHttpUrl(url)) throw invalidSetting(optionLabel(`${path}.url`), 'an http:// or https:// URL', url);
  if (protocol !== undefined && !(OTLP_PROTOCOLS as readonly unknown[]).includes(protocol)) {
    throw invalidSetting(optionLabel(`${path}.protocol`), `one of ${OTLP_PROTOCOLS.map((name) => `'${name}'`).join(', ')} (gRPC is not supported)`, protocol);
  }
  return {
    url,
    headers: checkHeadersOption(`${path}.headers`, option.headers),
    timeoutMs: timeoutMs === undefined ? undefined : checkNumber(optionLabel(`${path}.timeoutMs`), timeoutMs, POSITIVE_DURATION),
    protocol: protocol as OtlpProtocol | undefined,
  };
}

/** String headers that Node can send: a header it refuses would make every export fail. */
function checkHeadersOption(path: string, headers: unknown): Record<string, string> | undefined {
  if (headers === undefined) return undefined;
  if (!isPlainObject(headers) || !Object.values(headers).every((header) => typeof header === 'string')) {
    throw invalidSetting(optionLabel(path), 'an object of string header values', headers);
  }
  for (const [name, value] of Object.entries(headers as Record<string, string>)) {
    if (!isSendableHeaderName(name)) throw invalidSetting(optionLabel(path), `an object whose header names are ${HEADER_NAME_ALLOWED}`, name);
    const unsendable = unsendableCharacter(value);
    if (unsendable !== undefined) {
      // The value is not quoted: header values are often credentials.
      throw new TypeError(
        `createTelemetry: ${optionLabel(`${path}[${formatValue(name)}]`)} must be ${HEADER_VALUE_ALLOWED} (what Node can send), got a value with ${unsendable}`,
      );
    }
  }
  return { ...(headers as Record<string, string>) };
}

/** The exporter of one signal, with where it came from. */
export interface ChosenExporter {
  readonly exporter: ResolvedExporter;
  readonly source: ConfigSource;
}

/**
 * Where the OTLP exporter of `signal` sends, field by field: the signal's own option
 * (`logs.otlp.url`), then the traces option it may share (`otlp.url` ending in
 * `/v1/traces` gives `/v1/logs`; headers and timeout as they are), then the signal's
 * variable (`OTEL_EXPORTER_OTLP_LOGS_ENDPOINT`), then the generic one (the base endpoint
 * with the signal's path), then the default. `path` names the option group (`otlp`,
 * `logs.otlp`). The OTLP variables concern only a signal that exports over OTLP: for any
 * other, they are not read (a malformed one must not warn about a signal it does not
 * configure).
 */
export function resolveSignalOtlp(
  signal: SignalName,
  path: string,
  own: SharedOtlpOption | undefined,
  shared: SharedOtlpOption | undefined,
  exporter: ResolvedExporter,
  env: EnvReader,
  sources: Sources,
): ResolvedOtlp {
  const isOtlp = isOtlpExporter(exporter);
  if (!isOtlp) env = env.none();
  let url: string | undefined = own?.url;
  sources[`${path}.url`] = 'option';
  if (url === undefined) url = sharedUrl(shared?.url, signal);
  if (url === undefined) {
    url = readSignalEndpoint(env, signal) ?? readBaseEndpoint(env, signal);
    sources[`${path}.url`] = url === undefined ? 'default' : 'env';
    if (url === undefined && isOtlp) url = `${DEFAULTS.otlp.base}${OTLP_PATHS[signal]}`;
  }

  let headers = own?.headers ?? shared?.headers;
  sources[`${path}.headers`] = headers === undefined ? 'default' : 'option';
  if (headers === undefined) {
    headers = readOtlpHeaders(env, signal);
    if (headers !== undefined) sources[`${path}.headers`] = 'env';
  }

  let timeoutMs = own?.timeoutMs ?? shared?.timeoutMs;
  sources[`${path}.timeoutMs`] = timeoutMs === undefined ? 'default' : 'option';
  if (timeoutMs === undefined) {
    timeoutMs = readOtlpTimeout(env, signal);
    if (timeoutMs !== undefined) sources[`${path}.timeoutMs`] = 'env';
  }
  return { url, headers: headers ?? {}, timeoutMs: timeoutMs ?? DEFAULTS.otlp.timeoutMs };
}

/**
 * The OTLP exporter with its protocol: `'otlp-proto'` and `'otlp-json'` name it (an
 * `otlp.protocol` of the same option group that says otherwise is a contradiction and
 * throws); `'otlp'` takes the signal's own `protocol` option, the shared one, the signal's
 * variable, then the generic variable, and becomes `'otlp-proto'` or `'otlp-json'` when
 * one of them chose; without a choice it stays `'otlp'`, which sends `http/protobuf`.
 * Other exporters are returned as they are. `sources[path + '.protocol']` says who chose.
 */
export function resolveOtlpFlavour(
  signal: SignalName,
  path: string,
  own: SharedOtlpOption | undefined,
  shared: SharedOtlpOption | undefined,
  named: ChosenExporter,
  env: EnvReader,
  sources: Sources,
): ResolvedExporter {
  const key = `${path}.protocol`;
  const { exporter, source } = named;
  sources[key] = 'default';
  const fixed = PROTOCOL_OF_EXPORTER[exporter];
  if (fixed !== undefined) {
    if (source === 'option' && own?.protocol !== undefined && own.protocol !== fixed) {
      throw invalidSetting(optionLabel(key), `'${fixed}' with the exporter '${exporter}' (the exporter 'otlp' takes either)`, own.protocol);
    }
    // A flavour inherited from traces names OTLP; the signal's own protocol option still picks the encoding.
    if (source !== 'option' && own?.protocol !== undefined) {
      sources[key] = 'option';
      return own.protocol === 'http/json' ? 'otlp-json' : 'otlp-proto';
    }
    sources[key] = source;
    return exporter;
  }
  if (exporter !== 'otlp') return exporter;
  const option = own?.protocol ?? shared?.protocol;
  const protocol = option ?? readOtlpProtocol(env, signal);
  if (protocol === undefined) return exporter;
  sources[key] = option === undefined ? 'env' : 'option';
  return protocol === 'http/json' ? 'otlp-json' : 'otlp-proto';
}

/** The traces URL of the options, as the URL of `signal`: kept for traces, its `/v1/traces` swapped otherwise. */
function sharedUrl(url: string | undefined, signal: SignalName): string | undefined {
  if (url === undefined || signal === 'traces') return url;
  const suffix = `/${OTLP_PATHS.traces}`;
  return url.endsWith(suffix) ? `${url.slice(0, -suffix.length)}/${OTLP_PATHS[signal]}` : undefined;
}
