/** `String(value)` that never throws (objects without a prototype, throwing `toString`). */
export function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** The error's class name (`'TypeError'`, `'CardDeclinedError'`) or, for non-objects, `typeof` (`null` is `'null'`). */
export function errorTypeOf(error: unknown): string {
  if (error === null) return 'null';
  if (typeof error !== 'object') return typeof error;
  try {
    const name: unknown = (error as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof name === 'string' && name !== '' ? name : 'Object';
  } catch {
    return 'Object';
  }
}
