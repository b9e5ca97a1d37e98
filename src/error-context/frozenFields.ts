import { copyFields } from '../context/fieldMerge.js';
import type { ContextFields } from './types.js';

/**
 * A frozen copy of the own enumerable fields of `base` then `overrides` (later wins).
 * Built by `Object.assign` onto a fresh object rather than by spread: V8 freezes objects
 * built this way several times faster, and this runs on every `withContext`. A
 * `__proto__` field stays a field.
 */
export function frozenFields(base: Readonly<ContextFields> | undefined, overrides?: Readonly<ContextFields>): Readonly<ContextFields> {
  const copy: ContextFields = {};
  if (base !== undefined) copyFields(copy, base);
  if (overrides !== undefined) copyFields(copy, overrides);
  return Object.freeze(copy);
}
