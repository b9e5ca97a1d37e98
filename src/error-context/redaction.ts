import { types } from 'node:util';
import type { ResolvedErrorContextConfig } from '../config/options.js';
import { isError, readProperty, stringOf } from '../untrustedValue.js';
import type { ErrorContextCounters } from './counters.js';

/** What a value under a redacted key becomes. */
export const REDACTED = '[REDACTED]';
/** What a reference back to an enclosing object becomes. */
export const CIRCULAR = '[Circular]';
/** What an object nested deeper than {@link MAX_DEPTH} becomes. */
export const TOO_DEEP = '[MaxDepth]';
/** What a value whose getter or proxy throws becomes. */
export const UNREADABLE = '[Unreadable]';
/** Nesting depth kept in redacted copies; context is for identifiers, not documents. */
export const MAX_DEPTH = 8;
// Distinct keys remembered per instance; context keys are a small, stable set in practice.
const MAX_CACHED_KEYS = 2048;
const SEPARATORS = /[\s_.-]/g;
const dateTime = Date.prototype.getTime;

/**
 * Makes copies of context values that are safe to put on errors, span attributes and log
 * lines: secrets hidden, strings cut, key counts bounded, cycles and BigInts harmless.
 */
export interface Redactor {
  /** True when values stored under `key` are hidden. */
  isSecretKey(key: string): boolean;
  /** Redacted copy of a record: at most `maxKeys` keys (first ones in order), values as {@link redactValue}. */
  redactFields(fields: Readonly<Record<string, unknown>>): Record<string, unknown>;
  /** Redacted copy of any value: strings cut, BigInt as string, nested keys redacted, cycles marked. */
  redactValue(value: unknown): unknown;
  /** `value` cut to `maxValueLength` characters (never splitting a surrogate pair). */
  cutString(value: string): string;
}

function normalizeKey(key: string): string {
  return key.toLowerCase().replace(SEPARATORS, '');
}

/** A RegExp without `g`/`y`, so `test` keeps no state between keys. */
function statelessRegExp(pattern: RegExp): RegExp {
  return pattern.global || pattern.sticky ? new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, '')) : pattern;
}

/**
 * Creates the redactor of one instance. A string pattern matches a key when the key,
 * lowercased and with spaces, `_`, `-` and `.` removed, contains the pattern normalized the
 * same way (`'api key'` matches `apiKey`, `api_key`, `X-Api-Key`, `api.key`); a RegExp is tested
 * against the key as written.
 *
 * @example
 * const redactor = createRedactor({ redact: ['password'], maxValueLength: 8, maxKeys: 64, ... }, counters);
 * redactor.redactFields({ userPassword: 'x', note: 'a long note' }); // { userPassword: '[REDACTED]', note: 'a long n' }
 */
export function createRedactor(config: ResolvedErrorContextConfig, counters: ErrorContextCounters): Redactor {
  const substrings = config.redact.filter((p): p is string => typeof p === 'string').map(normalizeKey).filter(Boolean);
  const patterns = config.redact.filter((p): p is RegExp => p instanceof RegExp).map(statelessRegExp);
  const { maxValueLength, maxKeys } = config;
  const secretKeys = new Map<string, boolean>();

  function isSecretKey(key: string): boolean {
    const known = secretKeys.get(key);
    if (known !== undefined) return known;
    const normalized = normalizeKey(key);
    const secret = substrings.some((s) => normalized.includes(s)) || patterns.some((p) => p.test(key));
    if (secretKeys.size >= MAX_CACHED_KEYS) secretKeys.clear();
    secretKeys.set(key, secret);
    return secret;
  }

  function cutString(value: string): string {
    if (value.length <= maxValueLength) return value;
    counters.valuesCut += 1;
    let end = maxValueLength;
    const last = value.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff) end -= 1;
    return value.slice(0, end);
  }

  function copyObject(source: object, depth: number, seen: Set<object>): Record<string, unknown> {
    const copy: Record<string, unknown> = {};
    const keys = Object.keys(source);
    const kept = Math.min(keys.length, maxKeys);
    if (keys.length > kept) counters.keysDropped += keys.length - kept;
    for (let i = 0; i < kept; i += 1) {
      const key = keys[i] as string;
      let value: unknown;
      try {
        value = isSecretKey(key) ? REDACTED : copyValue((source as Record<string, unknown>)[key], depth + 1, seen);
      } catch {
        value = UNREADABLE;
      }
      // A key named __proto__ must stay data, not become the copy's prototype.
      if (key === '__proto__') Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
      else copy[key] = value;
    }
    return copy;
  }

  function copyValue(value: unknown, depth: number, seen: Set<object>): unknown {
    switch (typeof value) {
      case 'string':
        return cutString(value);
      case 'bigint':
        return cutString(value.toString());
      case 'symbol':
        return value.toString();
      case 'function': {
        const name = readProperty(value, 'name');
        return `[Function ${typeof name === 'string' && name !== '' ? name : 'anonymous'}]`;
      }
      case 'object':
        break;
      default:
        return value;
    }
    if (value === null) return null;
    if (seen.has(value)) return CIRCULAR;
    if (depth >= MAX_DEPTH) return TOO_DEEP;
    // Tests that cannot throw (a revoked Proxy refuses `instanceof`), and the intrinsic `getTime`.
    if (types.isDate(value)) return new Date(dateTime.call(value));
    if (isError(value)) return cutString(`${stringOf(readProperty(value, 'name'))}: ${stringOf(readProperty(value, 'message'))}`);
    seen.add(value);
    try {
      if (Array.isArray(value)) {
        const kept = Math.min(value.length, maxKeys);
        if (value.length > kept) counters.keysDropped += value.length - kept;
        const copy = new Array<unknown>(kept);
        for (let i = 0; i < kept; i += 1) {
          try {
            copy[i] = copyValue(value[i], depth + 1, seen);
          } catch {
            copy[i] = UNREADABLE;
          }
        }
        return copy;
      }
      return copyObject(value, depth, seen);
    } catch {
      return UNREADABLE;
    } finally {
      // Only ancestors count as cycles: a value referenced twice side by side is copied twice.
      seen.delete(value);
    }
  }

  return {
    isSecretKey,
    cutString,
    redactValue: (value) => copyValue(value, 0, new Set()),
    redactFields(fields) {
      const seen = new Set<object>([fields]);
      try {
        return copyObject(fields, 0, seen);
      } catch {
        return {};
      }
    },
  };
}
