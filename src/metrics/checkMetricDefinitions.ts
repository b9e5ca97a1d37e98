import type { MetricDefinition } from '../config/options.js';

/**
 * Refuses, at creation, a metric that would export secrets: a tag whose key matches the
 * redaction rules (`errorContext.redact`). Redacting its values instead would export one
 * useless `'[REDACTED]'` series and hide the mistake.
 *
 * @throws TypeError naming the definition, its name and the tag.
 */
export function checkMetricDefinitions(definitions: readonly MetricDefinition[], isSecretKey: (key: string) => boolean): void {
  definitions.forEach((definition, index) => {
    for (const tag of definition.tags) {
      if (!isSecretKey(tag)) continue;
      throw new TypeError(
        `createTelemetry: metrics.definitions[${index}] ('${definition.name}'): tag "${tag}" matches errorContext.redact; ` +
          'its values would be exported. Remove it from tags (tagValues can export a value derived from it under another key).',
      );
    }
  });
}
