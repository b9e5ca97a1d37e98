/** Short, safe description of a value for a TypeError message. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return `an object (${Object.prototype.toString.call(value)})`;
  if (typeof value === 'function') return 'a function';
  // Numbers, booleans, bigints, symbols and undefined say what they are by themselves: `5`, `undefined`.
  if (typeof value === 'bigint') return `${String(value)}n`;
  return String(value);
}

/** True for `{}`-like objects (plain objects, class instances); false for arrays, maps, dates, null. */
export function isFieldRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  // Fast answer for the common literal; the tag check covers class instances and other realms.
  return Object.getPrototypeOf(value) === Object.prototype || Object.prototype.toString.call(value) === '[object Object]';
}

/** Throws a TypeError naming the argument unless `value` is a record of fields. */
export function requireFields(call: string, name: string, value: unknown): asserts value is Record<string, unknown> {
  if (!isFieldRecord(value)) {
    throw new TypeError(`${call}: ${name} must be a plain object of fields, got ${describeValue(value)}`);
  }
}

/** Throws a TypeError naming the argument unless `value` is a function. */
export function requireFunction(call: string, name: string, value: unknown): asserts value is (...args: never[]) => unknown {
  if (typeof value !== 'function') {
    throw new TypeError(`${call}: ${name} must be a function, got ${describeValue(value)}`);
  }
}
