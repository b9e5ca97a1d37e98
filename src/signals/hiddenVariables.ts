/** The OTLP variables the configuration reads, by its own rules, for each signal. */
export const OTLP_VARIABLES = Object.freeze(
  ['', 'TRACES_', 'LOGS_', 'METRICS_'].flatMap((signal) =>
    ['ENDPOINT', 'HEADERS', 'TIMEOUT', 'PROTOCOL'].map((setting) => `OTEL_EXPORTER_OTLP_${signal}${setting}`),
  ),
);

/** The sampler variables the configuration reads. */
export const SAMPLER_VARIABLES = Object.freeze(['OTEL_TRACES_SAMPLER', 'OTEL_TRACES_SAMPLER_ARG']);

/**
 * Builds an OpenTelemetry object with the variables `names` out of its sight. Some SDK
 * classes read the environment again when they are built, even when every setting is
 * given: `BasicTracerProvider` parses `OTEL_TRACES_SAMPLER` (and logs an error for a value
 * such as `ALWAYS_OFF` that the configuration has read correctly), and the OTLP exporters
 * merge the headers of `OTEL_EXPORTER_OTLP_HEADERS` under those they are given (so an
 * option could not replace them, and a header the configuration refused would come back).
 * The configuration has read these variables already; they are put back as they were
 * before `build` returns, and `build` is synchronous, so no other code sees them missing.
 */
export function buildWithVariablesHidden<T>(names: readonly string[], build: () => T): T {
  const env = process.env;
  const hidden: Array<[string, string]> = [];
  for (const name of names) {
    const value = env[name];
    if (value === undefined) continue;
    hidden.push([name, value]);
    delete env[name];
  }
  try {
    return build();
  } finally {
    for (const [name, value] of hidden) env[name] = value;
  }
}
