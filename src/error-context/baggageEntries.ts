import type { BaggageEntry } from '@opentelemetry/api';
import { REDACTED } from './redaction.js';
import type { ContextFields } from './types.js';

// W3C baggage limits as the OpenTelemetry propagator applies them: an entry (`key=value`,
// percent-encoded) longer than this, or one that would take the header past the total, is
// silently left out. Values are cut to fit here instead, so every propagated key arrives.
const MAX_ENTRY_LENGTH = 4096;
const MAX_HEADER_LENGTH = 8192;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The baggage form of a context value: primitives as strings, anything else not propagated. */
function baggageValue(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      // `encodeURIComponent` throws on a lone surrogate; it becomes U+FFFD as in UTF-8.
      return value.replace(LONE_SURROGATE, '\uFFFD');
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    default:
      return undefined;
  }
}

/** The longest prefix of `value` (whole code points) whose percent-encoded form has at most `budget` characters. */
function fitEncoded(value: string, budget: number): string {
  if (encodeURIComponent(value).length <= budget) return value;
  let used = 0;
  let end = 0;
  for (const char of value) {
    used += encodeURIComponent(char).length;
    if (used > budget) break;
    end += char.length;
  }
  return value.slice(0, end);
}

/**
 * The baggage entries for the `propagateKeys` that `fields` has (string, number, boolean
 * or BigInt values), in `propagateKeys` order, each value cut by `cutString` and then to
 * what fits the W3C entry and header limits once percent-encoded; the value of a secret
 * key travels as `'[REDACTED]'`. A key whose name alone leaves no room is left out.
 *
 * @example
 * baggageEntries({ requestId: 'r 1', user: {} }, ['requestId', 'user'], (s) => s, () => false); // { requestId: { value: 'r 1' } }
 */
export function baggageEntries(
  fields: Readonly<ContextFields>,
  propagateKeys: readonly string[],
  cutString: (value: string) => string,
  isSecretKey: (key: string) => boolean,
): Record<string, BaggageEntry> | undefined {
  let entries: Record<string, BaggageEntry> | undefined;
  let headerLength = 0;
  for (const key of propagateKeys) {
    const given = baggageValue(fields[key]);
    if (given === undefined) continue;
    const raw = isSecretKey(key) ? REDACTED : given;
    const separator = entries === undefined ? 0 : 1;
    const budget = Math.min(MAX_ENTRY_LENGTH, MAX_HEADER_LENGTH - headerLength - separator) - encodeURIComponent(key).length - 1;
    if (budget < 1) continue;
    const value = fitEncoded(cutString(raw), budget);
    if (value === '') continue;
    (entries ??= {})[key] = { value };
    headerLength += separator + encodeURIComponent(key).length + 1 + encodeURIComponent(value).length;
  }
  return entries;
}
