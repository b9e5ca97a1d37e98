import { DEFAULTS, OTLP_PATHS } from './defaults.js';
import type { ResolvedExporter, ResolvedOtlp } from './options.js';
import { readBaseEndpoint, readOtlpHeaders, readOtlpTimeout, readSignalEndpoint, type SignalName } from './readEnvironment.js';
import { checkHttpUrl } from './readEnvironment.js';
import {
  POSITIVE_DURATION,
  checkKnownKeys,
  checkNumber,
  checkOptionalObject,
  envLabel,
  invalidSetting,
  isPlainObject,
  optionLabel,
  type Env,
  type Sources,
} from './settingChecks.js';

const OTLP_KEYS = Object.freeze(['url', 'headers', 'timeoutMs']);

/** The `otlp` option of the traces, as logs and metrics fall back on it. */
export interface SharedOtlpOption {
  readonly url: string | undefined;
  readonly headers: Readonly<Record<string, string>> | undefined;
  readonly timeoutMs: number | undefined;
}

/** Checks the `otlp` option (of traces, or of `logs`/`metrics`): known keys, URL, headers, timeout. */
export function checkOtlpOption(path: string, value: unknown): SharedOtlpOption | undefined {
  const option = checkOptionalObject(path, value);
  if (option === undefined) return undefined;
  checkKnownKeys(path, option, OTLP_KEYS);
  const headers = option.headers;
  if (headers !== undefined && (!isPlainObject(headers) || !Object.values(headers).every((header) => typeof header === 'string'))) {
    throw invalidSetting(optionLabel(`${path}.headers`), 'an object of string header values', headers);
  }
  return {
    url: option.url === undefined ? undefined : checkHttpUrl(optionLabel(`${path}.url`), option.url),
    headers: headers === undefined ? undefined : { ...(headers as Record<string, string>) },
    timeoutMs: option.timeoutMs === undefined ? undefined : checkNumber(optionLabel(`${path}.timeoutMs`), option.timeoutMs, POSITIVE_DURATION),
  };
}

/**
 * Where the OTLP exporter of `signal` sends, field by field: the signal's own option
 * (`logs.otlp.url`), then the traces option it may share (`otlp.url` ending in `/v1/traces`
 * gives `/v1/logs`; headers and timeout as they are), then the signal's variable
 * (`OTEL_EXPORTER_OTLP_LOGS_ENDPOINT`), then the base variable with the signal's path, then
 * the default collector. `path` names the option group (`otlp`, `logs.otlp`). The
 * environment is read only when the signal's exporter is OTLP.
 */
export function resolveSignalOtlp(
  signal: SignalName,
  path: string,
  own: SharedOtlpOption | undefined,
  shared: SharedOtlpOption | undefined,
  exporter: ResolvedExporter,
  env: Env,
  sources: Sources,
): ResolvedOtlp {
  const isOtlp = exporter === 'otlp' || exporter === 'otlp-proto';
  // The OTLP variables concern only a signal that exports over OTLP: a malformed one must not stop another.
  if (!isOtlp) env = {};
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
    const fromEnv = readOtlpTimeout(env, signal);
    if (fromEnv !== undefined) {
      timeoutMs = checkNumber(envLabel(fromEnv.name), fromEnv.value, POSITIVE_DURATION);
      sources[`${path}.timeoutMs`] = 'env';
    }
  }
  return { url, headers: headers ?? {}, timeoutMs: timeoutMs ?? DEFAULTS.otlp.timeoutMs };
}

/** The traces URL of the options, as the URL of `signal`: kept for traces, its `/v1/traces` swapped otherwise. */
function sharedUrl(url: string | undefined, signal: SignalName): string | undefined {
  if (url === undefined || signal === 'traces') return url;
  const suffix = `/${OTLP_PATHS.traces}`;
  return url.endsWith(suffix) ? `${url.slice(0, -suffix.length)}/${OTLP_PATHS[signal]}` : undefined;
}
