import { invalidArgument } from './inputErrors.js';

/**
 * An event name in canonical form: `parts` split at every dot, and the dotted `key`
 * used for every lookup. `['db', 'query']`, `'db.query'` and `['db.query']` are one event.
 */
export interface NormalizedName {
  readonly parts: readonly string[];
  readonly key: string;
}

const ALLOWED_NAME = 'a non-empty array of non-empty strings, or a dotted string without empty parts';
// Normalized names are memoized by dotted key; past this size the memo starts over, so a
// stream of distinct names cannot grow it without bound.
const MAX_CACHED_NAMES = 4096;

/** Normalizes event names once and memoizes the result per dotted key. One per instance. */
export class EventNames {
  readonly #byKey = new Map<string, NormalizedName>();

  /**
   * The canonical form of `event` (an array of strings or a dotted string).
   * @param argument the parameter name shown in the `TypeError` for bad input.
   */
  normalize(event: unknown, argument = 'event'): NormalizedName {
    if (typeof event === 'string') return this.#fromKey(event, event, argument);
    if (Array.isArray(event)) return this.#fromKey(joinParts(event, argument), event, argument);
    throw invalidArgument(argument, event, ALLOWED_NAME);
  }

  /** `prefix` followed by `name`: `concat(['app'], ['db', 'query'])` is `['app', 'db', 'query']`. */
  concat(prefix: NormalizedName, name: NormalizedName): NormalizedName {
    const key = `${prefix.key}.${name.key}`;
    return this.#fromKey(key, key, 'event');
  }

  #fromKey(key: string, given: unknown, argument: string): NormalizedName {
    const cached = this.#byKey.get(key);
    if (cached !== undefined) return cached;
    const parts = key.split('.');
    for (const part of parts) {
      if (part === '') throw invalidArgument(argument, given, ALLOWED_NAME);
    }
    const name: NormalizedName = Object.freeze({ parts: Object.freeze(parts), key });
    if (this.#byKey.size >= MAX_CACHED_NAMES) this.#byKey.clear();
    this.#byKey.set(key, name);
    return name;
  }
}

function joinParts(parts: readonly unknown[], argument: string): string {
  if (parts.length === 0) throw invalidArgument(argument, parts, ALLOWED_NAME);
  let key = '';
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index];
    if (typeof part !== 'string' || part === '') {
      throw invalidArgument(`${argument}[${index}]`, part, 'a non-empty string');
    }
    key = index === 0 ? part : `${key}.${part}`;
  }
  return key;
}
