import type { EventName } from '../sampled/types.js';

/**
 * The array form of an event name (`'db.query'` -> `['db', 'query']`); throws a
 * `TypeError` naming `argument` when `event` is not a valid name.
 */
export function toEventPath(event: EventName, argument: string): readonly string[] {
  const path = typeof event === 'string' ? event.split('.') : event;
  if (!Array.isArray(path) || path.length === 0 || !path.every((part) => typeof part === 'string' && part !== '')) {
    throw new TypeError(
      `${argument} must be an event name (a non-empty array of non-empty strings, or a dotted string), got ${describeValue(event)}`,
    );
  }
  return path;
}

export function sameEventPath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((part, index) => part === b[index]);
}

/** The dotted form used in messages: `['db', 'query']` -> `db.query`. */
export function eventLabel(path: readonly string[]): string {
  return path.join('.');
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((part) => (typeof part === 'string' ? JSON.stringify(part) : String(part))).join(', ')}]`;
  return String(value);
}
